"""core.korean: the name key guests are compared by, and particles by the last syllable."""

import pytest

from core.korean import name_key, normalise, particle, with_particle


@pytest.mark.parametrize(
    "variant",
    ["하늘", "하 늘", "하늘\u200b", " 하\u200d늘 ", "하늘!", "ㅎㅏㄴㅡㄹ", "하늘", "하\u3164늘"],
)
def test_name_variants_have_the_key_of_the_plain_name(variant):
    assert name_key(variant) == name_key("하늘")


@pytest.mark.parametrize("other", ["하늘이", "바다", "하눌", "ㅎㄴ"])
def test_different_names_have_different_keys(other):
    assert name_key(other) != name_key("하늘")


def test_case_and_full_width_letters_are_folded():
    assert name_key("ＡＤＭＩＮ") == name_key("Admin") == name_key("a d m i n")


def test_normalise_keeps_punctuation_for_blocked_words():
    assert normalise("스 팸!") == "스팸!"


@pytest.mark.parametrize(
    "word, given, expected",
    [
        ("경주", "을", "를"),
        ("서울", "를", "을"),
        ("하늘", "는", "은"),
        ("바다", "은", "는"),
        ("글", "가", "이"),
        ("여행", "가", "이"),
        ("커피", "이", "가"),
        ("책", "와", "과"),
        ("나무", "과", "와"),
        ("“가을 경주”", "이", "가"),  # closing quote skipped
        ("「제주 올레」", "이", "가"),
        ("Python", "는", "은"),
        ("Django", "은", "는"),
        ("2026", "는", "은"),  # 육
        ("2", "은", "는"),  # 이
    ],
)
def test_particle_follows_the_last_syllable(word, given, expected):
    assert particle(word, given) == expected


def test_with_particle_joins_the_word():
    assert with_particle("경주", "을") == "경주를"
    assert with_particle('"가을 경주 당일치기 여행"', "가") == '"가을 경주 당일치기 여행"이'

"""Korean text rules every app needs: comparing what people type (normalise, name_key)
and choosing a particle by the last syllable of a word (with_particle)."""

import re
import unicodedata

from django.utils.safestring import SafeData, mark_safe

# Characters that show nothing: zero-width spaces and joiners, the soft hyphen, the BOM, the
# Mongolian vowel separator, and the Hangul fillers (a "name" of U+3164 looks empty).
INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u3164\u115f\u1160\uffa0"), None
)


def normalise(text):
    """NFKC, lower case, no invisible characters and no white space at all: "스 팸",
    "ｓｐａｍ" and "s\u200bpam" all become comparable with "스팸" / "spam"."""
    text = unicodedata.normalize("NFKC", text or "").translate(INVISIBLE).casefold()
    return "".join(text.split())


_JAMO_PREFIXES = ("HANGUL CHOSEONG ", "HANGUL JUNGSEONG ", "HANGUL JONGSEONG ", "HANGUL LETTER ")


def _jamo_letter(char):
    """The letter a Hangul jamo stands for, whatever its block and position: ㄹ (compatibility
    jamo), ᄅ (initial) and ᆯ (final) are all "RIEUL"."""
    name = unicodedata.name(char, "")
    for prefix in _JAMO_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return None


def name_key(text):
    """What two nicknames are compared by: `normalise`, then punctuation, symbols and
    format characters dropped, then Hangul spelled out letter by letter, so that "하 늘",
    "하늘\u200b", "하늘!" and "ㅎㅏㄴㅡㄹ" (compatibility jamo) all give the key of "하늘"."""
    parts = []
    for char in unicodedata.normalize("NFKD", normalise(text)):
        category = unicodedata.category(char)
        if category[0] in "PSZC" or (category == "Mn" and not _jamo_letter(char)):
            continue
        letter = _jamo_letter(char)
        parts.append(f"<{letter}>" if letter else char)
    return "".join(parts)


# -- particles ---------------------------------------------------------------------------
# (after a final consonant, after a vowel)
PARTICLES = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
}
# How a final letter or digit is read aloud ends: with a consonant (True) or a vowel.
# Read aloud, a Latin word ends in a final consonant mostly after l, m, n (Python → 파이썬이,
# HTML → 에이치티엠엘이); after other letters Koreans add a vowel (blog → 블로그가).
_LATIN_FINAL_CONSONANT = set("lmn")
_DIGIT_FINAL_CONSONANT = set("013678")  # 영, 일, 삼, 육, 칠, 팔 end in a consonant


def has_final_consonant(word):
    """Whether `word` ends in a syllable with a final consonant (받침), as it is read aloud.
    Trailing quotes, brackets and spaces are skipped; a word with no letter counts as
    ending in a vowel."""
    for char in reversed(word or ""):
        if "\uac00" <= char <= "\ud7a3":
            return (ord(char) - 0xAC00) % 28 != 0
        if char.isdigit():
            return char in _DIGIT_FINAL_CONSONANT
        if char.isalpha():
            return char.lower() in _LATIN_FINAL_CONSONANT
    return False


def particle(word, particle):
    """The form of `particle` (은/는, 이/가, 을/를, 와/과: either form may be given) that
    follows `word`: particle("하늘", "이") == "이", particle("글", "가") == "이"."""
    after_consonant, after_vowel = PARTICLES[particle]
    return after_consonant if has_final_consonant(word) else after_vowel


def with_particle(word, particle_form):
    """`word` followed by the right form of the particle: with_particle("경주", "을") ==
    "경주를". A closing quote stays between: with_particle("“여행”", "이") == "“여행”이"."""
    return f"{word}{particle(word, particle_form)}"


# A quoted name directly followed by a particle, as in Django's admin messages
# (글 "가을 경주 당일치기 여행"가 …): the translator could not know the name's last syllable.
# The name may be HTML (the admin links it), so the syllable is read from the text only.
_QUOTE_PARTICLE_RE = re.compile(r"(?<=[\"”」』’'])[은는이가을를와과](?=[\s.,!?]|$)")
_TAG_RE = re.compile(r"<[^>]*>")


def fix_particles(text):
    """`text` with every particle right after a closing quote chosen by the last syllable
    of what is quoted. Safe HTML stays safe (only particle characters change)."""

    def choose(match):
        before = _TAG_RE.sub("", text[: match.start() - 1])
        return particle(before, match.group())

    fixed = _QUOTE_PARTICLE_RE.sub(choose, text)
    return mark_safe(fixed) if isinstance(text, SafeData) else fixed


# -- particles attached to a searched word -----------------------------------------------------
# (particle, needs the stem to end in: "consonant", "vowel", or None for either). Longest first,
# so 에서 is tried before 서 would be (there is no 서) and 으로 before 로.
SEARCH_PARTICLES = (
    ("에서", None),
    ("에게", None),
    ("까지", None),
    ("부터", None),
    ("처럼", None),
    ("보다", None),
    ("으로", "consonant"),
    ("로", "vowel_or_rieul"),
    ("에", None),
    ("의", None),
    ("도", None),
    ("만", None),
    ("을", "consonant"),
    ("를", "vowel"),
    ("은", "consonant"),
    ("는", "vowel"),
    ("이", "consonant"),
    ("가", "vowel"),
    ("과", "consonant"),
    ("와", "vowel"),
)


def _final_is_rieul(char):
    return "\uac00" <= char <= "\ud7a3" and (ord(char) - 0xAC00) % 28 == 8


def strip_particle(word):
    """`word` without one particle at its end, or None when it has none: "경주에서" →
    "경주", "불국사를" → "불국사", "책을" → "책". The stem must be Hangul and agree with the
    particle (을 after a final consonant, 를 after a vowel …), so "나이" (age) is not
    나 + 이; a stem of one syllable only for a particle that agrees by 받침."""
    for ending, needs in SEARCH_PARTICLES:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if not stem or not all("\uac00" <= c <= "\ud7a3" for c in stem):
            continue
        final = has_final_consonant(stem)
        if needs == "consonant" and not final:
            continue
        if needs == "vowel" and final:
            continue
        if needs == "vowel_or_rieul" and final and not _final_is_rieul(stem[-1]):
            continue
        if len(stem) < 2 and needs is None:
            continue
        return stem
    return None

"""Reading time for Korean-first posts.

Korean is not read word by word the way English is: an eojeol (a "word" between spaces)
can be one syllable or eight, so counting words badly underestimates a Korean text.
We count characters instead. Assumption, after the usual figures for silent reading of
Korean prose (studies of adult readers put it at roughly 500-600 syllables a minute for
screen text; we take the lower end because blog readers skim less than test subjects):

    Hangul (and CJK ideographs): HANGUL_CHARS_PER_MINUTE = 500 characters a minute
    Latin and other space-separated text: LATIN_WORDS_PER_MINUTE = 200 words a minute

A mixed text adds both, rounded to whole minutes; a post always takes at least one minute.
"""

import math
import re

HANGUL_CHARS_PER_MINUTE = 500
LATIN_WORDS_PER_MINUTE = 200

# Hangul syllables, Jamo and compatibility Jamo, plus CJK ideographs (Hanja) and kana.
_HANGUL_RE = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    r"\uac00-\ud7af\ud7b0-\ud7ff]"
)
# A "word" of any other script: letters or digits, with inner apostrophes and hyphens.
_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def reading_minutes(text):
    """Whole minutes to read plain `text` (no HTML), at least 1."""
    text = text or ""
    hangul = len(_HANGUL_RE.findall(text))
    # Whatever is left once the Hangul is gone is read word by word.
    words = len(_WORD_RE.findall(_HANGUL_RE.sub(" ", text)))
    minutes = hangul / HANGUL_CHARS_PER_MINUTE + words / LATIN_WORDS_PER_MINUTE
    # Rounded half up: 1,200 Hangul characters (2.4 minutes) read as "2 min".
    return max(1, math.floor(minutes + 0.5))

"""Unicode script classes for Korean text, with the correct Hangul ranges.

Hangul = syllables U+AC00–U+D7A3 plus the jamo blocks U+1100–11FF, U+3130–318F, U+A960–A97F,
U+D7B0–D7FF. (``[ㄱ-힣]`` is wrong: it spans non-Hangul code points and misses the extended jamo.)
Counting goes through ``re.sub`` over whole strings because a per-character Python loop is ~10×
slower.
"""

import re

HANGUL_SYLLABLES = "\uac00-\ud7a3"
HANGUL_JAMO = "\u1100-\u11ff"
COMPAT_JAMO = "\u3130-\u318f"
JAMO_EXT_A = "\ua960-\ua97f"
JAMO_EXT_B = "\ud7b0-\ud7ff"
HANGUL_CLASS = f"{HANGUL_SYLLABLES}{HANGUL_JAMO}{COMPAT_JAMO}{JAMO_EXT_A}{JAMO_EXT_B}"
HANJA_CLASS = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
LATIN_CLASS = "A-Za-z\u00c0-\u024f"

_NOT_HANGUL = re.compile(f"[^{HANGUL_CLASS}]+")
_NOT_HANJA = re.compile(f"[^{HANJA_CLASS}]+")
_NOT_LATIN = re.compile(f"[^{LATIN_CLASS}]+")
_NOT_COMPAT_JAMO = re.compile(f"[^{COMPAT_JAMO}]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
# U+FFFD (a decoder's replacement), NUL and C0 controls other than tab, newline, CR and form feed.
INVALID = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]")


def count_hangul(text: str) -> int:
    return len(_NOT_HANGUL.sub("", text))


def count_hanja(text: str) -> int:
    return len(_NOT_HANJA.sub("", text))


def count_latin(text: str) -> int:
    return len(_NOT_LATIN.sub("", text))


def count_compat_jamo(text: str) -> int:
    return len(_NOT_COMPAT_JAMO.sub("", text))


def count_letters(text: str) -> int:
    """Letters of any script (Unicode ``\\w`` minus digits and underscore)."""
    return len(_NOT_LETTER.sub("", text))


def count_invalid(text: str) -> int:
    """Replacement characters and control characters that have no place in training text."""
    return len(INVALID.findall(text))


def is_hangul_char(ch: str) -> bool:
    return _NOT_HANGUL.fullmatch(ch) is None



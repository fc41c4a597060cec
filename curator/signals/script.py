"""Script shares, jamo runs and mojibake.

Mojibake: Korean UTF-8 or CP949 bytes decoded as Latin-1/CP1252 turn into runs of Latin-1
Supplement and CP1252 punctuation ("ëŒ€í•œë¯¼êµ­"). A run is scored as mojibake only when
re-encoding it and decoding it as UTF-8 or CP949 really gives Hangul, so accented European text
is not flagged.
"""

import re

from curator.korean.script import COMPAT_JAMO, count_compat_jamo, count_hangul, count_hanja, count_latin, count_letters, count_invalid

_CP1252_SPECIALS = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_SPECIALS}]{{2,}}")
_JAMO_RUN = re.compile(f"[{COMPAT_JAMO}]{{3,}}")
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")

SCHEMA = {
    "n_lines": "int64", "hangul_ratio": "float64", "hanja_ratio": "float64", "latin_ratio": "float64",
    "compat_jamo_ratio": "float64", "jamo_run_ratio": "float64", "mojibake_ratio": "float64",
    "invalid_chars": "int64",
}


def _run_bytes(run: str) -> bytes:
    out = bytearray()
    for ch in run:
        if ord(ch) < 256:
            out.append(ord(ch))
        else:
            out += ch.encode("cp1252", errors="ignore")
    return bytes(out)


def mojibake_chars(text: str) -> int:
    """Characters in runs that decode back to Hangul when read as UTF-8 or CP949 bytes."""
    total = 0
    for m in _MOJIBAKE_RUN.finditer(text):
        raw = _run_bytes(m.group())
        for codec in ("utf-8", "cp949"):
            fixed = raw.decode(codec, errors="replace")
            if len(_HANGUL_SYLLABLE.findall(fixed)) * 2 >= len(fixed.replace("\ufffd", "")) > 0:
                total += len(m.group())
                break
    return total


def script_signals(text: str) -> dict[str, float]:
    letters = count_letters(text)
    non_space = max(1, len(text) - sum(text.count(c) for c in " \n\t\r"))
    return {
        "n_lines": text.count("\n") + 1 if text else 0,
        "hangul_ratio": count_hangul(text) / letters if letters else 0.0,
        "hanja_ratio": count_hanja(text) / letters if letters else 0.0,
        "latin_ratio": count_latin(text) / letters if letters else 0.0,
        "compat_jamo_ratio": count_compat_jamo(text) / letters if letters else 0.0,
        "jamo_run_ratio": sum(len(r) for r in _JAMO_RUN.findall(text)) / non_space,
        "mojibake_ratio": mojibake_chars(text) / max(1, len(text)),
        "invalid_chars": count_invalid(text),
    }

"""Script shares, jamo runs and mojibake.

Mojibake: Korean UTF-8 or CP949 bytes decoded as Latin-1/CP1252 turn into runs of Latin-1
Supplement and CP1252 punctuation ("ëŒ€í•œë¯¼êµ­"). A run is scored as mojibake only when
re-encoding it and decoding it as UTF-8 or CP949 really gives Hangul, so accented European text
is not flagged.
"""

import re

import numpy as np
import pyarrow as pa

from curator.korean.script import COMPAT_JAMO, HANGUL_CLASS, HANJA_CLASS, LATIN_CLASS
from curator.signals.batch import TextBatch

_CP1252_SPECIALS = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
MOJIBAKE_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_SPECIALS}]{{2,}}")
JAMO_RUN = re.compile(f"[{COMPAT_JAMO}]{{3,}}")
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")

COLUMNS = {
    "n_lines": pa.int64(), "hangul_ratio": pa.float64(), "hanja_ratio": pa.float64(), "latin_ratio": pa.float64(),
    "compat_jamo_ratio": pa.float64(), "jamo_run_ratio": pa.float64(), "mojibake_ratio": pa.float64(),
    "invalid_chars": pa.int64(),
}


def _run_bytes(run: str) -> bytes:
    out = bytearray()
    for ch in run:
        if ord(ch) < 256:
            out.append(ord(ch))
        else:
            out += ch.encode("cp1252", errors="ignore")
    return bytes(out)


def mojibake_runs(text: str):
    """The runs (regex matches) that decode back to Hangul when read as UTF-8 or CP949 bytes."""
    for m in MOJIBAKE_RUN.finditer(text):
        raw = _run_bytes(m.group())
        for codec in ("utf-8", "cp949"):
            fixed = raw.decode(codec, errors="replace")
            if len(_HANGUL_SYLLABLE.findall(fixed)) * 2 >= len(fixed.replace("\ufffd", "")) > 0:
                yield m
                break


def mojibake_chars(text: str) -> int:
    """Characters in mojibake runs (``mojibake_runs``)."""
    return sum(len(m.group()) for m in mojibake_runs(text))


# Character classes of every BMP code point as bits, built once per process (≈ 30 ms) from the
# same regex classes as curator.korean.script, so both agree by construction.
LETTER, HANGUL, HANJA, LATIN, COMPAT, INVALID, SPACE, LATIN1 = 1, 2, 4, 8, 16, 32, 64, 128
_CLASS_PATTERNS = ((LETTER, r"[^\W\d_]"), (HANGUL, f"[{HANGUL_CLASS}]"), (HANJA, f"[{HANJA_CLASS}]"),
                   (LATIN, f"[{LATIN_CLASS}]"), (COMPAT, f"[{COMPAT_JAMO}]"),
                   (INVALID, "[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f]"), (SPACE, "[ \n\t\r]"),
                   (LATIN1, f"[\u0080-\u00ff{_CP1252_SPECIALS}]"))
_CLASSES = None


def _class_table() -> np.ndarray:
    global _CLASSES
    if _CLASSES is None:
        # every BMP code point once (surrogates as NUL), each class found by one re.sub that
        # marks its members with U+0001; U+0001 itself is then classified directly
        bmp = "".join(map(chr, range(0xD800))) + "\x00" * 0x800 + "".join(map(chr, range(0xE000, 0x10000)))
        table = np.zeros(0x10000, np.uint8)
        for bit, pattern in _CLASS_PATTERNS:
            marked = np.frombuffer(re.sub(pattern, "\x01", bmp).encode("utf-32-le"), np.uint32) == 1
            marked[1] = re.match(pattern, "\x01") is not None
            table[marked] |= bit
        table[0xD800:0xE000] = 0
        _CLASSES = table
    return _CLASSES


def compute(batch: TextBatch) -> dict[str, np.ndarray]:
    """Script shares, jamo runs, mojibake and invalid characters for a batch, as columns.

    Every code point of the batch is classified by one table lookup (the batch's UTF-32 view);
    code points above the BMP (rare) are checked one by one. Jamo runs and mojibake need a regex
    only in documents that have the characters they are made of.
    """
    texts, code_points = batch.texts, batch.code_points
    classes = _class_table()[np.minimum(code_points, 0xFFFF)]
    astral = np.flatnonzero(code_points > 0xFFFF)
    if len(astral):
        classes[astral] = [LETTER if re.match(r"[^\W\d_]", chr(c)) else 0 for c in code_points[astral].tolist()]

    def count(bit: int) -> np.ndarray:
        return batch.per_text((classes & bit) != 0)

    letters = count(LETTER)
    safe = np.maximum(letters, 1)
    lengths = batch.lengths
    compat, latin1 = count(COMPAT), count(LATIN1)
    return {
        "n_lines": np.array([len(lines) if t else 0 for t, lines in zip(texts, batch.lines)], np.int64),
        "hangul_ratio": np.where(letters > 0, count(HANGUL) / safe, 0.0),
        "hanja_ratio": np.where(letters > 0, count(HANJA) / safe, 0.0),
        "latin_ratio": np.where(letters > 0, count(LATIN) / safe, 0.0),
        "compat_jamo_ratio": np.where(letters > 0, compat / safe, 0.0),
        "jamo_run_ratio": np.array([sum(len(r) for r in JAMO_RUN.findall(t)) if c >= 3 else 0
                                    for t, c in zip(texts, compat.tolist())], np.float64)
                          / np.maximum(lengths - count(SPACE), 1),
        "mojibake_ratio": np.array([mojibake_chars(t) if c >= 2 else 0 for t, c in zip(texts, latin1.tolist())],
                                   np.float64) / np.maximum(lengths, 1),
        "invalid_chars": count(INVALID),
    }


def batch_script_signals(texts: list[str]) -> dict[str, np.ndarray]:
    return compute(TextBatch(texts))


def script_signals(text: str) -> dict[str, float]:
    """The signals of one text (``compute`` on a batch of one)."""
    cols = compute(TextBatch([text]))
    return {name: cols[name][0].item() for name in COLUMNS}

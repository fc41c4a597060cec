"""Matching normalisation, vectorised over a whole batch of texts.

A benchmark item and its copy on a web page differ in spacing (Korean eojeols are spaced loosely),
punctuation, line breaks, full-width forms (Ａ１ for A1) and case; the characters that carry the
meaning are the same. So a text is reduced to its letters and digits (Unicode categories L* and N*,
Hangul syllables, jamo and Hanja included), full-width ASCII folded to ASCII and ASCII lower-cased;
everything else is dropped. Each kept character remembers its position in the original text, which
is how a match becomes a span of the document.

Texts in a workspace are NFC already (the readers normalise); benchmark items are made NFC here.
The work is numpy over code points (UTF-32), not a Python loop per character: that is what makes
20 MB/s per core possible.
"""

import unicodedata
from dataclasses import dataclass

import numpy as np

_TABLES: tuple[np.ndarray, np.ndarray] | None = None  # built on first use (~30 ms)


def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(keep, fold) per BMP code point: ``keep`` is True for letters and digits (characters above
    the BMP, emoji and the like, are dropped: U+FFFF stands for them and is not kept); ``fold``
    maps full-width ASCII to ASCII and ASCII capitals to small letters, every other to itself."""
    global _TABLES
    if _TABLES is None:
        keep = np.zeros(0x10000, dtype=bool)
        for cp in range(0x10000):
            keep[cp] = unicodedata.category(chr(cp))[0] in "LN"
        keep[0xFF01:0xFF5F] = keep[0x21:0x7F]  # full-width ASCII: kept as its ASCII form is
        fold = np.arange(0x10000, dtype=np.uint64)
        fold[0xFF01:0xFF5F] -= np.uint64(0xFEE0)
        fold[0x41:0x5B] += np.uint64(0x20)
        fold[0xFF21:0xFF3B] += np.uint64(0x20)
        _TABLES = keep, fold
    return _TABLES


@dataclass
class Normalised:
    """The normalised characters of a batch of texts, back to back.

    ``values``: code points (uint64) of the kept characters; ``doc``: which text each came from;
    ``origin``: its position (code points, as ``str`` indexes) in that text; ``starts``: where each
    text's characters begin in ``values`` (len(texts) + 1 entries)."""

    values: np.ndarray
    doc: np.ndarray
    origin: np.ndarray
    starts: np.ndarray

    def length(self, i: int) -> int:
        return int(self.starts[i + 1] - self.starts[i])


def normalise(texts: list[str], nfc: bool = False) -> Normalised:
    """The matching form of every text of ``texts`` (``nfc``: apply NFC first, for benchmark text
    read from outside the workspace)."""
    if nfc:
        texts = [unicodedata.normalize("NFC", t) for t in texts]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    cps = np.minimum(np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32), np.uint32(0xFFFF))
    keep, fold = _tables()
    kept_at = np.flatnonzero(keep[cps])
    values = fold[cps[kept_at]]
    text_starts = np.concatenate([[0], np.cumsum(lengths)])
    doc = (np.searchsorted(text_starts, kept_at, side="right") - 1).astype(np.int32)
    origin = kept_at - text_starts[doc]
    starts = np.searchsorted(doc, np.arange(len(texts) + 1), side="left").astype(np.int64)
    return Normalised(values, doc, origin, starts)


def normalised_text(text: str) -> str:
    """One text's matching form as a string (for messages, tests and the README's example)."""
    n = normalise([text], nfc=True)
    return n.values.astype(np.uint32).tobytes().decode("utf-32-le")

"""Hashes of character n-grams of normalised text (normalize.py), vectorised.

A window of ``n`` consecutive kept characters of one text gets a 64-bit hash: a polynomial over
the code points (wrapping uint64 arithmetic), then a finaliser that spreads the bits, so the top
bits index the bit filter of index.py evenly. Windows that would cross from one text into the next
are left out. Cost: about 2n numpy operations per character, no Python per character.
"""

import numpy as np

_BASE = np.uint64(0x100000001B3)  # an odd multiplier (the FNV prime): invertible mod 2^64
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def _finalise(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit reaches every output bit."""
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(33)
    h *= _MIX2
    h ^= h >> np.uint64(33)
    return h


def ngram_hashes(values: np.ndarray, doc: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, start positions in ``values``) of every window of ``n`` characters inside one text."""
    count = len(values) - n + 1
    if count <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    with np.errstate(over="ignore"):
        h = values[:count].copy()
        for k in range(1, n):
            h *= _BASE
            h += values[k:k + count]
        h = _finalise(h)
    inside = np.flatnonzero(doc[:count] == doc[n - 1:n - 1 + count])
    return h[inside], inside.astype(np.int64)

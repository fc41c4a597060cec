"""Exact-text hashes and MinHash signatures over word n-gram shingles, vectorized with numpy.

Shingling, not hashing, is what costs in Python (DESIGN.md), so nothing here loops over words:
a batch's normalized text is one UTF-8 byte buffer; word boundaries come from a whitespace mask;
every word's bytes are read 8 at a time as integers and mixed (splitmix64); shingle hashes combine
n consecutive word hashes; a signature is, per hash function, the minimum
over a document's shingles (``np.minimum.reduceat``). ~10M shingles/s per core for 128 hashes.

Words are whitespace tokens of the text lower-cased with punctuation and symbols replaced by
spaces, so whitespace and punctuation edits do not change a document's shingles.
"""

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_BASE = np.uint64(0x100000001B3)  # odd, so invertible mod 2^64
EMPTY = np.uint32(0xFFFFFFFF)  # signature value of a document without words


def normalize_for_dedup(texts: pa.Array) -> pa.Array:
    """Lower-case, punctuation/symbols and Unicode spaces → ASCII space (vectorized, Arrow)."""
    lowered = pc.utf8_lower(texts)
    return pc.replace_substring_regex(lowered, r"[^\p{L}\p{N}\s]+", " ")  # 2x faster than [\pP\pS\pZ]


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer: spreads polynomial hashes over all 64 bits (in place)."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [2**64 - 1], dtype=np.uint64)


def _windows(windows: np.ndarray, positions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The 8 bytes at each position as a little-endian uint64, bytes past ``lengths`` zeroed.
    ``windows`` is an unaligned uint64 view of the bytes with stride 1 (one load per word)."""
    return windows[positions] & _KEEP[np.clip(lengths, 0, 8)]


def word_hashes(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of every word, index of its document) for a batch of normalized texts.

    A word's bytes are read 8 at a time as uint64 (two aligned loads and a shift), so the cost is
    per word, not per byte; words longer than 16 bytes take extra rounds over just those words.
    """
    texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    texts = pc.fill_null(texts, "")
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32, count=len(texts) + 1, offset=texts.offset * 4)
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]] if offsets[-1] else \
        np.zeros(0, np.uint8)
    offsets = (offsets - offsets[0]).astype(np.int64)
    n = len(data)
    if n == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    space = (data == 32) | ((data >= 9) & (data <= 13))
    edge = np.zeros(n + 1, dtype=bool)  # a document edge acts as whitespace
    edge[offsets] = True
    starts = np.flatnonzero(~space & (np.concatenate(([True], space[:-1])) | edge[:n]))
    ends = np.flatnonzero(~space & (np.concatenate((space[1:], [True])) | edge[1:])) + 1
    padded = np.zeros(n + 24, dtype=np.uint8)
    padded[:n] = data
    windows = np.ndarray(shape=(n + 16,), dtype=np.uint64, buffer=padded, strides=(1,))
    lengths = ends - starts
    hashes = lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    hashes += _windows(windows, starts, lengths) * np.uint64(0x632BE59BD9B4E019)
    hashes += _windows(windows, starts + 8, lengths - 8) * np.uint64(0xD6E8FEB86659FD93)
    hashes = mix(hashes)
    chunk = 2
    long_words = np.flatnonzero(lengths > 16)
    while len(long_words):
        pos = starts[long_words] + 8 * chunk
        rest = lengths[long_words] - 8 * chunk
        hashes[long_words] = mix(hashes[long_words] ^ _windows(windows, pos, rest))
        chunk += 1
        long_words = long_words[rest > 8]
    doc = np.searchsorted(offsets, starts, side="right") - 1
    return hashes, doc


def shingle_hashes(texts: pa.Array, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(32-bit hash of every word n-gram, its document); a document shorter than n words gets one
    shingle of all its words, a document without words none."""
    words, doc = word_hashes(texts)
    if len(words) == 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    m = len(words)
    if m >= n:
        combined = words[: m - n + 1].copy()
        for k in range(1, n):
            combined = combined * _BASE + words[k: m - n + 1 + k]
        full = doc[: m - n + 1] == doc[n - 1:]  # the n words lie in one document
        sh, sh_doc = combined[full], doc[: m - n + 1][full]
    else:
        sh, sh_doc = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    # documents with 1..n-1 words: one shingle over all their words
    counts = np.bincount(doc, minlength=int(doc[-1]) + 1)
    short = np.flatnonzero((counts > 0) & (counts < n))
    if len(short):
        first = np.searchsorted(doc, short)
        extra = np.zeros(len(short), dtype=np.uint64)
        for k in range(n - 1):
            take = k < counts[short]
            extra[take] = extra[take] * _BASE + words[first[take] + k]
        sh = np.concatenate([sh, extra])
        sh_doc = np.concatenate([sh_doc, short])
        order = np.argsort(sh_doc, kind="stable")
        sh, sh_doc = sh[order], sh_doc[order]
    return (mix(sh) >> np.uint64(32)).astype(np.uint32), sh_doc


class MinHasher:
    """``num_perm`` hash functions h_k(x) = a_k·x + b_k mod 2^32 (a_k odd: bijections of 32-bit
    ints) over shingle hashes that are already uniformly mixed."""

    def __init__(self, num_perm: int = 128, shingle_words: int = 5, seed: int = 1):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.mul = (rng.integers(0, 2**32, num_perm, dtype=np.uint64) | 1).astype(np.uint32)
        self.add = rng.integers(0, 2**32, num_perm, dtype=np.uint64).astype(np.uint32)

    def signatures(self, texts: pa.Array) -> np.ndarray:
        """(len(texts), num_perm) uint32; a document without words is all ``EMPTY``."""
        n_docs = len(texts)
        out = np.full((n_docs, self.num_perm), EMPTY, dtype=np.uint32)
        sh, sh_doc = shingle_hashes(normalize_for_dedup(texts), self.shingle_words)
        if len(sh) == 0:
            return out
        present, first = np.unique(sh_doc, return_index=True)
        buffer = np.empty_like(sh)
        for k in range(self.num_perm):  # in place: no temporaries per hash function
            np.multiply(sh, self.mul[k], out=buffer)
            np.add(buffer, self.add[k], out=buffer)
            out[present, k] = np.minimum.reduceat(buffer, first)
        return out


def text_hashes(texts: list[str]) -> list[int]:
    """64-bit hash of each text with whitespace runs collapsed: equal ⇔ exact duplicates."""
    return [int.from_bytes(hashlib.blake2b(" ".join(t.split()).encode("utf-8"), digest_size=8).digest(),
                           "big", signed=True) for t in texts]

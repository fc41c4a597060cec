"""One Kiwi per process, loaded lazily, fed bounded chunks so long documents cannot stall a batch.

Kiwi's cost grows faster than linearly on very long unbroken inputs, so every document is cut into
chunks of at most ``MAX_CHUNK`` characters at line breaks, then at sentence ends, then at spaces;
the whole batch of chunks goes to Kiwi in one call, and token offsets are mapped back to the
document. Results come back as flat per-batch columns (``Tokens``): building a Python object per
morpheme cost more than every signal computed from them. The typo and multi-word dictionaries are not loaded: signals do not need them, and
without them Kiwi is ~1.5× faster here (0.15 vs 0.10 MB/s per thread on legal text).
"""

import re
from operator import attrgetter
from typing import NamedTuple

import numpy as np

MAX_CHUNK = 1000
_SENTENCE_END = re.compile(r"(?<=[.!?。…다요])\s+")

_kiwi = None
_FORM, _TAG, _START, _LEN, _SCORE = (attrgetter(name) for name in ("form", "tag", "start", "len", "score"))


class Morph(NamedTuple):
    form: str
    tag: str
    start: int  # offset in the document
    length: int
    score: float


def get_kiwi():
    """This process's Kiwi (about 0.9 GB; created on first use)."""
    global _kiwi
    if _kiwi is None:
        from kiwipiepy import Kiwi

        _kiwi = Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)
    return _kiwi


def _split_long(piece: str, offset: int, out: list[tuple[int, str]]) -> None:
    while len(piece) > MAX_CHUNK:
        cut = piece.rfind(" ", 0, MAX_CHUNK)
        if cut <= 0:
            cut = MAX_CHUNK
        out.append((offset, piece[:cut]))
        piece, offset = piece[cut:], offset + cut
    if piece.strip():
        out.append((offset, piece))


def chunk_text(text: str) -> list[tuple[int, str]]:
    """(offset, chunk) pieces covering the text's non-blank lines, each ≤ MAX_CHUNK characters."""
    chunks: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= MAX_CHUNK:
                chunks.append((pos, line))
            else:
                start = 0
                current_start, current = 0, ""
                for match in _SENTENCE_END.finditer(line):
                    sentence = line[start:match.end()]
                    if len(current) + len(sentence) > MAX_CHUNK and current:
                        _split_long(current, pos + current_start, chunks)
                        current_start, current = start, ""
                    current += sentence
                    start = match.end()
                current += line[start:]
                _split_long(current, pos + current_start, chunks)
        pos += len(line) + 1
    return chunks


class Tokens(NamedTuple):
    """The morphemes of a batch of documents as flat columns, document after document.

    The tokens of document ``i`` are ``bounds[i]:bounds[i + 1]``; ``start`` is the offset in the
    document (not in the chunk Kiwi saw).
    """
    bounds: np.ndarray  # int64, len(texts) + 1
    forms: list[str]
    tags: list[str]
    start: np.ndarray  # int64
    length: np.ndarray  # int64
    score: np.ndarray  # float64

    @classmethod
    def from_morphs(cls, per_doc: list[list[Morph]]) -> "Tokens":
        flat = [m for morphs in per_doc for m in morphs]
        return cls(np.concatenate([[0], np.cumsum([len(m) for m in per_doc])]).astype(np.int64),
                   [m.form for m in flat], [m.tag for m in flat],
                   np.array([m.start for m in flat], np.int64), np.array([m.length for m in flat], np.int64),
                   np.array([m.score for m in flat], np.float64))

    def morphs(self, i: int) -> list[Morph]:
        lo, hi = int(self.bounds[i]), int(self.bounds[i + 1])
        return [Morph(*fields) for fields in zip(self.forms[lo:hi], self.tags[lo:hi], self.start[lo:hi].tolist(),
                                                 self.length[lo:hi].tolist(), self.score[lo:hi].tolist())]


def tokenize_batch(texts: list[str]) -> Tokens:
    """Morphemes of every text as flat columns; one Kiwi call for the whole batch."""
    chunk_doc: list[int] = []
    chunk_offset: list[int] = []
    pieces: list[str] = []
    for i, text in enumerate(texts):
        for offset, chunk in chunk_text(text):
            chunk_doc.append(i)
            chunk_offset.append(offset)
            pieces.append(chunk)
    forms: list[str] = []
    tags: list[str] = []
    starts: list[int] = []
    lengths: list[int] = []
    scores: list[float] = []
    counts: list[int] = []
    if pieces:
        for tokens in get_kiwi().tokenize(pieces):
            # one C-level attribute map per column: cheaper than a tuple per token and a transpose
            forms += map(_FORM, tokens)
            tags += map(_TAG, tokens)
            starts += map(_START, tokens)
            lengths += map(_LEN, tokens)
            scores += map(_SCORE, tokens)
            counts.append(len(tokens))
    per_doc = np.bincount(np.array(chunk_doc, np.int64), weights=np.array(counts, np.float64),
                          minlength=len(texts)).astype(np.int64) if pieces else np.zeros(len(texts), np.int64)
    start = np.array(starts, np.int64) + np.repeat(np.array(chunk_offset, np.int64), np.array(counts, np.int64))
    return Tokens(np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64), forms, tags, start,
                  np.array(lengths, np.int64), np.array(scores, np.float64))


def analyse(texts: list[str]) -> list[list[Morph]]:
    """Morphemes of every text as ``Morph`` lists (for the GUI and the tokenizer; signals use
    ``tokenize_batch``)."""
    tokens = tokenize_batch(texts)
    return [tokens.morphs(i) for i in range(len(texts))]

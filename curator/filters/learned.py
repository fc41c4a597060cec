"""A quality model learnt from the curator's accept/reject decisions (no I/O; pipeline/learn.py
reads and writes the workspace).

Features: the stored signals (log of the counts, then centred by the median and scaled by the
interquartile range of the whole workspace, clipped to ±5) and a content view of the text:
character 1- and 2-grams of the first ``TEXT_CHARS`` characters, digits folded, hashed into
``DIM`` buckets, log counts, L2-normalised per document (style: 니다, 했다, ㅋㅋ); and the words of
the whole document (eojeols with particles stripped, their first and last syllables, Latin words),
present or not, hashed into ``WORD_DIM`` more buckets (content: a subject, a keyword). All without
Kiwi and vectorised over a batch, so scoring costs a fraction of the analysis and ``learn`` can
score a finished workspace of a million documents without re-running Kiwi. The learner is
scikit-learn's logistic regression (decisions weighed alike, penalty L1 or L2 and C chosen by stratified
cross-validation, lowest held-out log loss, fixed folds: the same decisions give the same model) on
the features with each content column weighed by how strongly it goes with one kind of decision
(``evidence``), without the decisions the cross-validation confidently contradicts (``doubtful``:
probably the curator's mistakes, which ``learn`` lists); scoring is a dot product in numpy, so
``run`` and the app need only the saved weights.

``learned_quality`` = the model's probability that the curator would accept the document.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

import numpy as np

from curator.errors import CuratorError
from curator.filters.defaults import STARTING_RULES

BITS = 18
DIM = 1 << BITS  # hashed n-gram buckets
TEXT_CHARS = 2000
SIGNAL = "learned_quality"
RULE = "quality:learned"
THRESHOLD = 0.5
MIN_DECISIONS = 20
MIN_PER_CLASS = 5
# what the model sees of the stored signals: every signal a rule reads of the document itself (not
# its own score, nor repeated_line_ratio, which the corpus decides after the analysis: ``run
# --model`` scores in the analysis stage and must give what ``learn`` gives)
FEATURE_SIGNALS = sorted({spec["signal"] for spec in STARTING_RULES.values()} - {SIGNAL, "repeated_line_ratio"})
COUNT_SIGNALS = frozenset({"n_chars", "n_words", "stopword_count", "invalid_chars"})
# (penalty, C) tried by cross-validation. L2 spreads weight over the many features a style moves
# (signals, endings, n-grams); L1 keeps the few words a preference about content rests on (one
# mention of 네트워크 decides a page for a curator who wants nothing about networks: F1 0.81 with L2,
# 0.99 with L1 on the help pages, 200 decisions). Which one a curator's decisions call for is theirs.
SETTINGS = (("l2", 0.25), ("l2", 1.0), ("l2", 4.0), ("l2", 16.0), ("l1", 1.0), ("l1", 4.0), ("l1", 16.0))
_SHIFT = np.uint64(64 - BITS)  # the top BITS of a 64-bit multiplicative hash
_MUL1, _MUL2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _code_points(text: str) -> np.ndarray:
    cps = np.frombuffer(text[:TEXT_CHARS].encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    cps[(cps >= 48) & (cps <= 57)] = 48  # every ASCII digit is '0': numbers generalise
    return cps


def ngram_buckets(text: str) -> np.ndarray:
    """The hashed bucket of every character 1- and 2-gram of the text's first TEXT_CHARS chars (one
    text; the batch is featurised by ``content_features``, which gives the same buckets)."""
    cps = _code_points(text)
    with np.errstate(over="ignore"):
        uni = (cps * _MUL1) >> _SHIFT
        bi = (((cps[:-1] << np.uint64(21)) | cps[1:]) * _MUL2) >> _SHIFT
    return np.concatenate([uni, bi]).astype(np.int64)


def ngrams(text: str) -> dict[int, str]:
    """Bucket → the n-gram string (for explanations; the first n-gram seen in each bucket)."""
    folded = "".join("0" if "0" <= c <= "9" else c for c in text[:TEXT_CHARS])
    grams = list(folded) + [folded[i:i + 2] for i in range(len(folded) - 1)]
    out: dict[int, str] = {}
    for bucket, gram in zip(ngram_buckets(text).tolist(), grams):
        out.setdefault(bucket, gram)
    return out


# Words ------------------------------------------------------------------------------------------
# What a curator's preference is about (a subject, a keyword, a product) lives in content words, and
# a word weighs little among a document's thousand character n-grams. Kiwi's lemmas would name them
# best, but the run stores none and a second Kiwi pass would cost ten times the whole scoring budget
# (bench/simulated_curator.py measures scoring against Kiwi). So words are read off the eojeols,
# vectorised over the whole batch: a Hangul run stripped of a trailing particle (프린터를 → 프린터,
# 설정에서 → 설정), its first two and three syllables (설치합니다 → 설치, 설치합; the stem of a 하다 verb
# and of most compounds), and Latin words lowercased. Each word counts once per document
# (presence): a subject is there or not, and a word repeated fifty times in a manual must not
# outweigh ten others.
# Words are hashed into 2^21 buckets (2^18 before FEATURES 3). A workspace holds millions of
# distinct words and each shares its bucket with any other that hashes there, so a word the model
# weighs (정당, 결혼) fires in documents that hold only a word colliding with it: in the simulated
# curators' pool of 4,297 documents 정당 stood in 33 of 400 documents at 2^18 (14 hold it). 18 → 21
# bits, 200 / 400 random decisions, 5 seeds (bench/simulated_curator.py): keyword+noise 0.900 →
# 0.945, politics 0.879 / 0.952 → 0.902 / 0.980, politics+noise 0.713 / 0.715 → 0.721 / 0.738,
# subject+noise 0.906 → 0.907; 23 bits gave no more (keyword+noise 0.941, politics+noise 0.709 /
# 0.738). A larger pool has more words to collide, so the smaller space costs more there.
WORD_BITS = 21
WORD_DIM = 1 << WORD_BITS
_BASE = 0x100000001B3  # odd, so invertible modulo 2^64: a substring's hash from two prefix sums
_BASE_INV = pow(_BASE, -1, 1 << 64)
PARTICLES = ("은 는 이 가 을 를 의 에 도 로 와 과 만 께 랑 서 으로 에서 에게 까지 부터 보다 처럼 이나 한테 에는 "
             "에도 과의 와의 이며 이고 이다 라는 이라 로서 로써 마다 조차 밖에 만큼 이랑 께서 들이 들을 들은 들의 들도 들에").split()
PREFIXES = (2, 3)
SUFFIX = 2
# what the words are: 1 = particle-stripped words and their first 2 and 3 syllables (models saved
# before the version was recorded); 2 = and their last 2 syllables; 3 = the same words in 2^21
# buckets, not 2^18. A model scores with its own.
FEATURES = 3
# a word present weighs WORD_WEIGHT: a page holds a few hundred words, so at 1 their sum dwarfed the
# signals and the n-grams (norm ~1) and liblinear took ten times the iterations; at 0.2 a decisive
# word still moves the score on its own (the penalty picks how many words decide)
WORD_WEIGHT = 0.2
_HANGUL_FIRST, _HANGUL_COUNT = 0xAC00, 11172  # 가 … 힣


def _string_hash(word: str) -> int:
    """The polynomial hash ``word_features`` gives a word (sum of code point × BASE^position)."""
    return sum(ord(ch) * pow(_BASE, k, 1 << 64) for k, ch in enumerate(word)) % (1 << 64)


def word_bits(version: int | None = None) -> int:
    """How many bits a word's bucket has in the features of ``version`` (FEATURES by default;
    18 before version 3)."""
    return WORD_BITS if (FEATURES if version is None else version) >= 3 else 18


def word_bucket(word: str, version: int | None = None) -> int:
    """The bucket of one word (lowercase Latin) in the words part, as ``word_features`` hashes it."""
    return (_string_hash(word) * int(_MUL1) % (1 << 64)) >> (64 - word_bits(version))


_PARTICLE_1 = np.zeros(_HANGUL_COUNT, bool)  # by syllable: a one-syllable particle
_PARTICLE_1[[ord(p) - _HANGUL_FIRST for p in PARTICLES if len(p) == 1]] = True
_PARTICLE_2 = np.array(sorted({_string_hash(p) for p in PARTICLES if len(p) == 2}), np.uint64)


# Batch featurising -------------------------------------------------------------------------------
# Scoring is what `learn` spends its time on at scale (every document of the workspace), so a batch
# is featurised without a Python loop over documents or tokens and without one big sort: a
# document's n-grams (or words) are grouped by bucket in a row of their own, rows of one width
# sorted together (rows of a few hundred to a few thousand values: numpy sorts those 4-10 times
# faster per value than one array of millions, and np.unique without counts is slower still).
_CHUNK = 512  # documents featurised at once: arrays of a few MB, which the allocator reuses (fresh
# pages for arrays of 50 MB cost more than the arithmetic on them)
_NONE = np.uint32(0xFFFFFFFF)  # padding in the rows; every bucket is below it
_WIDTHS = np.unique(np.concatenate([1 << np.arange(4, 24), 3 << np.arange(3, 23)]))  # row widths


def _joined(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code points of the texts joined by "\n", uint32; each text's start in them; its length)."""
    lengths = np.fromiter(map(len, texts), np.int64, count=len(texts))
    starts = np.zeros(len(texts), np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    cps = np.frombuffer("\n".join(texts).encode("utf-32-le", "surrogatepass"), np.uint32)
    return cps, starts, lengths


def _exclusive_cumsum(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts), np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


def _rows(per_doc: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Where each document's values go: a row of the smallest width in ``_WIDTHS`` that holds its
    ``per_doc`` values (none when it has none), rows of one width next to each other. Returns
    (width, documents in row order, each row's start, total size)."""
    width = np.where(per_doc > _WIDTHS[-1], per_doc, _WIDTHS[np.minimum(np.searchsorted(_WIDTHS, per_doc), len(_WIDTHS) - 1)])
    width[per_doc == 0] = 0  # (a document of more than _WIDTHS[-1] words: a row as wide as it needs)
    order = np.argsort(width, kind="stable")
    row_start = np.zeros(len(per_doc), np.int64)
    row_start[order] = _exclusive_cumsum(width[order])
    return width, order, row_start, int(width.sum())


def _runs(flat: np.ndarray, per_doc: np.ndarray, width: np.ndarray, order: np.ndarray, row_start: np.ndarray,
          counted: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The distinct (document, value) pairs of rows laid out by ``_rows`` and filled (the rest
    ``_NONE``), and how often each occurs (when ``counted``), row by row: each row sorted (rows
    of one width together), then the runs of equal values found."""
    total = len(flat)
    sizes, first = np.unique(width[order], return_index=True)
    bounds = np.append(row_start[order][first], total)
    for w, lo, hi in zip(sizes.tolist(), bounds[:-1].tolist(), bounds[1:].tolist()):
        if w:
            flat[lo:hi].reshape(-1, w).sort(axis=1)
    live = order[per_doc[order] > 0]  # the rows, in their order in ``flat``
    begins = np.ones(total, bool)  # where a run of equal values (or a row) begins
    np.not_equal(flat[1:], flat[:-1], out=begins[1:])
    begins[row_start[live]] = True
    at = np.flatnonzero(begins)
    value = flat[at]
    # each row's runs, but the padding's (one run at the row's end, when the row is not full)
    distinct = np.diff(np.searchsorted(at, row_start[live]), append=len(at)) - (width[live] > per_doc[live])
    real = value != _NONE
    counts = np.diff(at, append=total)[real] if counted else None
    return np.repeat(live, distinct), value[real], counts


def _ngram_groups(cps: np.ndarray, starts: np.ndarray, lengths: np.ndarray):
    """(document, bucket, count) of every distinct character 1- and 2-gram bucket of each text's
    first TEXT_CHARS characters (digits folded to 0): ``ngram_buckets`` per text, counted. A
    document's unigrams, then its bigrams, fill its row."""
    head = np.minimum(lengths, TEXT_CHARS)
    first = _exclusive_cumsum(head)
    size = int(head.sum())
    place = np.arange(size, dtype=np.int64)
    c = cps[place + np.repeat(starts - first, head)]
    with np.errstate(over="ignore"):
        c[(c - np.uint32(48)) < 10] = 48  # every ASCII digit is '0': numbers generalise
    c = c.astype(np.uint64)
    per_doc = np.maximum(2 * head - 1, 0)
    width, order, row_start, total = _rows(per_doc)
    flat = np.full(total, _NONE, np.uint32)
    place += np.repeat(row_start - first, head)  # each unigram's place in its row
    pair = np.ones(size, bool)  # a bigram begins here: not at a document's last character
    pair[(first + head - 1)[head > 0]] = False
    pair = pair[:-1]
    with np.errstate(over="ignore"):
        flat[place] = (c * _MUL1) >> _SHIFT
        bigrams = ((((c[:-1] << np.uint64(21)) | c[1:]) * _MUL2) >> _SHIFT)[pair]
    place += np.repeat(head, head)  # each bigram's
    flat[place[:-1][pair]] = bigrams
    return _runs(flat, per_doc, width, order, row_start)


def _word_spans_joined(cps: np.ndarray, starts: np.ndarray, version: int | None = None):
    """(code points with Latin folded to lowercase, uint64; then document, start, end of every
    word in them, run by run: the particle-stripped word, its first 2 and 3 syllables when longer
    and (``version`` 2) its last 2 when longer). A word is a maximal run of Hangul syllables or of
    Latin letters, so "USB를" is "usb" and "를"."""
    version = FEATURES if version is None else version
    with np.errstate(over="ignore"):
        folded = cps | np.uint32(32)  # ASCII letters folded to lowercase (and some others: only letters are kept)
        latin = (folded - np.uint32(97)) < 26
        hangul = (cps - np.uint32(_HANGUL_FIRST)) < _HANGUL_COUNT
        lc = np.where(latin, folded, cps).astype(np.uint64)
    kind = hangul.view(np.int8) + 2 * latin.view(np.int8)
    edge = np.empty(len(kind) + 1, bool)
    edge[0] = edge[-1] = True
    np.not_equal(kind[1:], kind[:-1], out=edge[1:-1])
    run_start = np.flatnonzero(edge[:-1])  # every run of one kind, words or not
    run_end = np.append(run_start[1:], len(kind))
    word = kind[run_start] != 0
    run_start, run_end = run_start[word], run_end[word]
    is_hangul = hangul[run_start]
    length = run_end - run_start
    strip = np.zeros(len(run_start), np.int64)
    last = cps[run_end - 1].astype(np.int64) - _HANGUL_FIRST
    strip[is_hangul & (length >= 2) & _PARTICLE_1[np.where(is_hangul, last, 0)]] = 1
    with np.errstate(over="ignore"):
        last2 = lc[np.maximum(run_end - 2, 0)] + lc[run_end - 1] * np.uint64(_BASE)
    found = np.minimum(np.searchsorted(_PARTICLE_2, last2), len(_PARTICLE_2) - 1)
    strip[is_hangul & (length >= 3) & (_PARTICLE_2[found] == last2)] = 2
    kept = length - strip
    valid = [is_hangul | (length >= 2), is_hangul & (kept > PREFIXES[0]), is_hangul & (kept > PREFIXES[1])]
    span_start = [run_start, run_start, run_start]
    span_end = [run_end - strip, run_start + PREFIXES[0], run_start + PREFIXES[1]]
    if version >= 2:  # a compound's head is its last noun: 국회의원 → 의원, 중앙정부 → 정부
        valid.append(is_hangul & (kept > SUFFIX))
        span_start.append(run_end - strip - SUFFIX)
        span_end.append(run_end - strip)
    k = len(valid)
    valid = np.stack(valid, 1)
    run_doc = np.searchsorted(starts, run_start, "right") - 1
    return (lc, np.repeat(run_doc, k).reshape(-1, k)[valid], np.stack(span_start, 1)[valid],
            np.stack(span_end, 1)[valid])


def _word_groups(cps: np.ndarray, starts: np.ndarray, version: int | None = None):
    """(document, bucket) of every distinct word of each text, once each."""
    version = FEATURES if version is None else version
    lc, doc, start, end = _word_spans_joined(cps, starts, version)
    m = len(lc)
    with np.errstate(over="ignore"):  # a substring's polynomial hash from prefix sums
        powers, inverse = _powers(m + 1)
        prefix = np.zeros(m + 1, np.uint64)
        np.cumsum(lc * powers[:m], out=prefix[1:])
        buckets = (((prefix[end] - prefix[start]) * inverse[start]) * _MUL1) >> np.uint64(64 - word_bits(version))
    per_doc = np.bincount(doc, minlength=len(starts))
    width, order, row_start, total = _rows(per_doc)
    flat = np.full(total, _NONE, np.uint32)
    flat[np.arange(len(doc), dtype=np.int64) + (row_start - _exclusive_cumsum(per_doc))[doc]] = buckets
    rows, cols, _ = _runs(flat, per_doc, width, order, row_start, counted=False)
    return rows, cols


_POWERS = (np.ones(1, np.uint64), np.ones(1, np.uint64))  # BASE^k and BASE^-k for k below the longest batch yet
_KEEP = 1 << 21  # ... kept up to this many (32 MB); a longer batch computes its own


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(BASE^k, BASE^-k modulo 2^64 for k < n): the same for every batch, so kept (one tuple,
    replaced at once: threads that featurise side by side, as the app's, read a consistent pair)."""
    global _POWERS
    kept = _POWERS
    if len(kept[0]) >= n:
        return kept
    size = n if n > _KEEP else min(_KEEP, max(n, 2 * len(kept[0])))
    powers, inverse = np.ones(size, np.uint64), np.ones(size, np.uint64)
    with np.errstate(over="ignore"):
        np.cumprod(np.full(size - 1, _BASE, np.uint64), out=powers[1:])
        np.cumprod(np.full(size - 1, _BASE_INV, np.uint64), out=inverse[1:])
    if size <= _KEEP:
        _POWERS = (powers, inverse)
    return powers, inverse


def _chunks(texts: list[str]):
    for lo in range(0, len(texts), _CHUNK):
        yield lo, _joined(texts[lo:lo + _CHUNK])


def content_features(texts: list[str], version: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, values) of the documents' content view, both parts of it: character
    n-grams in ``[0, DIM)`` (log(1+count), L2 per row) and words in ``[DIM, DIM + WORD_DIM)``
    (presence, WORD_WEIGHT)."""
    out = []
    for lo, (cps, starts, lengths) in _chunks(texts):
        rows, cols, counts = _ngram_groups(cps, starts, lengths)
        vals = np.log1p(counts.astype(np.float64))
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(starts)))
        word_rows, word_cols = _word_groups(cps, starts, version)
        out.append((np.concatenate([rows, word_rows]) + lo, np.concatenate([cols, word_cols.astype(np.int64) + DIM]),
                    np.concatenate([vals / norms[rows], np.full(len(word_rows), WORD_WEIGHT)])))
    if not out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return tuple(np.concatenate(part) for part in zip(*out))


def word_features(texts: list[str], version: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, buckets in [0, WORD_DIM), values) of the words of the documents: presence
    (WORD_WEIGHT), not normalised by the document's length, so one mention of a word weighs the same
    in a long page as in a short one (a curator's "nothing that mentions X" does not fade with
    length). Hashing is vectorised over the batch: prefix sums of code point × BASE^position give
    any substring's polynomial hash with one subtraction and one multiplication."""
    parts = [(rows + lo, cols.astype(np.int64)) for lo, (cps, starts, _) in _chunks(texts)
             for rows, cols in [_word_groups(cps, starts, version)]]
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    rows, cols = (np.concatenate(p) for p in zip(*parts))
    return rows, cols, np.full(len(rows), WORD_WEIGHT)


def word_spans(texts: list[str], version: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(the texts' code points joined by "\n", Latin folded to lowercase; then document, start,
    end of every word in them: the particle-stripped word, and its first 2 and 3 syllables when
    longer)."""
    cps, starts, _ = _joined(texts)
    return _word_spans_joined(cps, starts, version)


def words(text: str, version: int | None = None) -> dict[int, str]:
    """Bucket (in the words part) → the word (for explanations; the first word seen there)."""
    cps, _, start, end = word_spans([text], version)
    folded = cps.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    out: dict[int, str] = {}
    for s, e in sorted(zip(start.tolist(), end.tolist())):
        word = folded[s:e]
        out.setdefault(word_bucket(word, version), word)
    return out


@dataclass
class SignalScaling:
    """How a stored signal becomes a feature: log for counts, median/IQR from the workspace."""
    names: list[str]
    centre: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, columns: dict[str, np.ndarray]) -> "SignalScaling":
        names = sorted(columns)
        centre, scale = [], []
        for name in names:
            v = _prepared(name, columns[name])
            v = v[np.isfinite(v)]
            if len(v) == 0:
                centre.append(0.0)
                scale.append(1.0)
                continue
            q1, q2, q3 = np.percentile(v, [25, 50, 75])
            spread = q3 - q1 if q3 > q1 else (np.std(v) or 1.0)
            centre.append(float(q2))
            scale.append(float(spread))
        return cls(names, np.array(centre), np.array(scale))

    def transform(self, columns: dict[str, np.ndarray], n: int) -> np.ndarray:
        out = np.zeros((n, len(self.names)))
        for j, name in enumerate(self.names):
            if name in columns:
                z = (_prepared(name, columns[name]) - self.centre[j]) / self.scale[j]
                out[:, j] = np.clip(np.nan_to_num(z, nan=0.0), -5, 5)
        return out


def feature_columns(records: list[dict], names=FEATURE_SIGNALS) -> dict[str, np.ndarray]:
    """The signal columns of a few documents given as records (a missing value is NaN)."""
    return {name: np.array([np.nan if r.get(name) is None else r[name] for r in records], dtype=np.float64)
            for name in names}


def _prepared(name: str, values) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    return np.log1p(np.maximum(v, 0)) if name in COUNT_SIGNALS else v


@dataclass
class LearnedModel:
    scaling: SignalScaling
    signal_coef: np.ndarray  # towards "reject"
    text_coef: np.ndarray    # DIM + WORD_DIM weights towards "reject" (character n-grams, then words)
    intercept: float
    info: dict = field(default_factory=dict)  # decisions hash, counts, C, cross-validation

    @property
    def version(self) -> int:
        """Which words the model was trained on (FEATURES when it was saved; 1 before that was recorded)."""
        return int(self.info.get("features", 1))

    # scoring ------------------------------------------------------------------------------------
    def reject_logit(self, texts: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
        """``content_features`` @ the weights, without building the features' arrays."""
        text_part = np.zeros(len(texts))
        ngram_coef, word_coef = self.text_coef[:DIM], self.text_coef[DIM:]
        for lo, (cps, starts, lengths) in _chunks(texts):
            n = len(starts)
            rows, cols, counts = _ngram_groups(cps, starts, lengths)
            vals = np.log1p(counts.astype(np.float64))
            norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n))
            ngram = np.bincount(rows, weights=vals * ngram_coef[cols], minlength=n) / np.where(norms > 0, norms, 1.0)
            word_rows, word_cols = _word_groups(cps, starts, self.version)
            text_part[lo:lo + n] = ngram + WORD_WEIGHT * np.bincount(word_rows, weights=word_coef[word_cols], minlength=n)
        return self.intercept + self.scaling.transform(columns, len(texts)) @ self.signal_coef + text_part

    def quality_of(self, X) -> np.ndarray:
        """learned_quality of documents given as ``matrix`` rows."""
        logit = self.intercept + X @ np.concatenate([self.signal_coef, self.text_coef])
        return 1.0 / (1.0 + np.exp(logit))

    def quality(self, texts: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
        """learned_quality: P(accept) per document."""
        return 1.0 / (1.0 + np.exp(self.reject_logit(texts, columns)))

    def explain(self, text: str, columns: dict[str, np.ndarray], top: int = 6) -> list[tuple[str, str, float]]:
        """What moved this document's score most: (kind "signal" or "word", name, contribution
        towards keep; negative = towards reject), largest magnitude first. Two thirds of the places
        go to words (what a curator can read and correct: the subject, the keyword), the rest to
        signals; character n-grams weigh too little one by one to name ("“ ” 0.01", "0" 0.00)."""
        x = self.scaling.transform({k: np.asarray([v]).reshape(-1) for k, v in columns.items()}, 1)[0]
        signals = [("signal", name, -float(xi * w)) for name, xi, w in zip(self.scaling.names, x, self.signal_coef) if xi * w]
        rows, cols, vals = word_features([text], self.version)
        named = words(text, self.version)
        weight: dict[str, float] = {}
        for bucket, value in zip(cols.tolist(), vals.tolist()):
            name = named.get(bucket, "?")
            weight[name] = weight.get(name, 0.0) - float(value * self.text_coef[DIM + bucket])
        # a word's first syllables (네트, 네트워) count towards the word they begin (네트워크): one name
        # per word for the curator, the longest the document holds
        ordered = sorted(weight)
        for i, name in enumerate(ordered):
            longer = [other for other in ordered[i + 1:i + 40] if other.startswith(name)]
            if longer:
                target = max(longer, key=lambda w: (len(w), w))
                weight[target] += weight.pop(name)
        found = [("word", name, w) for name, w in weight.items() if w]
        n_words = top - top // 3
        found.sort(key=lambda c: (-abs(c[2]), c[1]))
        signals.sort(key=lambda c: (-abs(c[2]), c[1]))
        chosen = found[:n_words]
        chosen += signals[:top - len(chosen)]
        return sorted(chosen, key=lambda c: -abs(c[2]))

    # persistence --------------------------------------------------------------------------------
    def save(self, path: str) -> None:
        """An .npz (numpy's zip of .npy arrays, read without pickle) with fixed member dates, so
        the same decisions give a byte-identical file."""
        arrays = {"signal_names": np.array(self.scaling.names), "centre": self.scaling.centre,
                  "scale": self.scaling.scale, "signal_coef": self.signal_coef,
                  "text_coef": self.text_coef.astype(np.float32), "intercept": np.array([self.intercept]),
                  "info": np.array(json.dumps(self.info, sort_keys=True))}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
                member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                member.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(member, buffer.getvalue())

    @classmethod
    def load(cls, path: str) -> "LearnedModel":
        try:
            with np.load(path, allow_pickle=False) as data:
                scaling = SignalScaling([str(n) for n in data["signal_names"]], data["centre"], data["scale"])
                text_coef = np.zeros(DIM + WORD_DIM)  # a model saved before words: no word weighs
                text_coef[:len(data["text_coef"])] = data["text_coef"]
                return cls(scaling, data["signal_coef"], text_coef,
                           float(data["intercept"][0]), json.loads(str(data["info"])))
        except (OSError, KeyError, ValueError) as exc:
            raise CuratorError(f"{path}: not a learned model ({exc})") from None


def decisions_hash(labelled: list[tuple[str, str]]) -> str:
    """sha256 of the sorted (id, decision) pairs the model is trained on."""
    return hashlib.sha256("\n".join(f"{i}\t{d}" for i, d in sorted(labelled)).encode("utf-8")).hexdigest()


def check_decisions(rejected: np.ndarray, min_decisions: int = MIN_DECISIONS) -> None:
    n, n_reject = len(rejected), int(rejected.sum())
    if n < min_decisions:
        raise CuratorError(f"only {n} accept/reject decisions; learning needs at least {min_decisions}")
    if n_reject == 0 or n_reject == n:
        one = "reject" if n_reject else "accept"
        raise CuratorError(f"all {n} decisions are '{one}': learning needs both accepted and rejected documents")
    if min(n_reject, n - n_reject) < MIN_PER_CLASS:
        raise CuratorError(f"{n_reject} rejected and {n - n_reject} accepted: learning needs at least "
                           f"{MIN_PER_CLASS} of each")


def matrix(texts, columns, scaling: SignalScaling, version: int | None = None):
    """The features of documents as one sparse matrix: scaled signals, then the content view."""
    from scipy import sparse
    rows, cols, vals = content_features(texts, version)
    text = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), DIM + WORD_DIM))
    return sparse.hstack([sparse.csr_matrix(scaling.transform(columns, len(texts))), text]).tocsr()


# Every decision weighs the same. Class-balanced weights (each kind's decisions summing to half)
# made a rare kind's every decision weigh several times more, its mistakes included: a curator who
# rejects the 6 % of documents mentioning 결혼 and flips 10 % of 200 decisions gives ~19 "reject"s by
# mistake beside ~11 meant, each weighed 3.3 against an "accept"'s 0.6, and the model fitted the
# mistakes (precision 0.2-0.6). Balanced → alike, both at EVIDENCE_POWER 3, 200 random decisions, 5
# seeds (bench/simulated_curator.py's pool, F1 on held-out documents): keyword+noise 0.73 → 0.90,
# subject+noise 0.90 → 0.91, politics+noise 0.71 → 0.71. The cost: clean politics 0.91 → 0.88 (a
# rare kind's recall at 0.5; square and balanced before), every other curator within 0.01.
CLASS_WEIGHT = None


def _fit(X, y, C: float, penalty: str = "l2") -> tuple[np.ndarray, float]:
    """(weights over every column of ``X``, intercept). The solver sees only the columns some
    training row uses (a few ten thousand of the half million hashed ones): the same solution, as
    the others get no weight anyway, ten times faster (liblinear's cost grows with the columns)."""
    from sklearn.linear_model import LogisticRegression
    X = X.tocsr()
    X_width = X.shape[1]
    used = np.unique(X.indices)
    # L2 in the dual while there are fewer decisions than columns: the same solution (to 1e-5 here),
    # twenty times faster than the primal (1-4 s a fit on 160 decisions)
    dual = penalty == "l2" and X.shape[0] < len(used)
    X = X[:, used]
    content = used >= X_width - DIM - WORD_DIM  # the signals' columns come first
    scale = evidence(X, y, content) if EVIDENCE else np.ones(len(used))
    fitted = LogisticRegression(C=C, l1_ratio=1.0 if penalty == "l1" else 0.0, dual=dual, class_weight=CLASS_WEIGHT,
                                max_iter=2000, solver="liblinear", random_state=0).fit(X @ _diagonal(scale), y)
    coef = np.zeros(X_width)
    coef[used] = fitted.coef_[0] * scale  # weights of the unscaled features: scoring is unchanged
    return coef, float(fitted.intercept_[0])


# Evidence weighting: each content column (an n-gram's or a word's) is scaled, before the fit, by how
# strongly its presence goes with one kind of decision in the training rows: a power (EVIDENCE_POWER)
# of the difference between the log-odds of "reject" among the documents that hold it (shrunk towards the overall share
# by EVIDENCE_PRIOR pseudo-documents) and overall. The penalty then costs less for a word most of
# whose documents were rejected (네트워크: 16 of 20, four decisions flipped) than for a common word
# (있는: a third of a hundred) or one page's own words, which a model with 200 noisy decisions
# otherwise used to fit the mistakes (NBSVM's idea, Wang & Manning 2012, with shrinkage). Computed
# from each fit's own training rows (inside every cross-validation fold: no held-out label leaks).
# With 10 % of 200 random decisions flipped, L2 at C = 1, F1 on held-out documents (3 seeds,
# bench/simulated_curator.py's pool): subject 0.43 → 0.73, keyword 0.21 → 0.66, politics 0.60 →
# 0.71; with the penalty cross-validation picks and the doubtful set aside: bench/results.md.
# The cube, not the square, of that difference: the penalty then parts a decisive word from one
# page's own words more sharply (200 random decisions with 10 % flipped, 5 seeds: subject 0.83 →
# 0.90, keyword 0.54 → 0.73 with balanced weights; clean curators: with CLASS_WEIGHT's change too,
# in its comment), and its fourth power (with every decision alike)
# was no better (10 seeds: subject 0.94, politics 0.76, keyword 0.86 against 0.93, 0.77, 0.90).
EVIDENCE = True
EVIDENCE_PRIOR = 5.0
EVIDENCE_POWER = 3


def evidence(X, y, content: np.ndarray) -> np.ndarray:
    """Per column of ``X``: 1 where ``content`` is False (a signal), else the shrunk log-odds
    difference of the column's presence to the EVIDENCE_POWER (absolute; 0 when no training row
    holds it). ``_fit`` passes only the columns its rows use: a matrix has 2.4 million, and
    computing it for all of them tripled the time of a fit on 600 decisions."""
    present = X[:, np.flatnonzero(content)].copy()
    present.data = (present.data > 0).astype(np.float64)
    y = np.asarray(y, np.float64)
    share = float(y.mean())
    holding = np.asarray(present.sum(axis=0)).ravel()
    rejected = np.asarray(present.T @ y).ravel()
    shrunk = (rejected + EVIDENCE_PRIOR * share) / (holding + EVIDENCE_PRIOR)
    shrunk = np.clip(shrunk, 1e-6, 1 - 1e-6)
    difference = np.log(shrunk / (1 - shrunk)) - np.log(share / (1 - share))
    out = np.ones(X.shape[1])
    out[content] = np.abs(difference) ** EVIDENCE_POWER
    return out


def _diagonal(values: np.ndarray):
    from scipy import sparse
    return sparse.diags(values).tocsr()


def _p_reject(X, fitted: tuple[np.ndarray, float]) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(X @ fitted[0] + fitted[1])))


def train(texts: list[str], columns: dict[str, np.ndarray], rejected: np.ndarray, scaling: SignalScaling,
          min_decisions: int = MIN_DECISIONS, cross_validate: bool | str = True, C: float = 1.0,
          penalty: str = "l2", keep_doubtful: bool = False) -> LearnedModel:
    """Fit on the decided documents (``rejected``: True = the curator rejected it); C by
    cross-validation (and the penalty: SETTINGS) without the decisions it doubts (``doubtful``;
    ``keep_doubtful``: with them), or ``C`` and ``penalty`` as given with ``cross_validate=False`` (a quick refit) or
    ``cross_validate="at C"`` (its cross-validated figures measured at that C: one fit per fold,
    what the app's review shows beside its order)."""
    rejected = np.asarray(rejected, dtype=bool)
    check_decisions(rejected, min_decisions)
    return train_matrix(matrix(texts, columns, scaling), rejected, scaling, cross_validate, C, penalty, keep_doubtful)


def train_matrix(X, rejected: np.ndarray, scaling: SignalScaling, cross_validate: bool | str = True,
                 C: float = 1.0, penalty: str = "l2", keep_doubtful: bool = False) -> LearnedModel:
    """``train`` on features ``matrix`` made (a simulation makes them once for many fits). With
    cross-validation the decisions the out-of-fold predictions confidently contradict are set
    aside (``doubtful``) and the model is trained without them, unless ``keep_doubtful``;
    ``info["doubtful"]`` maps each one's position in ``rejected`` to its out-of-fold P(reject)."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(rejected, dtype=bool).astype(int)
    # 5 folds; 3 from a thousand decisions on, where each fold holds enough and training time counts
    folds = min(5 if len(y) < 1000 else 3, int(y.sum()), int(len(y) - y.sum()))
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(y)), y))

    def predicted(setting: tuple[str, float], kept: np.ndarray | None = None) -> np.ndarray:
        """Out-of-fold P(reject) of every decision, each fold's model fitted on the ``kept`` rows
        of the others (all by default): a decision set aside is still predicted."""
        p = np.zeros(len(y))
        for train_rows, test_rows in splits:
            if kept is not None:
                train_rows = train_rows[kept[train_rows]]
            p[test_rows] = _p_reject(X[test_rows], _fit(X[train_rows], y[train_rows], setting[1], setting[0]))
        return p
    aside = np.zeros(len(y), bool)
    p = None
    if cross_validate == "at C":
        p = predicted((penalty, C))
    elif cross_validate:
        held = {setting: predicted(setting) for setting in SETTINGS}
        penalty, C = _best_setting(y, held)
        p = held[(penalty, C)]
        flagged = doubtful(y.astype(bool), p)
        if not _can_set_aside(y, flagged, splits):
            flagged[:] = False
        elif not keep_doubtful:
            aside = flagged
            held = {setting: predicted(setting, ~aside) for setting in SETTINGS}
            penalty, C = _best_setting(y[~aside], {s: q[~aside] for s, q in held.items()})
            p = held[(penalty, C)]
    metrics = agreement(y[~aside].astype(bool), p[~aside]) if p is not None else {}
    coef, intercept = _fit(X[~aside], y[~aside], C, penalty)
    k = len(scaling.names)
    info = {"features": FEATURES, "C": C, "penalty": penalty, "decisions": int(len(y)), "rejected": int(y.sum()), "accepted": int(len(y) - y.sum()),
            "folds": folds, "cross_validated": metrics}
    if cross_validate is True:  # which decisions it doubts, and whether it was fitted without them
        info["doubtful"] = {int(i): round(float(p[i]), 4) for i in np.flatnonzero(flagged)}
        info["doubtful_set_aside"] = bool(aside.any())
        if aside.any():  # agreement with every decision, the doubtful ones included
            info["cross_validated_all"] = agreement(y.astype(bool), p)
    return LearnedModel(scaling, coef[:k].copy(), coef[k:].copy(), intercept, info)


# Decisions the model doubts ------------------------------------------------------------------------
# A curator's decisions hold mistakes (the wrong button, a page skimmed), and half a million hashed
# features let a model fit each one. On a rare class that is ruinous: a curator who rejects the 6 %
# of documents that mention 결혼 and flips 10 % of the decisions gives more "reject"s by mistake
# (9.4 % of the documents) than by intent (4.9 %), and the model learnt the mistakes (F1 0.35 after
# 200 decisions). Yet symmetric mistakes leave the preference where it was (a document mentioning
# 결혼 is still rejected nine times in ten), and a model that does not memorise them finds it: the
# cross-validation's out-of-fold predictions flag the decisions they confidently contradict
# (confident learning, Northcutt et al. 2021, binary case), and the final model is fitted without
# them. They are probably the curator's mistakes, so ``learn`` says which.
DOUBT_MAX = 0.25  # more flagged than this share: the model knows too little to doubt anyone (random
# decisions flag half of them), and nothing is set aside


def doubtful(rejected: np.ndarray, p_reject: np.ndarray) -> np.ndarray:
    """The decisions whose out-of-fold ``p_reject`` confidently says the other kind (confident
    learning's off-diagonal of the confident joint): a decision "accept" whose P(reject) reaches
    the mean P(reject) of the decisions "reject" (and is the likelier of the two kinds that reach
    their means), and the converse. Thresholds per kind, not 0.5: a model of a rare class is not
    sure of it at 0.5, and the mean of the kind adapts to it."""
    rejected = np.asarray(rejected, bool)
    sure_reject = p_reject >= p_reject[rejected].mean()
    sure_accept = 1 - p_reject >= (1 - p_reject[~rejected]).mean()
    says_reject = sure_reject & (~sure_accept | (p_reject >= 0.5))
    says_accept = sure_accept & (~sure_reject | (p_reject < 0.5))
    return (~rejected & says_reject) | (rejected & says_accept)


def contradiction(rejected: bool, p_reject: float) -> float:
    """How strongly the model says the other kind than the decision: P(reject) for an accept,
    1 - P(reject) for a reject (what orders the doubtful decisions, the most contradicted first)."""
    return 1.0 - p_reject if rejected else p_reject


def _can_set_aside(y: np.ndarray, flagged: np.ndarray, splits) -> bool:
    """Whether training without ``flagged`` is sound: some flagged, at most DOUBT_MAX of them, and
    every fold's training rows still hold MIN_PER_CLASS of each kind."""
    if not flagged.any() or flagged.mean() > DOUBT_MAX:
        return False
    kept = ~flagged
    return all(min(int(y[rows[kept[rows]]].sum()), int((1 - y[rows[kept[rows]]]).sum())) >= MIN_PER_CLASS
               for rows in [np.arange(len(y))] + [train_rows for train_rows, _ in splits])


def _best_setting(y: np.ndarray, held: dict[tuple[str, float], np.ndarray]) -> tuple[str, float]:
    """The setting of the lowest held-out log loss; ties to the earlier (smoother) setting. (Not the
    highest held-out F1: the best of seven F1s on random decisions passed ENABLE_F1, and a model no
    better than chance was switched on; with the suffix words log loss does as well on politics.)"""
    return min(held, key=lambda setting: (round(_log_loss(y, held[setting]), 6), SETTINGS.index(setting)))


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def agreement(rejected: np.ndarray, p_reject: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """Precision/recall/F1 of "reject" at P(reject) > 1 - threshold, Matthews' correlation of the
    two (0 for chance whatever the share of each kind; F1 is not: rejecting everything scores 0.73
    when 57 % of the decisions are "reject"), and calibration (Brier score, expected calibration
    error over 10 bins)."""
    predicted = p_reject > 1 - threshold
    tp = int((predicted & rejected).sum())
    fp = int((predicted & ~rejected).sum())
    fn = int((~predicted & rejected).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    tn = len(rejected) - tp - fp - fn
    spread = float((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / np.sqrt(spread) if spread else 0.0
    bins = np.minimum((p_reject * 10).astype(int), 9)
    ece = sum(abs(p_reject[bins == b].mean() - rejected[bins == b].mean()) * (bins == b).sum()
              for b in range(10) if (bins == b).any()) / len(p_reject)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "mcc": round(float(mcc), 4),
            "accuracy": round(float((predicted == rejected).mean()), 4),
            "brier": round(float(np.mean((p_reject - rejected) ** 2)), 4), "ece": round(float(ece), 4)}


# which documents to ask about, and which thresholds the decisions support ---------------------------
def disagrees(quality, rule_removed):
    """Where the model (quality below THRESHOLD: remove) and the fixed rules disagree."""
    return (np.asarray(quality) < THRESHOLD) != np.asarray(rule_removed)


# The order ranks by how unsure the model is, in bands of UNSURE_BAND of |quality - 0.5|; within a
# band the documents where the model and the fixed rules disagree come first. Disagreement used to
# come first outright: a curator's preference about content has little to do with the rules, so the
# review spent its first decisions on documents the rules remove and the model keeps with
# confidence. Informative order, 5 seeds (bench/simulated_curator.py, bench/results.md "learn"), F1
# on held-out documents after 100 / 200 decisions, disagreement first → in a band: style 0.952 /
# 0.992 → 0.985 / 0.994, subject+noise 0.717 / 0.974 → 0.875 / 0.929, politics 0.845 / 0.836 →
# 0.723 / 0.914, politics+noise 0.670 / 0.704 → 0.600 / 0.724, keyword+noise 0.580 / 0.775 → 0.975 /
# 0.972, structure+noise 0.884 / 0.927 → 0.934 / 0.952. (A scratch harness, other random
# tie-breaks: by unsureness alone, no band, politics 0.822 / 0.844, keyword+noise 0.625 / 0.956.)
UNSURE_BAND = 0.1


def informative_order(quality: np.ndarray | None, rule_removed: np.ndarray, undecided: np.ndarray,
                      seed: int = 0) -> np.ndarray:
    """Row indices of undecided documents, the most informative first: the model's least sure
    first (quality nearest 0.5, in bands of UNSURE_BAND), within a band where the model and the
    rules disagree first, then at random. Without a model (``quality`` None or NaN) the order is
    random, alternating rule-removed and rule-kept rows so the first decisions hold both kinds."""
    rows = np.flatnonzero(undecided)
    rng = np.random.default_rng(seed)
    if quality is None or not np.isfinite(quality[rows]).any():
        removed, kept = rng.permutation(rows[rule_removed[rows]]), rng.permutation(rows[~rule_removed[rows]])
        order = np.empty(len(rows), np.int64)
        both = min(len(removed), len(kept))
        order[0:2 * both:2], order[1:2 * both:2] = removed[:both], kept[:both]
        order[2 * both:] = np.concatenate([removed[both:], kept[both:]])
        return order
    q = np.where(np.isfinite(quality[rows]), quality[rows], 0.5)
    disagree = disagrees(q, rule_removed[rows])
    band = np.floor(np.abs(q - 0.5) / UNSURE_BAND)
    tiebreak = rng.random(len(rows))
    return rows[np.lexsort((tiebreak, ~disagree, band))]


@dataclass
class Suggestion:
    rule: str
    side: str        # "min" or "max"
    value: float     # the suggested bound
    agree: int       # decisions the rule agrees with at that bound
    agree_now: int   # ... at the current bound
    support: int     # decisions that depend on this rule (no other rule removes them)


def suggest_bound(values: np.ndarray, rejected: np.ndarray, side: str, current: float | None,
                  min_support: int = 10, min_gain: float = 0.05) -> tuple[float, int, int, int] | None:
    """The bound on one side of a rule that agrees best with the decisions whose fate depends on
    the rule (``values``/``rejected``: those documents only). "Best" is balanced accuracy, the
    mean of the share of rejected documents the rule removes and of accepted ones it keeps:
    plain agreement would remove everything whenever most decisions are rejections. Candidates:
    midpoints between the distinct values and the current bound; ties go to the one nearest the
    current bound. Returns (bound, decisions agreeing, agreeing now, support), or None when fewer
    than ``min_support`` decisions depend on the rule, one kind is missing, or the best bound
    beats the current one by less than ``min_gain``."""
    ok = np.isfinite(values)
    values, rejected = values[ok], rejected[ok]
    if len(values) < min_support or rejected.all() or not rejected.any():
        return None
    distinct = np.unique(values)
    candidates = (distinct[:-1] + distinct[1:]) / 2
    if current is not None:
        candidates = np.append(candidates, current)
    if len(candidates) == 0:
        return None
    n_reject, n_accept = int(rejected.sum()), int((~rejected).sum())
    rejected_values, accepted_values = np.sort(values[rejected]), np.sort(values[~rejected])

    def counts(bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rejected documents the rule removes, accepted ones it keeps) at each bound: counted
        on the sorted values, so every candidate costs a binary search, not a pass."""
        if side == "min":  # removed: value < bound
            removed = np.searchsorted(rejected_values, bounds, "left")
            kept = n_accept - np.searchsorted(accepted_values, bounds, "left")
        else:  # removed: value > bound
            removed = n_reject - np.searchsorted(rejected_values, bounds, "right")
            kept = np.searchsorted(accepted_values, bounds, "right")
        return removed, kept

    def balanced(bounds: np.ndarray) -> np.ndarray:
        removed, kept = counts(bounds)
        return 0.5 * (removed / n_reject + kept / n_accept)

    def agree(bound: float) -> int:
        removed, kept = counts(np.array([bound]))
        return int(removed[0] + kept[0])
    scores = balanced(candidates)
    pool = candidates[np.isclose(scores, scores.max())]
    chosen = _round(float(pool[np.argmin(np.abs(pool - current))] if current is not None else pool[0]))
    now = balanced(np.array([current]))[0] if current is not None else 0.5
    if balanced(np.array([chosen]))[0] < now + min_gain:
        return None
    return chosen, agree(chosen), agree(current) if current is not None else n_accept, len(values)


def _round(value: float) -> float:
    return float(f"{value:.3g}")

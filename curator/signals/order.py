"""Word order from the one Kiwi analysis: how much more probable a document's own sequence of
eojeols is than the same eojeols in random order.

Word salad (eojeols shuffled, or drawn from a vocabulary) keeps every character and morpheme
statistic of real Korean; what it lacks is order between eojeols. Inside an eojeol (noun +
particle, stem + ending) the order survives any shuffle, so each eojeol is reduced to its *type*:
the tags of its first and last morpheme (NNG…JKS, VV…ETM, MAG…MAG). Korean grammar constrains
which type follows which (an adnominal ending ETM is followed by a noun, a subject particle by a
predicate or an adverbial, a final ending EF+SF by a new clause). ``order_model.npz`` holds the
counts of type → next type within a line, learnt from clean real text (``bench/order_model.py``).

The signal is the mean log-probability of the document's own transitions (within lines) minus the
mean over every ordered pair of its eojeols, which is exactly what a random permutation of the same
eojeols would score on average: computed in closed form from the type counts, no sampling and no
second tokenisation. Real text scores about 1–2.3 nats per transition above its permutations
(median by style: comment pages 0.95, news and Wikipedia 1.25, blogs 1.6, chat 2.3); salad 0.2–0.6.
The rule reads ``order_gain_upper``, the gain plus ``MARGIN_SE`` standard errors: a mean over a
few dozen transitions is noise, so a short page is judged on the generous end of its gain, a long
page of salad on nearly its mean.
Fewer than ``MIN_EOJEOLS`` eojeols or ``MIN_TRANSITIONS`` transitions within lines: no value (NaN
never fails a rule), as with any signal a short text cannot carry: short informal comment pages
(unspaced eojeols, one-line comments) fell below real text's range at 8/4 (4 % of held-out comment
pages at the bound), at 30/20 they are judged by their other rules.

``line_end_gain`` reads where lines *end*, which the transitions do not see: a line of Korean ends
on a final ending and its punctuation (EF…SF) or on a noun heading a list item, seldom on an
adnominal form or a particle. ``order_model.npz`` also holds, per type, how often it ends a line of
two or more eojeols and how often it occurs in one; a type's score is log P(type ends a line) −
log P(type) (``OrderModel.line_end_score``). Per line of ≥ 2 eojeols: the score of its last eojeol
minus the mean score of its eojeols (what a random order within the line scores on average, so a
shuffled line is near 0); the signal is the mean over the document's lines, no value under
``MIN_LINES`` such lines. It catches what the transitions miss: pages of one document's eojeols
shuffled, whose short runs of transitions still look like Korean (medians by style: laws 0.9,
manuals 1.2, comment pages 1.9, dialect 2.8, Wikipedia 2.9, chat 3.3; one-document salad about 0:
docs/calibration.md). The same eojeol types, no second pass.

This replaced a second Kiwi pass over two shuffled windows, which ran on 80 % of real web text
(every document whose ``morph_lm_score`` was below −7) and nearly doubled the run's Kiwi work.
"""

import os
from functools import lru_cache

import numpy as np
import pyarrow as pa

from curator.signals import words
from curator.signals.batch import TextBatch

MODEL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "order_model.npz")
MIN_EOJEOLS = 30
MIN_TRANSITIONS = 20  # within lines; below, a short comment page's few transitions are noise
SMOOTHING = 0.1  # added to every transition count (unseen type pairs stay possible)
# standard errors added to a document's gain before the rule compares it: word salad is found when
# even the generous end of its gain is below real text's (see ``order_gain_upper``)
MARGIN_SE = 2.0
# lines of ≥ 2 eojeols a document needs for a ``line_end_gain`` (the measured prototype's 5: one
# paragraph of an article is one line and says nothing about line ends)
MIN_LINES = 5
# pseudo-occurrences at the overall line-end rate: a type seldom seen in training (or never: the
# shared 'other' type) scores near 0, neither a line-ender nor not
LINE_END_PRIOR = 1.0
COLUMNS = {"order_gain": pa.float64(), "order_gain_upper": pa.float64(), "line_end_gain": pa.float64()}


def tag_class(tag: str) -> str:
    """Kiwi's tag without its irregular-conjugation mark (VV-R, VA-I → VV, VA)."""
    return tag.split("-", 1)[0]


class OrderModel:
    """Log-probabilities of eojeol type → next type, and per type log P(type ends a line) −
    log P(type) (``line_end_score``). Types are (first tag, last tag) pairs seen in training; every
    other pair is one shared 'other' type (the last index)."""

    def __init__(self, tags: list[str], types: np.ndarray, counts: np.ndarray, line_ends: np.ndarray,
                 occurrences: np.ndarray):
        self.tags = list(tags)
        self.tag_index = {t: i for i, t in enumerate(self.tags)}
        k = len(self.tags) + 1  # + an index for a tag never seen in training
        n_types = len(types) + 1
        self.type_of_pair = np.full(k * k, n_types - 1, np.int64)
        self.type_of_pair[types] = np.arange(len(types))
        self.k = k
        smoothed = counts.astype(np.float64) + SMOOTHING
        self.log_p = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
        # log P(end | type) − log P(end), which equals log P(type | line end) − log P(type)
        rate = line_ends.sum() / max(occurrences.sum(), 1)
        self.line_end_score = np.log((line_ends + LINE_END_PRIOR * rate) / (occurrences + LINE_END_PRIOR) / rate)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls, path: str = MODEL_PATH) -> "OrderModel":
        with np.load(path, allow_pickle=False) as data:
            return cls([str(t) for t in data["tags"]], data["types"], data["counts"], data["line_ends"],
                       data["occurrences"])

    def tag_codes(self, tag_table: list[str]) -> np.ndarray:
        unseen = self.k - 1
        return np.array([self.tag_index.get(tag_class(t), unseen) for t in tag_table], np.int64)


def eojeols(batch: TextBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(per eojeol, in batch order: its document, its first token, its last token, its line number
    in the batch); what the signal scores and ``bench/order_model.py`` counts."""
    tokens = batch.tokens
    n_tokens = len(tokens.tag)
    if n_tokens == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty
    doc = np.repeat(np.arange(len(batch.texts)), np.diff(tokens.bounds))
    initial, _ = words._space_before(batch, doc, tokens.start)
    initial[tokens.bounds[:-1][np.diff(tokens.bounds) > 0]] = True  # every document starts an eojeol
    starts = np.flatnonzero(initial)
    ends = np.append(starts[1:], n_tokens)  # a document's last eojeol ends where the next begins
    newlines = np.cumsum(batch.code_points == 10)
    eojeol_doc = doc[starts]
    line = newlines[batch.offsets[eojeol_doc] + tokens.start[starts]]
    return eojeol_doc, starts, ends - 1, line


def eojeol_types(batch: TextBatch, model: OrderModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(per eojeol, in batch order: its document, its type, its line number in the batch)."""
    eojeol_doc, first, last, line = eojeols(batch)
    if len(first) == 0:
        return eojeol_doc, first, line
    codes = model.tag_codes(batch.tokens.tag_table)[batch.tokens.tag]
    return eojeol_doc, model.type_of_pair[codes[first] * model.k + codes[last]], line


def order_gains(batch: TextBatch, model: OrderModel | None = None,
                typed: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(per document: ``order_gain``, ``order_gain_upper``); NaN where the document is too short.

    ``order_gain`` is the mean over the document's own transitions of their log-probability minus
    what a random order of the same eojeols scores. ``order_gain_upper`` adds ``MARGIN_SE``
    standard errors of that mean (the spread of the document's own transition log-probabilities
    over √transitions): the rule reads it, so a short page (a few dozen transitions of loosely
    spaced comments) gets a wide benefit of the doubt and a long page of salad none. With the mean
    alone, the clean tail that bounded the rule was short comment pages whose mean is noise;
    held out, the same 1 % clean loss caught 0.62 of the junk set's salad with the mean and 0.90
    with the upper bound (docs/calibration.md). ``typed``: ``eojeol_types(batch, model)`` when the
    caller has it.
    """
    model = model or OrderModel.load()
    n_docs = len(batch.texts)
    gain = np.full(n_docs, np.nan)
    upper = np.full(n_docs, np.nan)
    doc, types, line = typed if typed is not None else eojeol_types(batch, model)
    if len(types) == 0:
        return gain, upper
    log_p = model.log_p
    follows = (doc[1:] == doc[:-1]) & (line[1:] == line[:-1])
    pair_doc = doc[1:][follows]
    own = log_p[types[:-1][follows], types[1:][follows]]
    own_sum = np.bincount(pair_doc, own, n_docs)
    own_squares = np.bincount(pair_doc, own * own, n_docs)
    own_n = np.bincount(pair_doc, minlength=n_docs)
    m = np.bincount(doc, minlength=n_docs).astype(np.float64)
    scored = np.flatnonzero((m >= MIN_EOJEOLS) & (own_n >= MIN_TRANSITIONS))
    if len(scored) == 0:
        return gain, upper
    # every ordered pair (x, y), x ≠ y, of a document's eojeols: Σ c_x L[x, y] c_y − Σ_x L[t_x, t_x],
    # over the types the document has (a few dozen): per document, so batching cannot change a bit
    bounds = np.searchsorted(doc, np.arange(n_docs + 1))  # eojeols come in document order
    all_pairs = np.empty(len(scored))
    for rank, d in enumerate(scored):
        present, counts = np.unique(types[bounds[d]:bounds[d + 1]], return_counts=True)
        weights = counts.astype(np.float64)
        all_pairs[rank] = weights @ log_p[np.ix_(present, present)] @ weights
    same = np.bincount(doc, log_p[types, types], n_docs)[scored]
    mm = m[scored]
    expected = (all_pairs - same) / (mm * (mm - 1))
    n = own_n[scored]
    mean = own_sum[scored] / n
    spread = np.sqrt(np.maximum(own_squares[scored] / n - mean * mean, 0.0))  # population sd
    gain[scored] = mean - expected
    upper[scored] = gain[scored] + MARGIN_SE * spread / np.sqrt(n)
    return gain, upper


def line_end_gains(n_docs: int, doc: np.ndarray, types: np.ndarray, line: np.ndarray,
                   model: OrderModel) -> np.ndarray:
    """Per document: the mean over its lines of ≥ 2 eojeols of (its last eojeol's line-end score −
    the mean score of the line's eojeols); NaN under ``MIN_LINES`` such lines. The second term is
    what the line scores with its eojeols in random order, so a line shuffled within itself is
    near 0 and real text well above. Arguments: ``eojeol_types``' arrays (document order)."""
    value = np.full(n_docs, np.nan)
    if len(types) == 0:
        return value
    score = model.line_end_score[types]
    # a line is a run of eojeols with one line number (documents are joined by "\n": two
    # documents never share one)
    starts = np.flatnonzero(np.r_[True, line[1:] != line[:-1]])
    length = np.diff(np.r_[starts, len(types)])
    mean = np.add.reduceat(score, starts) / length
    last = starts + length - 1
    long = length >= 2
    line_doc = doc[last[long]]
    n_lines = np.bincount(line_doc, minlength=n_docs)
    total = np.bincount(line_doc, score[last[long]] - mean[long], n_docs)
    enough = n_lines >= MIN_LINES
    value[enough] = total[enough] / n_lines[enough]
    return value


def compute(batch: TextBatch) -> dict[str, np.ndarray]:
    model = OrderModel.load()
    typed = eojeol_types(batch, model)
    gain, upper = order_gains(batch, model, typed)
    return {"order_gain": gain, "order_gain_upper": upper,
            "line_end_gain": line_end_gains(len(batch.texts), *typed, model)}

"""A quality model learnt from the curator's accept/reject decisions (no I/O; pipeline/learn.py
reads and writes the workspace).

Features: the stored signals (log of the counts, then centred by the median and scaled by the
interquartile range of the whole workspace, clipped to ±5) and a content view of the text:
character 1- and 2-grams of the first ``TEXT_CHARS`` characters, digits folded, hashed into
``DIM`` buckets, log counts, L2-normalised per document. Hangul syllable bigrams carry stems and
endings (니다, 했다, ㅋㅋ) without Kiwi, so scoring costs a fraction of the analysis and ``learn``
can score a finished workspace without re-running Kiwi. The learner is scikit-learn's logistic
regression (class-balanced, C chosen by stratified cross-validation, fixed folds: the same
decisions give the same model); scoring is a dot product in numpy, so ``run`` and the app need
only the saved weights.

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
CS = (0.25, 1.0, 4.0, 16.0)
_SHIFT = np.uint64(64 - BITS)  # the top BITS of a 64-bit multiplicative hash
_MUL1, _MUL2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _code_points(text: str) -> np.ndarray:
    cps = np.frombuffer(text[:TEXT_CHARS].encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    cps[(cps >= 48) & (cps <= 57)] = 48  # every ASCII digit is '0': numbers generalise
    return cps


def ngram_buckets(text: str) -> np.ndarray:
    """The hashed bucket of every character 1- and 2-gram of the text's first TEXT_CHARS chars."""
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


def content_features(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, buckets, values) of the documents' content view: log(1+count), L2 per row."""
    keys = [np.unique(ngram_buckets(t), return_counts=True) for t in texts]
    rows = np.concatenate([np.full(len(k[0]), i, np.int64) for i, k in enumerate(keys)] or [np.zeros(0, np.int64)])
    cols = np.concatenate([k[0] for k in keys] or [np.zeros(0, np.int64)])
    vals = np.log1p(np.concatenate([k[1] for k in keys] or [np.zeros(0)]).astype(np.float64))
    norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(texts)))
    vals = vals / np.where(norms > 0, norms, 1.0)[rows]
    return rows, cols, vals


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
    text_coef: np.ndarray    # DIM weights towards "reject"
    intercept: float
    info: dict = field(default_factory=dict)  # decisions hash, counts, C, cross-validation

    # scoring ------------------------------------------------------------------------------------
    def reject_logit(self, texts: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
        rows, cols, vals = content_features(texts)
        text_part = np.bincount(rows, weights=vals * self.text_coef[cols], minlength=len(texts))
        return self.intercept + self.scaling.transform(columns, len(texts)) @ self.signal_coef + text_part

    def quality(self, texts: list[str], columns: dict[str, np.ndarray]) -> np.ndarray:
        """learned_quality: P(accept) per document."""
        return 1.0 / (1.0 + np.exp(self.reject_logit(texts, columns)))

    def explain(self, text: str, columns: dict[str, np.ndarray], top: int = 6) -> list[tuple[str, str, float]]:
        """What moved this document's score most: (kind "signal" or "ngram", name, contribution
        towards keep; negative = towards reject). Half the places go to each kind (n-grams weigh
        little one by one, together they often decide), largest magnitude first."""
        x = self.scaling.transform({k: np.asarray([v]).reshape(-1) for k, v in columns.items()}, 1)[0]
        signals = [("signal", name, -float(xi * w)) for name, xi, w in zip(self.scaling.names, x, self.signal_coef) if xi * w]
        rows, cols, vals = content_features([text])
        grams = ngrams(text)
        pieces = [("ngram", grams.get(bucket, "?"), -float(value * self.text_coef[bucket]))
                  for bucket, value in zip(cols.tolist(), vals.tolist())]
        chosen = []
        for kind in (signals, pieces):
            kind.sort(key=lambda c: -abs(c[2]))
            chosen += kind[:top - top // 2] if kind is signals else kind[:top // 2]
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
                return cls(scaling, data["signal_coef"], data["text_coef"].astype(np.float64),
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


def _matrix(texts, columns, scaling: SignalScaling):
    from scipy import sparse
    rows, cols, vals = content_features(texts)
    text = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), DIM))
    return sparse.hstack([sparse.csr_matrix(scaling.transform(columns, len(texts))), text]).tocsr()


def _fit(X, y, C: float):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="liblinear",
                              random_state=0).fit(X, y)


def train(texts: list[str], columns: dict[str, np.ndarray], rejected: np.ndarray, scaling: SignalScaling,
          min_decisions: int = MIN_DECISIONS, cross_validate: bool = True, C: float = 1.0) -> LearnedModel:
    """Fit on the decided documents (``rejected``: True = the curator rejected it); C by
    cross-validation, or ``C`` as given with ``cross_validate=False`` (a quick refit)."""
    from sklearn.model_selection import StratifiedKFold

    rejected = np.asarray(rejected, dtype=bool)
    check_decisions(rejected, min_decisions)
    X, y = _matrix(texts, columns, scaling), rejected.astype(int)
    # 5 folds; 3 from a thousand decisions on, where each fold holds enough and training time counts
    folds = min(5 if len(y) < 1000 else 3, int(y.sum()), int(len(y) - y.sum()))
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=0).split(np.zeros(len(y)), y))

    def predicted(C: float) -> np.ndarray:
        p = np.zeros(len(y))
        for train_rows, test_rows in splits:
            p[test_rows] = _fit(X[train_rows], y[train_rows], C).predict_proba(X[test_rows])[:, 1]
        return p
    if cross_validate:
        held = {C: predicted(C) for C in CS}
        C = max(CS, key=lambda c: (round(_log_loss(y, held[c]), 6) * -1, -c))
        metrics = agreement(y.astype(bool), held[C])
    else:
        metrics = {}
    fitted = _fit(X, y, C)
    k = len(scaling.names)
    coef = fitted.coef_[0]
    info = {"C": C, "decisions": int(len(y)), "rejected": int(y.sum()), "accepted": int(len(y) - y.sum()),
            "folds": folds, "cross_validated": metrics}
    return LearnedModel(scaling, coef[:k].copy(), coef[k:].copy(), float(fitted.intercept_[0]), info)


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def agreement(rejected: np.ndarray, p_reject: np.ndarray, threshold: float = THRESHOLD) -> dict:
    """Precision/recall/F1 of "reject" at P(reject) > 1 - threshold, and calibration (Brier score,
    expected calibration error over 10 bins)."""
    predicted = p_reject > 1 - threshold
    tp = int((predicted & rejected).sum())
    fp = int((predicted & ~rejected).sum())
    fn = int((~predicted & rejected).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    bins = np.minimum((p_reject * 10).astype(int), 9)
    ece = sum(abs(p_reject[bins == b].mean() - rejected[bins == b].mean()) * (bins == b).sum()
              for b in range(10) if (bins == b).any()) / len(p_reject)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "accuracy": round(float((predicted == rejected).mean()), 4),
            "brier": round(float(np.mean((p_reject - rejected) ** 2)), 4), "ece": round(float(ece), 4)}


# which documents to ask about, and which thresholds the decisions support ---------------------------
def disagrees(quality, rule_removed):
    """Where the model (quality below THRESHOLD: remove) and the fixed rules disagree."""
    return (np.asarray(quality) < THRESHOLD) != np.asarray(rule_removed)


def informative_order(quality: np.ndarray | None, rule_removed: np.ndarray, undecided: np.ndarray,
                      seed: int = 0) -> np.ndarray:
    """Row indices of undecided documents, the most informative first: where the model and the
    rules disagree, then where the model is least sure (quality nearest 0.5). Without a model
    (``quality`` None or NaN) the order is random, alternating rule-removed and rule-kept rows so
    the first decisions hold both kinds."""
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
    certainty = np.abs(q - 0.5)
    tiebreak = rng.random(len(rows))
    return rows[np.lexsort((tiebreak, certainty, ~disagree))]


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

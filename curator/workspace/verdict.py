"""The verdict engine: one place that says which documents are removed and why.

A verdict is a pure function of rule failure masks, the near-duplicate clusters and the curator's
decisions. ``apply``, ``decide``, ``decisions import``, export, the tokenizer and the GUI all ask
this object; none of them computes kept/reasons/counts on its own, so a live count in the app is
the count after saving, and the stats are what export writes.

Memory: one bit-mask row per rule plus a few numbers per document (~60 bytes), no signals and no
text: the caller supplies a signal column when a threshold moves (``signal(name)``).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.dedup.stage import EXACT, NEAR, dedup_reasons, dedup_settings
from curator.errors import CuratorError
from curator.filters.learned import SIGNAL as LEARNED_SIGNAL, Suggestion, suggest_bound
from curator.filters.rules import REASONS_TYPE, Rule, pack_bits, reasons_from_codes, rules_from_config
from curator.workspace.store import DECISIONS

REJECTED = "review:rejected"
NONE, ACCEPT, REJECT = 0, 1, 2
DECISION_CODES = {None: NONE, DECISIONS[0]: ACCEPT, DECISIONS[1]: REJECT}
DECISION_NAMES = {code: name for name, code in DECISION_CODES.items()}
# what the engine reads of a part besides the rule signals (no text, no signatures)
LIGHT_COLUMNS = ["id", "n_chars", "text_hash", "dup_cluster", "dup_reason", "dup_reference"]


@dataclass
class Counts:
    documents: int
    kept: int
    removed: int
    by_rule: dict[str, int]

    @property
    def removed_share(self) -> float:
        return self.removed / self.documents if self.documents else 0.0


def dedup_codes(values: pa.Array | pa.ChunkedArray | None, n_rows: int) -> np.ndarray:
    """0/1/2 for null/``dedup:exact``/``dedup:near`` (a ``dup_reason`` or ``dup_reference`` column)."""
    codes = np.zeros(n_rows, dtype=np.int8)
    if values is None:
        return codes
    codes[pc.equal(values, EXACT).fill_null(False).to_numpy(zero_copy_only=False)] = 1
    codes[pc.equal(values, NEAR).fill_null(False).to_numpy(zero_copy_only=False)] = 2
    return codes


def decision_array(ids: list[str] | pa.ChunkedArray, decisions: dict[str, str] | None) -> np.ndarray:
    """Per row NONE/ACCEPT/REJECT from the store's {id: "accept"|"reject"}."""
    out = np.zeros(len(ids), dtype=np.int8)
    if not decisions:
        return out
    ids = ids.to_pylist() if hasattr(ids, "to_pylist") else ids
    for row, doc_id in enumerate(ids):
        out[row] = DECISION_CODES[decisions.get(doc_id)]
    return out


def _column(table: pa.Table, name: str) -> pa.ChunkedArray | None:
    return table.column(name) if name in table.column_names else None


class Verdicts:
    """Rules, clusters and decisions of a set of rows, and every verdict derived from them.

    ``dedup`` starts as the stored ``dup_reason`` codes when ``rechoose`` is false (a part read for
    ``decide`` or export: its representatives were chosen over the whole workspace), else the
    representatives are chosen here from the failure masks (``apply`` over every part). ``light``
    holds ``LIGHT_COLUMNS`` and, unless ``masks`` are given, the rules' signals; ``signal(name)``
    gives a whole signal column when a threshold moves (default: from ``light``).
    """

    def __init__(self, config: dict, light: pa.Table, decisions: dict[str, str] | None = None,
                 rechoose: bool = True, signal: Callable[[str], np.ndarray] | None = None,
                 masks: np.ndarray | None = None):
        self.config = config
        self.rules: list[Rule] = rules_from_config(config)
        self.n = light.num_rows
        self.ids = light.column("id")
        self._signal = signal or (lambda name: light.column(name).to_numpy().astype(np.float64))
        # mask by mask and part by part: no column of the whole workspace is held as float64
        # (``masks``: already computed by the caller, rule by rule in config order)
        self.masks = masks if masks is not None else np.zeros((len(self.rules), self.n), dtype=bool)
        for i, rule in enumerate(self.rules if masks is None else []):
            if rule.signal not in light.column_names:
                raise CuratorError(f"rule '{rule.name}': the workspace has no signal '{rule.signal}'")
            self.masks[i] = np.concatenate([rule.fails(chunk.to_numpy(zero_copy_only=False))
                                            for chunk in light.column(rule.signal).chunks] or [np.zeros(0, bool)])
        self._rule_counts: dict[int, int] = {}  # rule index → documents whose reasons hold it (cache)
        self.n_chars = light.column("n_chars").to_numpy(zero_copy_only=False)
        hashes = _column(light, "text_hash")
        self.text_hash = (hashes.to_numpy(zero_copy_only=False) if hashes is not None
                          else np.arange(self.n, dtype=np.int64))
        clusters = _column(light, "dup_cluster")
        self.clusters = clusters if clusters is not None else pa.chunked_array([pa.nulls(self.n, pa.string())])
        self.reference = dedup_codes(_column(light, "dup_reference"), self.n)
        self.dedup_enabled = dedup_settings(config).enabled
        encoded = pc.dictionary_encode(self.clusters)
        encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
        self.cluster_index = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        self.cluster_index[self.reference > 0] = -1  # duplicates of the reference: removed whatever the cluster
        if not self.dedup_enabled:
            self.cluster_index[:] = -1
            self.reference[:] = 0
        self.decision = decision_array(self.ids, decisions)
        if rechoose:
            self.dedup = self.dedup_with(self.failing())
        else:
            stored = dedup_codes(_column(light, "dup_reason"), self.n)
            self.dedup = np.where(self.reference > 0, self.reference, stored).astype(np.int8)

    # the parts of a verdict ---------------------------------------------------------------------
    def rule_index(self, name: str) -> int:
        return [r.name for r in self.rules].index(name)

    def failing(self, override: dict[int, np.ndarray] | None = None) -> np.ndarray:
        """Rows some rule removes (``override``: rule index → the mask it has when tried)."""
        failing = np.zeros(self.n, dtype=bool)
        for i in range(len(self.rules)):
            failing |= override[i] if override and i in override else self.masks[i]
        return failing

    def dedup_with(self, failing: np.ndarray) -> np.ndarray:
        """Dedup codes (0, 1 exact, 2 near) when ``failing`` are the rows other rules remove: each
        cluster keeps the member no rule removes, then the longest, then the first (SPEC.md)."""
        if not self.dedup_enabled:
            return np.zeros(self.n, np.int8)
        codes = dedup_reasons(self.cluster_index, failing, self.n_chars, self.text_hash)
        return np.where(self.reference > 0, self.reference, codes).astype(np.int8)

    def masks_for(self, changes: dict[str, tuple[float | None, float | None]]) -> dict[int, np.ndarray]:
        """Failure masks of the rules in ``changes`` at their new (min, max), by rule index."""
        override = {}
        for name, (minimum, maximum) in changes.items():
            index = self.rule_index(name)
            rule = self.rules[index]
            override[index] = Rule(rule.name, rule.signal, minimum, maximum).fails(self._signal(rule.signal))
        return override

    def _verdict(self, override: dict[int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(removed mask, dedup codes), with ``override`` masks representatives are chosen again."""
        failing = self.failing(override)
        dedup = self.dedup_with(failing) if override else self.dedup
        removed = (failing | (dedup > 0) | (self.decision == REJECT)) & (self.decision != ACCEPT)
        return removed, dedup

    # what callers ask ---------------------------------------------------------------------------
    def removed(self, changes: dict | None = None) -> np.ndarray:
        """Removed rows now, or with the rules in ``changes`` at new (min, max)."""
        return self._verdict(self.masks_for(changes) if changes else None)[0]

    def kept(self) -> np.ndarray:
        return ~self.removed()

    def reasons(self, row: int) -> list[str]:
        code = int(self._codes(row, row + 1)[0])
        return [name for bit, name in enumerate(self.reason_names()) if (code >> bit) & 1]

    def reason_names(self) -> list[str]:
        """Every reason in the order reasons are listed: rules, then dedup, then review."""
        return [r.name for r in self.rules] + [EXACT, NEAR, REJECTED]

    def _codes(self, start: int, stop: int) -> np.ndarray:
        """One uint64 per row whose bit i says ``reason_names()[i]`` applies (0: kept)."""
        dedup, decision = self.dedup[start:stop], self.decision[start:stop]
        codes = pack_bits([*self.masks[:, start:stop], dedup == 1, dedup == 2, decision == REJECT])
        codes[decision == ACCEPT] = 0
        return codes

    def reasons_column(self, start: int = 0, stop: int | None = None) -> pa.ListArray:
        """The ``reasons`` column of rows start..stop (as stored in the parts)."""
        return self.stored_columns(start, stop)["reasons"]

    def stored_columns(self, start: int = 0, stop: int | None = None) -> dict[str, pa.Array]:
        """``kept``, ``reasons`` and ``dup_reason`` of rows start..stop as the parts store them,
        from one reason code per row of the slice only."""
        stop = self.n if stop is None else stop
        codes = self._codes(start, stop)
        reasons = (reasons_from_codes(codes, self.reason_names()) if stop > start
                   else pa.array([], REASONS_TYPE))
        dedup = pa.array([None, EXACT, NEAR], pa.string()).take(pa.array(self.dedup[start:stop].astype(np.int64)))
        return {"kept": pa.array(codes == 0), "reasons": reasons, "dup_reason": dedup}

    def counts(self, changes: dict[str, tuple[float | None, float | None]] | None = None) -> Counts:
        """Kept/removed and per-reason counts now, or with every rule in ``changes`` at its new
        (min, max) together (what unsaved threshold changes would do, representatives re-chosen).
        A reason counts the documents whose ``reasons`` hold it: not those a curator accepted."""
        accepted = self.decision == ACCEPT
        any_accepted = bool(accepted.any())
        override = self.masks_for(changes or {})

        def held(mask: np.ndarray) -> int:
            return int(np.count_nonzero(mask & ~accepted if any_accepted else mask))
        by_rule = {}
        for i, rule in enumerate(self.rules):
            if i in override:
                by_rule[rule.name] = held(override[i])
            else:
                if i not in self._rule_counts:
                    self._rule_counts[i] = held(self.masks[i])
                by_rule[rule.name] = self._rule_counts[i]
        removed_mask, dedup = self._verdict(override)
        removed = int(np.count_nonzero(removed_mask))
        by_rule[EXACT] = held(dedup == 1)
        by_rule[NEAR] = held(dedup == 2)
        by_rule[REJECTED] = int(np.count_nonzero(self.decision == REJECT))
        return Counts(self.n, self.n - removed, removed, {k: v for k, v in by_rule.items() if v})

    def flips(self, changes: dict[str, tuple[float | None, float | None]]) -> tuple[np.ndarray, np.ndarray]:
        """(rows newly removed, rows newly kept) if every rule in ``changes`` moved together."""
        before, after = self.removed(), self.removed(changes)
        return np.flatnonzero(after & ~before), np.flatnonzero(before & ~after)

    def stats(self, errors: int, decisions: dict[str, str] | None = None) -> dict:
        """The ``curator stats --json`` object (SPEC.md): per rule and per family, documents whose
        stored ``reasons`` hold it (a document counts once per family)."""
        codes = self._codes(0, self.n)
        names = self.reason_names()
        unique, counts = np.unique(codes, return_counts=True)
        by_rule: dict[str, int] = {}
        by_family: dict[str, int] = {}
        for code, count in zip(unique.tolist(), counts.tolist()):
            present = [names[b] for b in range(len(names)) if (code >> b) & 1]
            for name in present:
                by_rule[name] = by_rule.get(name, 0) + count
            for family in {name.split(":", 1)[0] for name in present}:
                by_family[family] = by_family.get(family, 0) + count
        kept = int(np.count_nonzero(codes == 0))
        valid = self.clusters.drop_null()
        clusters = sum(1 for c in pc.value_counts(valid).to_pylist() if c["counts"] >= 2) if len(valid) else 0
        decisions = decisions or {}
        return {
            "documents": self.n,
            "kept": kept,
            "removed": self.n - kept,
            "errors": errors,
            "removed_by_family": dict(sorted(by_family.items())),
            "removed_by_rule": dict(sorted(by_rule.items())),
            "near_dup_clusters": clusters,
            "decisions": {d: sum(1 for v in decisions.values() if v == d) for d in DECISIONS},
        }

    # changing it --------------------------------------------------------------------------------
    def fixed_removed(self, rows: np.ndarray, except_rule: int | None = None) -> np.ndarray:
        """Which of ``rows`` the rules other than the learned one (and other than rule index
        ``except_rule``), or dedup, remove: decisions aside. The learned rule is left out because it
        was fitted to the decisions: it is what informative sampling and suggestions compare with."""
        rows = np.asarray(rows, dtype=np.int64)
        fixed = np.array([j != except_rule and r.signal != LEARNED_SIGNAL for j, r in enumerate(self.rules)], dtype=bool)
        removed = self.masks[np.ix_(fixed, rows)].any(axis=0) if fixed.any() else np.zeros(len(rows), bool)
        return removed | (self.dedup[rows] > 0)

    def suggestion(self, name: str, values: np.ndarray) -> Suggestion | None:
        """The bound of rule ``name`` that agrees best with the decisions so far (``values``: its
        signal column; filters/learned.py ``suggest_bound``), over the decided documents that no
        other fixed rule and no dedup removes (``fixed_removed``). None when nothing beats the
        current bound."""
        decided = np.flatnonzero(self.decision != NONE)
        i = self.rule_index(name)
        rule = self.rules[i]
        depends = decided[~self.fixed_removed(decided, except_rule=i)]
        best = None
        for side in ("min", "max"):
            current = getattr(rule, side)
            if current is None:
                continue
            found = suggest_bound(np.asarray(values, dtype=np.float64)[depends], self.decision[depends] == REJECT,
                                  side, current)
            if found and found[0] != current and (best is None or found[1] - found[2] > best.agree - best.agree_now):
                best = Suggestion(name, side, *found)
        return best

    def set_rule(self, name: str, minimum: float | None, maximum: float | None) -> None:
        """Adopt new bounds; the representatives follow the new rule."""
        index = self.rule_index(name)
        rule = self.rules[index]
        self.rules[index] = Rule(rule.name, rule.signal, minimum, maximum)
        self.masks[index] = self.rules[index].fails(self._signal(rule.signal))
        self._rule_counts.pop(index, None)
        self.dedup = self.dedup_with(self.failing())

    def set_decision(self, row: int, action: str | None) -> None:
        self.decision[row] = DECISION_CODES[action]
        self._rule_counts.clear()  # an accepted document's reasons are empty

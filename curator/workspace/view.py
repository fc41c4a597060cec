"""A read model of a workspace for interactive use (the GUI), Qt-free.

Opening keeps only light columns in memory (ids, sources, lengths, one failure mask per rule,
dedup codes, decisions): ~60 bytes per document, so a million documents open in about a second.
Texts and full rows are read on demand, one Parquet row group at a time, with a small cache.
Counting kept/removed while a threshold moves touches one signal column and the masks: a few
milliseconds per million rows.
"""

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.config import with_bounds
from curator.dedup.stage import EXACT, NEAR
from curator.errors import CuratorError
from curator.filters.learned import (FEATURE_SIGNALS, SIGNAL, LearnedModel, SignalScaling, Suggestion,
                                     check_decisions, contradiction, feature_columns, informative_order, train)
from curator.filters.rules import Rule
from curator.workspace import search
from curator.workspace.layout import Workspace
from curator.workspace.reapply import reapply
from curator.workspace.store import DecisionStore
from curator.workspace.tables import column_reader, derived_names, part_file, part_schema, read_derived, read_light
from curator.workspace.verdict import ACCEPT, DECISION_CODES, DECISION_NAMES, NONE, REJECT, REJECTED, Counts, Verdicts

HEAVY = {"text", "minhash", "line_hashes"}


class ReadOnlyWorkspace(CuratorError):
    """A write asked of a view over a workspace this process cannot write."""


class WorkspaceView:
    def __init__(self, root: str):
        self.ws = Workspace.open(root)
        self.meta = self.ws.read_meta()
        self.config = self.meta["config"]
        self.parts = self.ws.part_paths()
        self._lock = threading.RLock()
        self._groups: OrderedDict = OrderedDict()  # (part, row group, columns) → table
        self._signals: dict[str, np.ndarray] = {}
        # a workspace on read-only media or shared read-only is browsed, counted and explored all the
        # same; only what would write it (decisions, notes, saving thresholds, learn) is refused
        self.read_only = not self.ws.writable()
        self.store = DecisionStore.reading(self.ws) if self.read_only else DecisionStore.for_workspace(self.ws)
        self.revision = self.meta.get("revision")  # the record this view was built from (outside_change)
        self.data_version = self.store.data_version()
        self.writing = False  # a flush (or the app's learn) is writing the workspace: not an outside change
        self.dirty = False  # decisions or thresholds changed since the parts were written
        self.changed_rules: dict[str, tuple] = {}  # thresholds this view changed, not yet flushed
        self._row_of = None
        self._model = None  # the learned model, loaded on first use (model())
        self._features: dict[int, dict] = {}  # decided row → its text and signals (rerank)
        self.reranked_info: dict | None = None  # the last rerank's model: decisions, cross-validated figures
        self._load()

    # loading ------------------------------------------------------------------------------------
    def _load(self) -> None:
        light, sizes, masks = read_light(self.ws, self.config, extra=("source",), strict=False)
        self._column = column_reader(self.ws)  # one reader: the derived file's schema read once
        # chunked, not combined: combining a million strings costs more than reading them
        self.verdicts = Verdicts(self.config, light, self.store.all(), rechoose=False, signal=self.signal,
                                 masks=masks)
        self.ids = light.column("id")
        self.sources = light.column("source")
        self.clusters = self.verdicts.clusters
        self.n = light.num_rows
        self.n_chars = self.verdicts.n_chars
        self.part_starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._layouts: dict[int, tuple] = {}
        self._derived: dict[str, pa.Array] | None = None

    # the engine's state, as the app reads it
    @property
    def rules(self) -> list[Rule]:
        return self.verdicts.rules

    @property
    def masks(self) -> np.ndarray:
        return self.verdicts.masks

    @property
    def dedup(self) -> np.ndarray:
        return self.verdicts.dedup

    @property
    def decision(self) -> np.ndarray:
        return self.verdicts.decision

    def row_of(self, doc_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {v: i for i, v in enumerate(self.ids.to_pylist())}
        return self._row_of.get(doc_id)

    # verdicts (the engine's) ----------------------------------------------------------------
    def rule_index(self, name: str) -> int:
        return self.verdicts.rule_index(name)

    def signal(self, name: str) -> np.ndarray:
        """A whole signal column (float64), read once and cached."""
        if name not in self._signals:
            self._signals[name] = self._column(name)
        return self._signals[name]

    def signal_names(self) -> list[str]:
        if not self.parts:
            return []
        schema = part_schema(self.parts[0])
        return [f.name for f in schema if (pa.types.is_floating(f.type) or pa.types.is_integer(f.type))
                and f.name not in ("text_hash",)]

    def removed_mask(self, changes: dict | None = None) -> np.ndarray:
        """Removed rows now, or with the rules in ``changes`` (name → (min, max)) being tried."""
        return self.verdicts.removed(changes)

    def counts(self, rule: str | None = None, minimum: float | None = None, maximum: float | None = None) -> Counts:
        """Kept/removed (and per rule) now, or with ``rule`` at new bounds."""
        return self.verdicts.counts({rule: (minimum, maximum)} if rule is not None else None)

    def counts_with(self, changes: dict[str, tuple[float | None, float | None]]) -> Counts:
        """Kept/removed (and per rule) with every rule in ``changes`` at its new (min, max)."""
        return self.verdicts.counts(changes)

    def flips(self, rule: str, minimum: float | None, maximum: float | None) -> tuple[np.ndarray, np.ndarray]:
        """(rows newly removed, rows newly kept) if ``rule`` moved to the new bounds."""
        return self.verdicts.flips({rule: (minimum, maximum)})

    def flips_with(self, changes: dict[str, tuple[float | None, float | None]]) -> tuple[np.ndarray, np.ndarray]:
        return self.verdicts.flips(changes)

    def set_rule(self, rule: str, minimum: float | None, maximum: float | None) -> None:
        """Adopt new bounds in memory (``flush`` writes them to the workspace)."""
        self.verdicts.set_rule(rule, minimum, maximum)
        self.dirty = True
        self.changed_rules[rule] = (minimum, maximum)
        self.config = with_bounds(self.config, {rule: (minimum, maximum)})
        self.verdicts.config = self.config

    def reasons(self, row: int) -> list[str]:
        return self.verdicts.reasons(row)

    def kept(self, rows: np.ndarray) -> np.ndarray:
        return ~self.removed_mask()[rows]

    # selection ----------------------------------------------------------------------------------
    def select(self, verdict: str = "all", reason: str | None = None, source: str | None = None,
               signal: str | None = None, low: float | None = None, high: float | None = None,
               decision: str | None = None) -> np.ndarray:
        """Row numbers matching every given condition, in input order (``decision``: accept,
        reject, or none for undecided)."""
        keep = np.ones(self.n, dtype=bool)
        if decision:
            keep &= self.decision == DECISION_CODES[None if decision == "none" else decision]
        if verdict != "all":
            removed = self.removed_mask()
            keep &= removed if verdict == "removed" else ~removed
        if reason:
            if reason in (EXACT, NEAR):
                keep &= self.dedup == (1 if reason == EXACT else 2)
            elif reason == REJECTED:
                keep &= self.decision == REJECT
            else:
                keep &= self.masks[self.rule_index(reason)]
        if source:
            keep &= pc.match_substring(self.sources, source).to_numpy(zero_copy_only=False)
        if signal:
            values = self.signal(signal)
            if low is not None:
                keep &= values >= low
            if high is not None:
                keep &= values <= high
        return np.flatnonzero(keep)

    def search(self, needle: str, rows: np.ndarray | None = None, cancel=lambda: False, mode: str = "text",
               analyse: "search.Analyse | None" = None) -> np.ndarray:
        """Rows whose text holds ``needle`` (``search.MODES``: NFC text ignoring Latin case, or the
        query's lemma through ``analyse``), part by part; ``cancel`` stops."""
        return search.search_parts(self.parts, self.part_starts, needle, rows, cancel, mode, analyse)

    def sort(self, rows: np.ndarray, key: str, descending: bool = False) -> np.ndarray:
        if key == "id":
            values = pc.sort_indices(self.ids.take(pa.array(rows))).to_numpy()
            order = values[::-1] if descending else values
            return rows[order]
        if key == "source":
            order = pc.sort_indices(self.sources.take(pa.array(rows))).to_numpy()
            return rows[order[::-1] if descending else order]
        if key == "kept":
            values = self.kept(rows).astype(np.int8)
        elif key == "decision":
            values = self.decision[rows]
        elif key == "n_chars":
            values = self.n_chars[rows]
        else:
            values = self.signal(key)[rows]
        order = np.argsort(-values if descending else values, kind="stable")
        return rows[order]

    # reading rows -------------------------------------------------------------------------------
    def locate(self, row: int) -> tuple[int, int, int]:
        """(part index, row group index, row within the group)."""
        part = int(np.searchsorted(self.part_starts, row, side="right") - 1)
        local = row - self.part_starts[part]
        starts = self._group_starts(part)
        group = int(np.searchsorted(starts, local, side="right") - 1)
        return part, group, int(local - starts[group])

    def _group_starts(self, part: int) -> np.ndarray:
        return self._layout(part)[1]

    def _layout(self, part: int) -> tuple:
        """(stamp, row-group boundaries, open ParquetFile) of a part; re-read when the part was
        rewritten (decide, export, flush), which also drops its cached row groups."""
        stat = os.stat(self.parts[part])
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._layouts.get(part)
        if cached is None or cached[0] != stamp:
            parquet = part_file(self.parts[part])  # parsing the footer is the slow part: once
            metadata = parquet.metadata
            sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
            cached = (stamp, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64), parquet)
            self._layouts[part] = cached
            with self._lock:
                for key in [k for k in self._groups if k[0] == part]:
                    del self._groups[key]
        return cached

    def _group(self, part: int, group: int, columns: tuple[str, ...]) -> pa.Table:
        key = (part, group, columns)
        with self._lock:
            if key in self._groups:
                self._groups.move_to_end(key)
                return self._groups[key]
        with self._lock:  # one ParquetFile is not safe to read from two threads at once
            table = self._layout(part)[2].read_row_group(group, columns=list(columns) or None)
        with self._lock:
            self._groups[key] = table
            while len(self._groups) > 12:
                self._groups.popitem(last=False)
        return table

    def derived(self) -> dict[str, pa.Array]:
        """The derived table's stored columns (clusters, learned scores …; tables.py), read on
        first use; not its verdict columns, which this view computes (``reasons``)."""
        if self._derived is None:
            # an older workspace keeps them in its parts, which the row reads take them from
            self._derived = read_derived(self.ws, [c for c in derived_names(self.ws) if c not in ("kept", "reasons")],
                                         legacy=False)
        return self._derived

    def texts(self, rows: list[int] | np.ndarray, limit: int | None = None) -> list[str]:
        """Texts of ``rows`` (optionally cut to ``limit`` characters), grouped by row group."""
        texts = self.values(rows, ("text",))["text"]
        return [t[:limit] for t in texts] if limit else texts

    def values(self, rows: list[int] | np.ndarray, columns: tuple[str, ...]) -> dict[str, list]:
        """Stored values of ``rows`` for each of ``columns`` (None where a part lacks the column),
        read one row group at a time."""
        rows = np.asarray(rows, dtype=np.int64)
        out = {name: [None] * len(rows) for name in columns}
        derived = self.derived()
        for name in columns:
            if name in derived:
                out[name] = derived[name].take(pa.array(rows)).to_pylist()
        columns = tuple(c for c in columns if c not in derived)
        parts = np.searchsorted(self.part_starts, rows, side="right") - 1
        for part in np.unique(parts).tolist():
            here = np.flatnonzero(parts == part)
            local = rows[here] - self.part_starts[part]
            starts = self._group_starts(part)
            groups = np.searchsorted(starts, local, side="right") - 1
            present = tuple(c for c in columns if c in self._layout(part)[2].schema_arrow.names)
            for group in np.unique(groups).tolist():
                mine = groups == group
                table = self._group(part, group, present)
                take = pa.array(local[mine] - starts[group])
                for name in present:
                    for i, value in zip(here[mine].tolist(), table.column(name).take(take).to_pylist()):
                        out[name][i] = value
        return out

    def document(self, row: int) -> dict:
        """Every stored field of one row except the hash columns, plus its current verdict."""
        part, group, local = self.locate(row)
        names = [n for n in self._layout(part)[2].schema_arrow.names if n not in HEAVY]
        record = self._group(part, group, tuple(names)).slice(local, 1).to_pylist()[0]
        record.update({name: values[row].as_py() for name, values in self.derived().items()})
        record["text"] = self.texts([row])[0]
        record["reasons"] = self.reasons(row)
        record["kept"] = not record["reasons"] if self.decision[row] != ACCEPT else True
        record["decision"] = DECISION_NAMES[int(self.decision[row])]
        record["row"] = row
        return record

    def _cell(self, row: int, name: str):
        """One stored value of one row (any column, heavy ones included)."""
        if name in self.derived():
            return self.derived()[name][row].as_py()
        part, group, local = self.locate(row)
        if name not in self._layout(part)[2].schema_arrow.names:
            return None
        return self._group(part, group, (name,)).column(name)[local].as_py()

    # decisions ----------------------------------------------------------------------------------
    def decide(self, row: int, action: str | None, note: str | None = None) -> str | None:
        """Record accept/reject/None in the store (durable at once); returns the previous one.
        The documents parts are brought in line by ``flush`` (on close) or by export."""
        self.check_writable("a decision")
        doc_id = self.ids[row].as_py()
        before = self.store.set(doc_id, action, note=note)
        self.dirty = True
        self.verdicts.set_decision(row, action)
        return before

    def decide_many(self, rows, action: str | None) -> dict[int, str | None]:
        """One decision for many rows, stored in one transaction; returns {row: previous decision}
        (what ``restore`` takes to undo the whole action in one step)."""
        self.check_writable("a decision")
        rows = [int(r) for r in rows]
        before = self.store.set_decisions({self.ids[r].as_py(): action for r in rows})
        for row in rows:
            self.verdicts.set_decision(row, action)
        self.dirty = True
        return {row: before[self.ids[row].as_py()] for row in rows}

    def restore(self, previous: dict[int, str | None]) -> None:
        """Put back the decisions a bulk action replaced (each row its own previous one)."""
        self.check_writable("a decision")
        self.store.set_decisions({self.ids[row].as_py(): decision for row, decision in previous.items()})
        for row, decision in previous.items():
            self.verdicts.set_decision(row, decision)
        self.dirty = True

    def cluster_rows_but_representative(self, row: int) -> np.ndarray:
        """The members of ``row``'s duplicate cluster other than the one it keeps (empty when alone)."""
        cluster = self.clusters[row].as_py() if self.n else None
        if cluster is None:
            return np.zeros(0, np.int64)
        members = self.cluster_members(cluster)
        keep = self.representative(cluster)
        return members[members != keep]

    def check_writable(self, what: str) -> None:
        if self.read_only:
            raise ReadOnlyWorkspace(f"{self.ws.root}: the workspace is read-only here: {what} cannot be stored")

    def note(self, row: int) -> str | None:
        return self.store.note(self.ids[row].as_py())

    def set_note(self, row: int, note: str | None) -> str | None:
        """Store the note of ``row`` (durable at once, with or without a decision)."""
        self.check_writable("a note")
        return self.store.set_note(self.ids[row].as_py(), note)

    def agreement(self) -> tuple[int, float | None]:
        """(decided documents, share where the curator agreed with the filters; None before the
        first decision: there is nothing to agree with yet)."""
        decided = np.flatnonzero(self.decision != NONE)
        if len(decided) == 0:
            return 0, None
        saved = self.decision[decided].copy()
        self.decision[decided] = NONE
        filter_removed = self.removed_mask()[decided]
        self.decision[decided] = saved
        agree = np.where(saved == REJECT, filter_removed, ~filter_removed)
        return len(decided), float(agree.mean())

    def outside_change(self) -> str | None:
        """What another process changed since this view read the workspace: "workspace" (its
        record: an ``apply``, ``learn`` or a new ``run``), "decisions" (a ``decide`` or a
        decisions import), or None. This view's numbers are then not what the store holds: the
        app reopens the workspace. Cheap (one small JSON file, one pragma): polled."""
        if self.writing:
            return None
        try:
            revision = self.ws.read_meta().get("revision")
        except (CuratorError, OSError):
            return "workspace"
        if revision != self.revision:
            return "workspace"
        return "decisions" if self.store.data_version() != self.data_version else None

    @contextmanager
    def own_writes(self):
        """``with view.own_writes():`` this process writes the workspace (a save, the app's
        learn): ``outside_change`` does not take those writes for another process's."""
        before, self.writing = self.writing, True
        try:
            yield
        finally:
            self.writing = before

    def flush(self) -> bool:
        """Write verdicts with the current decisions and thresholds into the parts. The config on
        disk may have moved since this view opened (an ``apply`` beside the app): only the
        thresholds changed here go on top of it, nothing else is reverted. Returns whether this
        view's numbers are still the store's: False when the workspace had changed outside it
        (the caller reopens it rather than show counts the store does not hold)."""
        self.check_writable("thresholds and decisions")
        outside = self.outside_change()
        with self.own_writes():
            stats, _ = reapply(self.ws, rules=self.changed_rules, rule_specs=self.config["rules"],
                               purpose="curator gui")
            self.revision = self.ws.read_meta().get("revision")
        self.changed_rules = {}
        self.dirty = False
        self._derived = None  # the save chose the representatives again
        counts = self.counts()
        return outside is None and (stats["documents"], stats["kept"]) == (counts.documents, counts.kept)

    # the learned model ---------------------------------------------------------------------------
    def model(self) -> LearnedModel | None:
        """The model ``curator learn`` left in the workspace (loaded once), or None."""
        if self._model is None and os.path.isfile(self.ws.model_path):
            self._model = LearnedModel.load(self.ws.model_path)
        return self._model

    def doubtful(self) -> dict[int, float]:
        """Row → out-of-fold P(reject) of the decisions the saved model doubts (``learn`` trained
        without them unless told to keep them: probably the curator's mistakes), those still decided."""
        model = self.model()
        found = {self.row_of(doc_id): p for doc_id, p in ((model.info.get("doubtful") or {}) if model else {}).items()}
        return {row: float(p) for row, p in found.items() if row is not None and self.decision[row] != NONE}

    def explain(self, row: int, top: int = 6) -> tuple[float | None, list[tuple[str, str, float]]]:
        """(learned_quality of ``row``, the features that moved it most: see LearnedModel.explain)."""
        model = self.model()
        if model is None:
            return None, []
        record = self.document(row)
        return record.get(SIGNAL), model.explain(record["text"], feature_columns([record], model.scaling.names), top)

    def rerank(self, rows: np.ndarray) -> tuple[np.ndarray, int] | None:
        """``rows`` (the rest of a review sample) in the most informative order by a model fitted
        now on every decision in the store, with the saved model's C and signal scaling when there
        is one: the review learns as the curator decides, without rewriting the workspace. Returns
        (rows reordered, decisions used), or None while the decisions cannot train a model. What a
        decided document contributes (its text and its signals) is kept, so
        each call reads only the newly decided ones."""
        decided = np.flatnonzero(self.decision != NONE)
        rejected = self.decision[decided] == REJECT
        try:
            check_decisions(rejected)
        except CuratorError:
            return None
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[self.decision[rows] == NONE]
        new = [int(r) for r in decided if int(r) not in self._features]
        for row, fields in zip(new, self._feature_rows(new)):
            self._features[row] = fields
        candidates = self._feature_rows(rows.tolist())
        saved = self.model()

        known = [self._features[int(r)] for r in decided]
        train_texts, train_columns = [f["text"] for f in known], feature_columns(known)
        texts, columns = [f["text"] for f in candidates], feature_columns(candidates)
        scaling = saved.scaling if saved is not None else SignalScaling.fit(
            {k: np.concatenate([train_columns[k], columns[k]]) for k in FEATURE_SIGNALS})
        # its cross-validated figures at that C (one fit per fold): the review shows them beside
        # the order, so the curator sees how far the model has got
        model = train(train_texts, train_columns, rejected, scaling, cross_validate="at C",
                      C=saved.info.get("C", 1.0) if saved is not None else 1.0,
                      penalty=saved.info.get("penalty", "l2") if saved is not None else "l2")
        self.reranked_info = model.info
        quality = np.full(self.n, np.nan)
        quality[rows] = model.quality(texts, columns)
        undecided = np.zeros(self.n, bool)
        undecided[rows] = True
        return informative_order(quality, self.fixed_rules_remove(), undecided), len(decided)

    def _feature_rows(self, rows: list[int]) -> list[dict]:
        fields = self.values(rows, ("text", *FEATURE_SIGNALS))
        return [{name: fields[name][i] for name in fields}
                for i in range(len(rows))]

    def fixed_rules_remove(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Which rows (default: all) the rules other than quality:learned, or dedup, remove
        (decisions aside; Verdicts.fixed_removed)."""
        return self.verdicts.fixed_removed(np.arange(self.n) if rows is None else rows)

    def suggestion(self, rule_name: str, values: np.ndarray) -> Suggestion | None:
        """The bound the decisions so far suggest for ``rule_name`` (see Verdicts.suggestion)."""
        return self.verdicts.suggestion(rule_name, values)

    # sampling -----------------------------------------------------------------------------------
    def sample(self, strategy: str, count: int, seed: int = 0, reason: str | None = None,
               exclude_decided: bool = True) -> np.ndarray:
        """Rows to review: ``random``, ``removed``, ``kept``, ``reason``, ``borderline``,
        ``informative`` (where the learned model is least sure, in bands, and within a band where
        it and the fixed rules disagree; without a model, removed and kept rows alternately at
        random: ``informative_order``) or
        ``doubtful`` (decisions the saved model confidently contradicts, to look at again)."""
        rng = np.random.default_rng(seed)
        if strategy == "doubtful":  # decided already: the most contradicted first
            doubted = self.doubtful()
            return np.array(sorted(doubted, key=lambda row: (-contradiction(self.decision[row] == REJECT, doubted[row]),
                                                             row))[:count], np.int64)
        if strategy == "informative":
            quality = self.signal(SIGNAL) if SIGNAL in self.signal_names() else None
            undecided = self.decision == NONE if exclude_decided else np.ones(self.n, bool)
            return informative_order(quality, self.fixed_rules_remove(), undecided, seed)[:count]
        if strategy == "borderline":
            order = np.argsort(self.borderline_distance(), kind="stable")
            pool = order[self.decision[order] == NONE] if exclude_decided else order
            return pool[:count]
        if strategy == "removed":
            pool = self.select("removed")
        elif strategy == "kept":
            pool = self.select("kept")
        elif strategy == "reason":
            pool = self.select(reason=reason)
        else:
            pool = np.arange(self.n)
        if exclude_decided:
            pool = pool[self.decision[pool] == NONE]
        return rng.permutation(pool)[:count]

    MASS_POINT = 0.01  # a bound that ≥ 1 % of the values sit exactly on is a count, not a border

    def borderline_distance(self) -> np.ndarray:
        """Per row, the smallest distance to any threshold, in units of that signal's 5–95 %
        spread. A value exactly on a bound that many documents share (``invalid_chars ≤ 0`` with
        most documents at 0) is not borderline: those rows would all tie at distance 0."""
        best = np.full(self.n, np.inf)
        for rule in self.rules:
            values = self.signal(rule.signal)
            finite = values[np.isfinite(values)]
            if len(finite) == 0:
                continue
            spread = float(np.subtract(*np.percentile(finite, [95, 5])))
            spread = spread if spread > 0 else 1.0
            for bound in (rule.min, rule.max):
                if bound is None:
                    continue
                distance = np.abs(values - bound) / spread
                on_bound = values == bound
                if np.count_nonzero(on_bound) > self.MASS_POINT * len(finite):
                    distance = np.where(on_bound, np.inf, distance)
                best = np.minimum(best, np.where(np.isfinite(distance), distance, np.inf))
        return best

    # duplicates ---------------------------------------------------------------------------------
    def cluster_sizes(self) -> list[tuple[str, int]]:
        """(cluster id, members) for clusters of two or more, largest first."""
        valid = self.clusters.drop_null()
        if len(valid) == 0:
            return []
        counts = pc.value_counts(valid).to_pylist()
        pairs = [(c["values"], c["counts"]) for c in counts if c["counts"] >= 2]
        return sorted(pairs, key=lambda p: (-p[1], p[0]))

    def cluster_members(self, cluster: str) -> np.ndarray:
        return np.flatnonzero(pc.equal(self.clusters, cluster).fill_null(False).to_numpy(zero_copy_only=False))

    def cluster_pairs(self, cluster: str) -> list[dict]:
        path = self.ws.pairs_path
        if not os.path.isfile(path):
            return []
        table = pq.read_table(path, filters=[("cluster", "=", cluster)])
        return table.to_pylist()

    def representative(self, cluster: str) -> int | None:
        """The member the cluster keeps: the one kept with the current verdict (a curator's
        "keep this one" included), else the one dedup leaves (another rule removes it)."""
        members = self.cluster_members(cluster)
        removed = self.removed_mask()[members]
        kept = members[~removed]
        if len(kept):
            return int(kept[0])
        left = members[self.dedup[members] == 0]
        return int(left[0]) if len(left) else None

    def similarity(self, a: int, b: int) -> tuple[float, bool]:
        """(Jaccard similarity of rows ``a`` and ``b``, confirmed): the confirmed pair's value from
        ``pairs.parquet`` when there is one, else the MinHash estimate from the stored signatures
        (members of one cluster can be joined through others)."""
        ids = (self.ids[a].as_py(), self.ids[b].as_py())
        cluster = self.clusters[a].as_py()
        for pair in self.cluster_pairs(cluster) if cluster else []:
            if (pair["a"], pair["b"]) in (ids, ids[::-1]):
                return float(pair["similarity"]), True
        sig_a, sig_b = (np.asarray(self._cell(r, "minhash") or [], np.uint32) for r in (a, b))
        return float(np.mean(sig_a == sig_b)) if len(sig_a) else 0.0, False

    def make_representative(self, row: int) -> None:
        """Keep ``row`` instead of its cluster's representative: accept it, reject the old one."""
        cluster = self.clusters[row].as_py()
        old = self.representative(cluster) if cluster else None
        self.decide(row, "accept", note="chosen as the cluster's representative")
        if old is not None and old != row:
            self.decide(old, "reject", note="another member chosen as representative")

    def close(self) -> None:
        self.store.close()

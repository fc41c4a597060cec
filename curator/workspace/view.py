"""A read model of a workspace for interactive use (the GUI), Qt-free.

Opening keeps only light columns in memory (ids, sources, lengths, one failure mask per rule,
dedup codes, decisions): ~60 bytes per document, so a million documents open in about a second.
Texts and full rows are read on demand, one Parquet row group at a time, with a small cache.
Counting kept/removed while a threshold moves touches one signal column and the masks: a few
milliseconds per million rows.
"""

import copy
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.dedup.stage import EXACT, NEAR, dedup_reasons
from curator.filters.rules import Rule, rules_from_config
from curator.workspace.layout import Workspace
from curator.workspace.store import DecisionStore
from curator.workspace.verdict import dedup_codes, signal_columns

LIGHT = ["id", "source", "n_chars", "dup_cluster", "dup_reason", "dup_reference", "text_hash"]
HEAVY = {"text", "minhash", "line_hashes"}
NONE, ACCEPT, REJECT = 0, 1, 2


@dataclass
class Counts:
    documents: int
    kept: int
    removed: int
    by_rule: dict[str, int]

    @property
    def removed_share(self) -> float:
        return self.removed / self.documents if self.documents else 0.0


class WorkspaceView:
    def __init__(self, root: str):
        self.ws = Workspace.open(root)
        self.meta = self.ws.read_meta()
        self.config = self.meta["config"]
        self.parts = self.ws.part_paths()
        self._lock = threading.RLock()
        self._groups: OrderedDict = OrderedDict()  # (part, row group, columns) → table
        self._signals: dict[str, np.ndarray] = {}
        self._load()
        self.store = DecisionStore.for_workspace(self.ws)
        self.dirty = False  # decisions or thresholds changed since the parts were written
        self.changed_rules: dict[str, tuple] = {}  # thresholds this view changed, not yet flushed
        self.decision = np.zeros(self.n, dtype=np.int8)
        self._row_of = None
        for doc_id, decision in self.store.all().items():
            row = self.row_of(doc_id)
            if row is not None:
                self.decision[row] = ACCEPT if decision == "accept" else REJECT

    # loading ------------------------------------------------------------------------------------
    def _load(self) -> None:
        self.rules: list[Rule] = rules_from_config(self.config)
        ids, sources, clusters = [], [], []
        n_chars, dedup, masks, group_rows, hashes, references = [], [], [], [], [], []
        for path in self.parts:
            parquet = pq.ParquetFile(path)
            names = parquet.schema_arrow.names
            wanted = [c for c in LIGHT if c in names] + sorted({r.signal for r in self.rules if r.signal in names})
            table = parquet.read(columns=list(dict.fromkeys(wanted)))
            group_rows.append([parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)])
            ids.append(table.column("id"))
            sources.append(table.column("source"))
            clusters.append(table.column("dup_cluster") if "dup_cluster" in names else pa.nulls(table.num_rows, pa.string()))
            n_chars.append(table.column("n_chars").to_numpy(zero_copy_only=False))
            codes = dedup_codes(table) if "dup_reason" in names else np.zeros(table.num_rows, np.int8)
            ref = dedup_codes(table, "dup_reference") if "dup_reference" in names else None
            dedup.append(np.where(ref > 0, ref, codes) if ref is not None else codes)
            references.append(ref if ref is not None else np.zeros(table.num_rows, np.int8))
            hashes.append(table.column("text_hash").to_numpy(zero_copy_only=False) if "text_hash" in names
                          else np.arange(table.num_rows, dtype=np.int64))
            columns = signal_columns(table, self.config)
            masks.append(np.stack([r.fails(columns[r.signal]) if r.signal in columns else np.zeros(table.num_rows, bool)
                                   for r in self.rules]) if self.rules else np.zeros((0, table.num_rows), bool))
        # chunked, not combined: combining a million strings costs more than reading them
        self.ids = pa.chunked_array([c for a in ids for c in a.chunks], pa.string())
        self.sources = pa.chunked_array([c for a in sources for c in a.chunks], pa.string())
        self.clusters = pa.chunked_array([c for a in clusters for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])],
                                         pa.string())
        self.n = len(self.ids)
        self.n_chars = np.concatenate(n_chars) if n_chars else np.zeros(0, np.int64)
        self.dedup = np.concatenate(dedup) if dedup else np.zeros(0, np.int8)
        # what re-choosing a cluster's representative needs (the same inputs `apply` uses)
        self.reference = np.concatenate(references) if references else np.zeros(0, np.int8)
        self.text_hash = np.concatenate(hashes) if hashes else np.zeros(0, np.int64)
        encoded = pc.dictionary_encode(self.clusters).combine_chunks() if self.n else None
        self.cluster_index = (pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
                              if encoded is not None else np.zeros(0, np.int64))
        self.cluster_index[self.reference > 0] = -1  # duplicates of the reference: removed whatever the cluster
        self.masks = np.concatenate(masks, axis=1) if masks else np.zeros((len(self.rules), 0), bool)
        sizes = [sum(g) for g in group_rows]
        self.part_starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._layouts: dict[int, tuple] = {}

    def row_of(self, doc_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {v: i for i, v in enumerate(self.ids.to_pylist())}
        return self._row_of.get(doc_id)

    # verdicts -----------------------------------------------------------------------------------
    def rule_index(self, name: str) -> int:
        return [r.name for r in self.rules].index(name)

    def signal(self, name: str) -> np.ndarray:
        """A whole signal column (float64), read once and cached."""
        if name not in self._signals:
            values = [pq.read_table(p, columns=[name]).column(name).to_numpy(zero_copy_only=False).astype(np.float64)
                      for p in self.parts]
            self._signals[name] = np.concatenate(values) if values else np.zeros(0)
        return self._signals[name]

    def signal_names(self) -> list[str]:
        if not self.parts:
            return []
        schema = pq.read_schema(self.parts[0])
        return [f.name for f in schema if (pa.types.is_floating(f.type) or pa.types.is_integer(f.type))
                and f.name not in ("text_hash",)]

    def _failing(self, override: dict[int, np.ndarray] | None) -> np.ndarray:
        masks = self.masks
        if override:
            failing = np.zeros(self.n, dtype=bool)
            for i in range(len(self.rules)):
                failing |= override.get(i, masks[i])
            return failing
        return masks.any(axis=0) if len(self.rules) else np.zeros(self.n, bool)

    def dedup_with(self, failing: np.ndarray) -> np.ndarray:
        """Dedup codes (0, 1 exact, 2 near) when ``failing`` are the rows other rules remove: a
        cluster's representative is re-chosen exactly as ``apply`` chooses it, so a live count
        equals the count after saving."""
        if not self.config.get("dedup", {}).get("enabled", True):
            return np.zeros(self.n, np.int8)
        codes = dedup_reasons(self.cluster_index, failing, self.n_chars, self.text_hash)
        return np.where(self.reference > 0, self.reference, codes).astype(np.int8)

    def _override(self, changes: dict[str, tuple[float | None, float | None]]) -> dict[int, np.ndarray]:
        """Failure masks of the rules in ``changes`` at their new (min, max), by rule index."""
        override = {}
        for rule, (minimum, maximum) in changes.items():
            index = self.rule_index(rule)
            base = self.rules[index]
            override[index] = Rule(base.name, base.signal, minimum, maximum).fails(self.signal(base.signal))
        return override

    def _verdict(self, override: dict[int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(removed mask, dedup codes) with the current rules, or with ``override`` replacing the
        failure masks of some rules; then the representatives are chosen again."""
        failing = self._failing(override)
        dedup = self.dedup_with(failing) if override else self.dedup
        removed = (failing | (dedup > 0) | (self.decision == REJECT)) & (self.decision != ACCEPT)
        return removed, dedup

    def removed_mask(self, override: dict[int, np.ndarray] | None = None) -> np.ndarray:
        """Removed rows with the current rules, dedup codes and decisions; ``override`` replaces
        failure masks of some rules (rule index → mask: the rules being tried)."""
        return self._verdict(override)[0]

    def counts(self, rule: str | None = None, minimum: float | None = None, maximum: float | None = None) -> Counts:
        """Kept/removed (and per rule) now, or with ``rule`` at new bounds."""
        return self.counts_with({rule: (minimum, maximum)} if rule is not None else {})

    def counts_with(self, changes: dict[str, tuple[float | None, float | None]]) -> Counts:
        """Kept/removed (and per rule) with every rule in ``changes`` at its new (min, max): what
        a set of unsaved threshold changes would do together (representatives re-chosen)."""
        by_rule = {r.name: int(np.count_nonzero(self.masks[i])) for i, r in enumerate(self.rules)}
        override = self._override(changes)
        for index, mask in override.items():
            by_rule[self.rules[index].name] = int(np.count_nonzero(mask))
        removed_mask, dedup = self._verdict(override)
        removed = int(np.count_nonzero(removed_mask))
        by_rule["dedup:exact"] = int(np.count_nonzero(dedup == 1))
        by_rule["dedup:near"] = int(np.count_nonzero(dedup == 2))
        by_rule["review:rejected"] = int(np.count_nonzero(self.decision == REJECT))
        return Counts(self.n, self.n - removed, removed, {k: v for k, v in by_rule.items() if v})

    def flips(self, rule: str, minimum: float | None, maximum: float | None) -> tuple[np.ndarray, np.ndarray]:
        """(rows newly removed, rows newly kept) if ``rule`` moved to the new bounds."""
        return self.flips_with({rule: (minimum, maximum)})

    def flips_with(self, changes: dict[str, tuple[float | None, float | None]]) -> tuple[np.ndarray, np.ndarray]:
        """(rows newly removed, rows newly kept) if every rule in ``changes`` moved together."""
        before = self.removed_mask()
        after = self.removed_mask(self._override(changes))
        return np.flatnonzero(after & ~before), np.flatnonzero(before & ~after)

    def set_rule(self, rule: str, minimum: float | None, maximum: float | None) -> None:
        """Adopt new bounds in memory (``save_config`` writes them to the workspace)."""
        index = self.rule_index(rule)
        base = self.rules[index]
        self.rules[index] = Rule(base.name, base.signal, minimum, maximum)
        self.masks[index] = self.rules[index].fails(self.signal(base.signal))
        self.dedup = self.dedup_with(self._failing(None))  # representatives follow the new rule
        self.dirty = True
        self.changed_rules[rule] = (minimum, maximum)
        _set_bounds(self.config["rules"][rule], minimum, maximum)

    def config_copy(self) -> dict:
        return copy.deepcopy(self.config)

    def reasons(self, row: int) -> list[str]:
        out = [r.name for i, r in enumerate(self.rules) if self.masks[i, row]]
        if self.dedup[row]:
            out.append(EXACT if self.dedup[row] == 1 else NEAR)
        if self.decision[row] == REJECT:
            out.append("review:rejected")
        return [] if self.decision[row] == ACCEPT else out

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
            keep &= self.decision == {"accept": ACCEPT, "reject": REJECT, "none": NONE}[decision]
        if verdict != "all":
            removed = self.removed_mask()
            keep &= removed if verdict == "removed" else ~removed
        if reason:
            if reason in (EXACT, NEAR):
                keep &= self.dedup == (1 if reason == EXACT else 2)
            elif reason == "review:rejected":
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

    def search(self, needle: str, rows: np.ndarray | None = None, cancel=lambda: False) -> np.ndarray:
        """Rows whose text contains ``needle`` (Korean substring), part by part; ``cancel`` stops."""
        found = []
        for index, path in enumerate(self.parts):
            if cancel():
                break
            text = pq.read_table(path, columns=["text"]).column("text")
            hits = pc.match_substring(text, needle).to_numpy(zero_copy_only=False)
            found.append(np.flatnonzero(hits) + self.part_starts[index])
        result = np.concatenate(found) if found else np.zeros(0, np.int64)
        return np.intersect1d(result, rows) if rows is not None else result

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
            parquet = pq.ParquetFile(self.parts[part])  # parsing the footer is the slow part: once
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

    def texts(self, rows: list[int] | np.ndarray, limit: int | None = None) -> list[str]:
        """Texts of ``rows`` (optionally cut to ``limit`` characters), grouped by row group."""
        rows = np.asarray(rows, dtype=np.int64)
        out = [""] * len(rows)
        parts = np.searchsorted(self.part_starts, rows, side="right") - 1
        for part in np.unique(parts).tolist():
            here = np.flatnonzero(parts == part)
            local = rows[here] - self.part_starts[part]
            starts = self._group_starts(part)
            groups = np.searchsorted(starts, local, side="right") - 1
            for group in np.unique(groups).tolist():
                mine = groups == group
                column = self._group(part, group, ("text",)).column("text")
                picked = column.take(pa.array(local[mine] - starts[group])).to_pylist()
                for i, text in zip(here[mine].tolist(), picked):
                    out[i] = text[:limit] if limit else text
        return out

    def document(self, row: int) -> dict:
        """Every stored field of one row except the hash columns, plus its current verdict."""
        part, group, local = self.locate(row)
        names = [n for n in self._layout(part)[2].schema_arrow.names if n not in HEAVY]
        record = self._group(part, group, tuple(names)).slice(local, 1).to_pylist()[0]
        record["text"] = self.texts([row])[0]
        record["reasons"] = self.reasons(row)
        record["kept"] = not record["reasons"] if self.decision[row] != ACCEPT else True
        record["decision"] = {NONE: None, ACCEPT: "accept", REJECT: "reject"}[int(self.decision[row])]
        record["row"] = row
        return record

    def _cell(self, row: int, name: str):
        """One stored value of one row (any column, heavy ones included)."""
        part, group, local = self.locate(row)
        if name not in self._layout(part)[2].schema_arrow.names:
            return None
        return self._group(part, group, (name,)).column(name)[local].as_py()

    # decisions ----------------------------------------------------------------------------------
    def decide(self, row: int, action: str | None, note: str | None = None) -> str | None:
        """Record accept/reject/None in the store (durable at once); returns the previous one.
        The documents parts are brought in line by ``flush`` (on close) or by export."""
        doc_id = self.ids[row].as_py()
        before = self.store.set(doc_id, action, note=note)
        self.dirty = True
        self.decision[row] = {None: NONE, "accept": ACCEPT, "reject": REJECT}[action]
        return before

    def note(self, row: int) -> str | None:
        return self.store.note(self.ids[row].as_py())

    def set_note(self, row: int, note: str | None) -> str | None:
        """Store the note of ``row`` (durable at once, with or without a decision)."""
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

    def flush(self) -> int:
        """Write verdicts with the current decisions and thresholds into the parts."""
        from curator.workspace.verdict import apply_verdicts, record_verdicts

        with self.ws.write_lock("curator gui"):
            # the config on disk may have moved since this view opened (an `apply` beside the
            # app): only the thresholds changed here go on top of it, nothing else is reverted
            config = copy.deepcopy(self.ws.config)
            for rule, (minimum, maximum) in self.changed_rules.items():
                _set_bounds(config["rules"].setdefault(rule, copy.deepcopy(self.config["rules"][rule])),
                            minimum, maximum)
            decisions = self.store.all()
            rewritten = apply_verdicts(self.ws, config, decisions)
            record_verdicts(self.ws, config, decisions)
        self.changed_rules = {}
        self.dirty = False
        return rewritten

    # sampling -----------------------------------------------------------------------------------
    def sample(self, strategy: str, count: int, seed: int = 0, reason: str | None = None,
               exclude_decided: bool = True) -> np.ndarray:
        """Rows to review: ``random``, ``removed``, ``kept``, ``reason`` or ``borderline``."""
        rng = np.random.default_rng(seed)
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
        path = os.path.join(self.ws.dedup_dir, "pairs.parquet")
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


def _set_bounds(spec: dict, minimum: float | None, maximum: float | None) -> None:
    """A rule's config entry at new bounds (None: no bound on that side)."""
    for key, value in (("min", minimum), ("max", maximum)):
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = float(value)

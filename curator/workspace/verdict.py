"""Verdicts: kept/reasons as a pure, vectorized function of (signals, rules, decisions).

``evaluate`` works on in-memory columns and is what the GUI calls while a slider moves;
``apply_verdicts`` writes the result into the workspace parts (rewriting only parts that changed).
"""

from collections import Counter
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.dedup.stage import EXACT, NEAR, dedup_reasons
from curator.io.atomic import replacing
from curator.filters.rules import REASONS_TYPE, failure_codes, reasons_from_codes, rules_from_config
from curator.workspace.layout import Workspace

REJECTED = "review:rejected"
DEDUP_CODES = {None: 0, EXACT: 1, NEAR: 2}


def evaluate(columns: dict[str, np.ndarray], config: dict, ids: list[str] | None = None,
             decisions: dict[str, str] | None = None,
             dedup: np.ndarray | None = None) -> tuple[np.ndarray, pa.ListArray]:
    """(kept, reasons) for rows given as numpy signal columns, with the dedup verdict (0 none,
    1 exact, 2 near; see ``dedup_reasons``) and decisions applied by id."""
    rules = rules_from_config(config)
    n_rows = len(next(iter(columns.values()))) if columns else len(ids or [])
    codes = failure_codes(columns, rules, n_rows)
    names = [r.name for r in rules] + [EXACT, NEAR]
    if dedup is not None:
        codes |= (dedup == 1).astype(np.uint64) << np.uint64(len(rules))
        codes |= (dedup == 2).astype(np.uint64) << np.uint64(len(rules) + 1)
    if decisions and ids is not None:
        reject_bit = np.uint64(1) << np.uint64(len(names))
        accept = np.zeros(n_rows, dtype=bool)
        for i, doc_id in enumerate(ids):
            verdict = decisions.get(doc_id)
            if verdict == "reject":
                codes[i] |= reject_bit
            elif verdict == "accept":
                accept[i] = True
        codes[accept] = 0
        names = names + [REJECTED]
    return codes == 0, reasons_from_codes(codes, names)


def verdict_counts(columns: dict[str, np.ndarray], config: dict) -> dict:
    """Kept/removed and removed-by-rule counts, boolean masks only (what a slider needs)."""
    rules = rules_from_config(config)
    n_rows = len(next(iter(columns.values())))
    failed = np.zeros(n_rows, dtype=bool)
    by_rule = {}
    for rule in rules:
        mask = rule.fails(columns[rule.signal])
        count = int(np.count_nonzero(mask))
        if count:
            by_rule[rule.name] = count
            failed |= mask
    kept = n_rows - int(np.count_nonzero(failed))
    return {"documents": n_rows, "kept": kept, "removed": n_rows - kept, "removed_by_rule": by_rule}


def signal_columns(table: pa.Table, config: dict) -> dict[str, np.ndarray]:
    wanted = {r.signal for r in rules_from_config(config)}
    return {name: table.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
            for name in wanted if name in table.column_names}


def dedup_codes(table: pa.Table, column: str = "dup_reason") -> np.ndarray | None:
    """0/1/2 for null/``dedup:exact``/``dedup:near`` in ``column``."""
    if column not in table.column_names:
        return None
    reasons = table.column(column)
    codes = np.zeros(len(reasons), dtype=np.int8)
    codes[pc.equal(reasons, EXACT).fill_null(False).to_numpy(zero_copy_only=False)] = 1
    codes[pc.equal(reasons, NEAR).fill_null(False).to_numpy(zero_copy_only=False)] = 2
    return codes


def apply_to_table(table: pa.Table, config: dict, decisions: dict[str, str] | None) -> pa.Table:
    """``kept``/``reasons`` of one part from its signals, its stored ``dup_reason`` and decisions."""
    ids = table.column("id").to_pylist() if decisions else None
    kept, reasons = evaluate(signal_columns(table, config), config, ids, decisions, dedup_codes(table))
    table = table.set_column(table.schema.get_field_index("kept"), "kept", pa.array(kept))
    return table.set_column(table.schema.get_field_index("reasons"),
                            pa.field("reasons", REASONS_TYPE, nullable=False), reasons)


def write_part(table: pa.Table, path: str) -> None:
    """Write atomically: a crash leaves the old part or the new one, never half of either; the
    temporary name is unique, so concurrent writers cannot clobber each other's file."""
    with replacing(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", row_group_size=10_000)


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    index = table.schema.get_field_index(name)
    return table.set_column(index, table.schema.field(index), values)


def apply_verdicts(ws: Workspace, config: dict, decisions: dict[str, str] | None = None,
                   overrides: dict[str, pa.Array] | None = None,
                   rewrite: Callable[[pa.Table, int], pa.Table] | None = None) -> int:
    """Re-evaluate every part; rewrite those that changed. Returns the number of parts rewritten.

    Dedup is global: a cluster's representative depends on which members other rules remove, so
    first a light pass over every part (signals, lengths, hashes, cluster ids: no text) decides the
    ``dup_reason`` of every row; then each part is evaluated and written if anything changed.
    ``overrides`` (column → one value per row in workspace order, e.g. new ``dup_cluster`` ids)
    replace stored columns; ``rewrite(table, first_row)`` may change a part before it is evaluated.
    """
    overrides = {name: (v.combine_chunks() if isinstance(v, pa.ChunkedArray) else v)
                 for name, v in (overrides or {}).items()}
    parts = ws.part_paths()
    rules = rules_from_config(config)
    wanted = ["n_chars", "text_hash", "dup_cluster", "dup_reference"] + sorted({r.signal for r in rules})
    other_fail, n_chars, text_hash, cluster_values, reference, sizes = [], [], [], [], [], []
    offset = 0
    for path in parts:
        light = pq.read_table(path, columns=[c for c in dict.fromkeys(wanted) if c in pq.read_schema(path).names])
        for name, values in overrides.items():
            if name in light.column_names:
                light = _set(light, name, values.slice(offset, light.num_rows))
        offset += light.num_rows
        sizes.append(light.num_rows)
        other_fail.append(failure_codes(signal_columns(light, config), rules, light.num_rows) != 0)
        n_chars.append(light.column("n_chars").to_numpy(zero_copy_only=False))
        text_hash.append(light.column("text_hash").to_numpy(zero_copy_only=False) if "text_hash" in
                         light.column_names else np.arange(light.num_rows))
        cluster_values.append(light.column("dup_cluster"))
        reference.append(dedup_codes(light, "dup_reference") if "dup_reference" in light.column_names
                         else np.zeros(light.num_rows, np.int8))
    clusters = pa.chunked_array(cluster_values, pa.string()) if cluster_values else pa.array([], pa.string())
    encoded = pc.dictionary_encode(clusters)
    encoded = encoded.combine_chunks() if isinstance(encoded, pa.ChunkedArray) else encoded
    cluster_index = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    reference = np.concatenate(reference) if parts else np.zeros(0, np.int8)
    cluster_index[reference > 0] = -1  # duplicates of the reference: removed whatever the cluster
    if not config.get("dedup", {}).get("enabled", True):
        cluster_index[:] = -1
        reference[:] = 0
    codes = dedup_reasons(cluster_index, np.concatenate(other_fail) if parts else np.zeros(0, bool),
                          np.concatenate(n_chars) if parts else np.zeros(0),
                          np.concatenate(text_hash) if parts else np.zeros(0))
    codes = np.where(reference > 0, reference, codes)
    labels = pa.array([None, EXACT, NEAR], pa.string()).take(pa.array(codes.astype(np.int64)))
    rewritten = 0
    offset = 0
    for path, size in zip(parts, sizes):
        table = pq.read_table(path)
        updated = table
        for name, values in overrides.items():
            updated = _set(updated, name, values.slice(offset, size))
        updated = _set(updated, "dup_reason", labels.slice(offset, size))
        if rewrite is not None:
            updated = rewrite(updated, offset)
        updated = apply_to_table(updated, config, decisions)
        offset += size
        if not updated.equals(table):
            write_part(updated, path)
            rewritten += 1
    return rewritten


def record_verdicts(ws: Workspace, config: dict, decisions: dict[str, str] | None) -> dict:
    """After the parts were re-evaluated: store the config, its hash and the counts in
    ``workspace.json``; returns the stats (``apply`` and the GUI's flush share this)."""
    from curator.config import config_hash

    stats = workspace_stats(ws, decisions)
    meta = ws.read_meta()
    meta.update(config=config, config_hash=config_hash(config))
    meta["counts"] = {k: stats[k] for k in ("documents", "kept", "removed", "errors")}
    ws.write_meta(meta)
    return stats


def workspace_stats(ws: Workspace, decisions: dict[str, str] | None = None) -> dict:
    """The ``curator stats --json`` object (SPEC.md)."""
    documents = kept = 0
    by_family: Counter = Counter()
    by_rule: Counter = Counter()
    cluster_sizes: Counter = Counter()
    for path in ws.part_paths():
        table = pq.read_table(path, columns=["kept", "reasons", "dup_cluster"])
        documents += table.num_rows
        kept += int(np.count_nonzero(table.column("kept").to_numpy(zero_copy_only=False)))
        for reasons in table.column("reasons").to_pylist():
            if reasons:
                by_rule.update(reasons)
                by_family.update({r.split(":", 1)[0] for r in reasons})
        clusters = table.column("dup_cluster").drop_null().to_pylist()
        cluster_sizes.update(clusters)
    decisions = decisions or {}
    return {
        "documents": documents,
        "kept": kept,
        "removed": documents - kept,
        "errors": ws.error_count(),
        "removed_by_family": dict(sorted(by_family.items())),
        "removed_by_rule": dict(sorted(by_rule.items())),
        "near_dup_clusters": sum(1 for n in cluster_sizes.values() if n >= 2),
        "decisions": {"accept": sum(1 for v in decisions.values() if v == "accept"),
                      "reject": sum(1 for v in decisions.values() if v == "reject")},
    }

"""Verdicts: kept/reasons as a pure, vectorized function of (signals, rules, decisions).

``evaluate`` works on in-memory columns and is what the GUI calls while a slider moves;
``apply_verdicts`` writes the result into the workspace parts (rewriting only parts that changed).
"""

import os
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.filters.rules import REASONS_TYPE, failure_codes, reasons_from_codes, rules_from_config
from curator.workspace.layout import Workspace

REJECTED = "review:rejected"


def evaluate(columns: dict[str, np.ndarray], config: dict, ids: list[str] | None = None,
             decisions: dict[str, str] | None = None) -> tuple[np.ndarray, pa.ListArray]:
    """(kept, reasons) for rows given as numpy signal columns, with decisions applied by id."""
    rules = rules_from_config(config)
    n_rows = len(next(iter(columns.values()))) if columns else len(ids or [])
    codes = failure_codes(columns, rules, n_rows)
    names = [r.name for r in rules]
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


def apply_to_table(table: pa.Table, config: dict, decisions: dict[str, str] | None) -> pa.Table:
    ids = table.column("id").to_pylist() if decisions else None
    kept, reasons = evaluate(signal_columns(table, config), config, ids, decisions)
    table = table.set_column(table.schema.get_field_index("kept"), "kept", pa.array(kept))
    return table.set_column(table.schema.get_field_index("reasons"),
                            pa.field("reasons", REASONS_TYPE, nullable=False), reasons)


def write_part(table: pa.Table, path: str) -> None:
    """Write atomically: a crash leaves the old part or the new one, never half of either."""
    tmp = path + ".tmp"
    pq.write_table(table, tmp, compression="zstd", row_group_size=10_000)
    os.replace(tmp, path)


def apply_verdicts(ws: Workspace, config: dict, decisions: dict[str, str] | None = None) -> int:
    """Re-evaluate every part; rewrite those whose verdicts changed. Returns parts rewritten."""
    rewritten = 0
    for path in ws.part_paths():
        table = pq.read_table(path)
        updated = apply_to_table(table, config, decisions)
        if not (updated.column("kept").equals(table.column("kept"))
                and updated.column("reasons").equals(table.column("reasons"))):
            write_part(updated, path)
            rewritten += 1
    return rewritten


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

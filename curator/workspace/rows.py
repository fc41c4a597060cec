"""``curator rows``: the stable way to read a workspace from outside.

One row per document with the verdict as the store and the config make it now (``kept``,
``reasons``, ``dup_reason``: computed by the verdict engine, never read from the parts, where
they can lag behind a decision), the curator's ``decision`` and ``note``, and any stored column
(signals, ``text``, ``source``, ``dup_cluster`` …: a part's or the derived table's). Parts are read
one at a time, only the columns asked for, so the memory is one part's worth; nothing is written
to the workspace.
"""

import csv
import json
import sys
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.atomic import replacing
from curator.workspace.decisions_io import csv_cell
from curator.workspace.layout import Workspace
from curator.workspace.store import load_decisions, load_notes
from curator.workspace.tables import load_verdicts, read_columns, read_derived, stored_names

VERDICT_COLUMNS = ("kept", "reasons", "dup_reason")  # the engine's, now
STORE_COLUMNS = ("decision", "note")  # the decision store's
DEFAULT_COLUMNS = ("id", "source", "kept", "reasons", "dup_cluster", "decision", "note")
FORMATS = ("jsonl", "csv", "parquet")


def stored_columns(ws: Workspace) -> list[str]:
    return stored_names(ws)


def rows(ws: Workspace, columns: list[str] | None = None, verdict: str | None = None,
         rule: str | None = None) -> Iterator[pa.Table]:
    """An iterator of Arrow tables (one per part, filtered) with ``columns`` in that order.
    ``verdict``: "kept" or "removed"; ``rule``: only documents that have this reason."""
    columns = list(columns or DEFAULT_COLUMNS)
    available = stored_columns(ws)
    unknown = [c for c in columns if c not in available and c not in VERDICT_COLUMNS + STORE_COLUMNS]
    if unknown:
        raise CuratorError(f"unknown column(s) {', '.join(unknown)}; this workspace has: "
                           + ", ".join(sorted(set(available) | set(VERDICT_COLUMNS + STORE_COLUMNS))))
    decisions = load_decisions(ws)
    verdicts = load_verdicts(ws, decisions=decisions)
    if rule is not None and rule not in verdicts.reason_names():
        raise CuratorError(f"unknown rule {rule!r}; reasons in this workspace: {', '.join(verdicts.reason_names())}")
    notes = load_notes(ws) if "note" in columns else {}
    read = [c for c in columns if c not in VERDICT_COLUMNS + STORE_COLUMNS]
    if "id" not in read:
        read.append("id")

    derived = read_derived(ws, read)

    def tables():
        start = 0
        for path in ws.part_paths():
            part = read_columns(path, read, derived, start)
            stop = start + part.num_rows
            now = verdicts.stored_columns(start, stop)
            ids = part.column("id").to_pylist()
            table = {}
            for name in columns:
                if name in VERDICT_COLUMNS:
                    table[name] = now[name]
                elif name == "decision":
                    table[name] = pa.array([decisions.get(i) for i in ids], pa.string())
                elif name == "note":
                    table[name] = pa.array([notes.get(i) for i in ids], pa.string())
                else:
                    table[name] = part.column(name)
            out = pa.table(table)
            keep = None
            if verdict is not None:
                keep = now["kept"] if verdict == "kept" else pc.invert(now["kept"])
            if rule is not None:
                has = pa.array([rule in r for r in now["reasons"].to_pylist()])
                keep = has if keep is None else pc.and_(keep, has)
            yield out.filter(keep) if keep is not None else out
            start = stop
    return tables()


def write_rows(tables, fmt: str, out: str | None) -> int:
    """Write the tables as JSONL (one object per line), CSV (lists as JSON, cells that a
    spreadsheet would run as a formula escaped) or Parquet (``out`` required); returns rows."""
    if fmt not in FORMATS:
        raise CuratorError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet" and not out:
        raise CuratorError("--format parquet needs --out FILE")
    n = 0
    if out:
        with replacing(out) as tmp:  # a failed or killed write leaves no half file under the name
            if fmt == "parquet":
                writer = None
                for table in tables:
                    writer = writer or pq.ParquetWriter(tmp, table.schema, compression="zstd")
                    writer.write_table(table)
                    n += table.num_rows
                if writer is not None:
                    writer.close()
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n = _write_text(tables, fmt, fh)
        return n
    return _write_text(tables, fmt, sys.stdout)


def _write_text(tables, fmt: str, fh) -> int:
    n = 0
    writer = None
    for table in tables:
        names = table.column_names
        if fmt == "csv" and writer is None:
            writer = csv.writer(fh)
            writer.writerow(names)
        for row in table.to_pylist():
            if fmt == "jsonl":
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                writer.writerow([_csv(row[name]) for name in names])
            n += 1
    return n


def _csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return csv_cell(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_cell(str(value))

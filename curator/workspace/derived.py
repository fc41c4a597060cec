"""Derived state beside the write-once analysis parts: ``WS/derived.parquet``.

The analysis parts (text, signals, hashes) are written once by ``curator run``. What later
commands decide about the documents lives here instead, one row per document in workspace order
(the parts' order, then their rows), so ``apply``, ``decide``, ``decisions import``, ``learn``,
the app's save and ``decontaminate`` write one small file (megabytes for a million documents)
and never a part; reading commands write nothing.

Columns (each owned by the command that changes it):
- ``dup_cluster``, ``dup_reference``, ``repeated_line_ratio``: the run's last stage, or ``apply``
  when the dedup settings change (re-clustering from the stored signatures);
- ``dup_reason``: which cluster member is kept (the representatives), chosen by ``apply`` for its
  thresholds; the engine reads it back instead of choosing again;
- ``learned_quality``: ``curator learn`` (over the parts' own column, which ``run --model`` fills
  at analysis); a benchmark's contamination signal: ``decontaminate``;
- ``kept``, ``reasons``: the verdicts as of the last command that wrote this file, for readers
  outside curator (DuckDB, pyarrow). curator itself always computes them (verdict.py), from the
  config, the signals, the columns above and the decision store, so they are never stale inside
  curator; outside it, ``curator rows`` gives the current ones.

A workspace written before this file existed keeps these columns inside its parts; they are read
from there until the first command writes ``derived.parquet``.
"""

import os

import pyarrow as pa
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.atomic import replacing
from curator.io.parts import part_schema, read_part
from curator.workspace.layout import Workspace

# what an older workspace held in its parts (see the module's docstring); newer parts hold none of them
LEGACY_COLUMNS = ("dup_cluster", "dup_reason", "dup_reference", "repeated_line_ratio", "learned_quality",
                  "kept", "reasons")


# every derived table has these (null until their owner writes them), so a reader finds them all
DEFAULT_TYPES = {"dup_cluster": pa.string(), "dup_reason": pa.string(), "dup_reference": pa.string(),
                 "repeated_line_ratio": pa.float64()}


def _legacy(ws: Workspace, names: set[str]) -> pa.Table | None:
    """The derived columns an older workspace keeps in its parts (None when its parts hold none)."""
    paths = ws.part_paths()
    if not paths:
        return None
    present = [c for c in LEGACY_COLUMNS if c in part_schema(paths[0]).names and c in names]
    if not present:
        return None
    return pa.concat_tables([read_part(p, columns=present) for p in paths])


def read_derived(ws: Workspace, columns: list[str] | None = None, legacy: bool = True) -> dict[str, pa.Array]:
    """Every derived column (or those of ``columns`` there are) as one array per column, one value
    per document in workspace order; {} when the workspace has none yet. An older workspace's
    parts hold them instead: read from there unless ``legacy`` is False (a caller reading those
    parts' columns anyway)."""
    path = ws.derived_path
    if not os.path.isfile(path):
        if not legacy:
            return {}
        in_parts = _legacy(ws, set(columns) if columns is not None else set(LEGACY_COLUMNS))
        table = in_parts if in_parts is not None else pa.table({})
    else:
        try:
            with pq.ParquetFile(path) as file:  # not pq.read_table: its dataset layer takes ~80 ms to import
                table = file.read(columns=[c for c in file.schema_arrow.names if columns is None or c in columns])
        except (OSError, pa.ArrowException) as exc:
            raise CuratorError(f"{path}: cannot read the derived columns ({exc}); `curator apply` rewrites them") from None
        expected = sum(r["rows"] for r in ws.read_meta().get("parts") or []) or None
        if expected is not None and table.num_rows != expected and table.num_columns:
            raise CuratorError(f"{path}: {table.num_rows:,} rows for {expected:,} documents; "
                               f"`curator apply` rewrites it")
    return {name: table.column(name).combine_chunks() for name in table.column_names}


def derived_names(ws: Workspace) -> list[str]:
    """The derived columns this workspace has (from the file's schema, or an older one's parts)."""
    path = ws.derived_path
    if os.path.isfile(path):
        return pq.read_schema(path).names
    paths = ws.part_paths()
    return [c for c in LEGACY_COLUMNS if paths and c in part_schema(paths[0]).names]


def write_derived(ws: Workspace, columns: dict[str, pa.Array]) -> int:
    """Replace ``derived.parquet`` with ``columns`` on top of what it holds (atomically: a crash
    leaves the old file or the new one); returns the bytes written, nothing when nothing changed."""
    current = read_derived(ws)
    columns_now = dict(current)
    for name, values in columns.items():
        columns_now[name] = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    n = len(next(iter(columns_now.values()))) if columns_now else 0
    for name, kind in DEFAULT_TYPES.items():
        columns_now.setdefault(name, pa.nulls(n, kind))
    if os.path.isfile(ws.derived_path) and set(columns_now) == set(current) and \
            all(columns_now[name].equals(current[name]) for name in columns_now):
        return 0
    table = pa.table(columns_now)
    with replacing(ws.derived_path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
        size = os.path.getsize(tmp)
    return size


def merged(table: pa.Table, derived: dict[str, pa.Array], offset: int) -> pa.Table:
    """``table`` (rows ``offset``.. of the workspace) with each derived column's slice for its rows,
    replacing a column of the same name (an older part's own) or appended."""
    for name, values in derived.items():
        piece = values.slice(offset, table.num_rows)
        if len(piece) != table.num_rows:
            raise CuratorError(f"derived column {name!r} has {len(values):,} rows: too few for rows "
                               f"{offset:,}..{offset + table.num_rows:,}; `curator apply` rewrites it")
        if name in table.column_names:
            index = table.schema.get_field_index(name)
            table = table.set_column(index, pa.field(name, piece.type), piece)
        else:
            table = table.append_column(pa.field(name, piece.type), piece)
    return table


def stored_names(ws: Workspace) -> list[str]:
    """Every column a document has on disk: its part's, then the derived table's."""
    paths = ws.part_paths()
    names = part_schema(paths[0]).names if paths else []
    return names + [c for c in derived_names(ws) if c not in names]


def read_columns(path: str, columns: list[str], derived: dict[str, pa.Array], start: int) -> pa.Table:
    """``columns`` of the part at ``path`` (rows ``start``.. of the workspace), each one the
    derived table holds taken from it; in the order asked, those that exist."""
    names = part_schema(path).names
    table = read_part(path, columns=[c for c in columns if c in names and c not in derived])
    table = merged(table, {c: derived[c] for c in columns if c in derived}, start)
    return table.select([c for c in columns if c in table.column_names])

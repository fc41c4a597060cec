"""The workspace's tables: the one module that reads and writes its analysis parts
(``documents/part-*.parquet``) and the derived table beside them (``derived.parquet``), and the
one place the verdict engine is built from them. Use cases (re-applying a config: reapply.py,
``decide``, export, learn, the app's view) ask it for columns and arrays and never open a part
themselves; ``dedup`` gets arrays from here, not a workspace.

The analysis parts (text, signals, hashes) are written once by ``curator run`` (``write_part``:
the run, its optional line stripping and ``decontaminate --mode span``). What later commands
decide about the documents lives in ``derived.parquet`` instead, one row per document in
workspace order (the parts' order, then their rows), so ``apply``, ``decide``, ``decisions
import``, ``learn``, the app's save and ``decontaminate`` write one small file (megabytes for a
million documents) and never a part; reading commands write nothing.

Derived columns (each owned by the command that changes it):
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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.dedup.stage import stored_signatures
from curator.errors import CuratorError
from curator.faults import kill_point
from curator.filters.rules import rules_from_config
from curator.io.atomic import replacing
from curator.io.parts import part_file, part_rows, part_schema, read_part, reading_part
from curator.signals import SIGNAL_SCHEMA
from curator.workspace.layout import Workspace, documents_schema
from curator.workspace.store import load_decisions
from curator.workspace.verdict import LIGHT_COLUMNS, Verdicts

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


# the parts (written once by the run) ------------------------------------------------------------
def part_sizes(ws: Workspace) -> list[int]:
    """Rows of each part, in order (their footers)."""
    return [part_rows(p) for p in ws.part_paths()]


def read_present(path: str, columns: list[str]) -> pa.Table:
    """Those of ``columns`` the part at ``path`` has (one footer read); a damaged part is named."""
    part = part_file(path)
    with reading_part(path):
        return part.read(columns=[c for c in columns if c in part.schema_arrow.names])


def iter_parts(ws: Workspace, columns: list[str]) -> Iterator[tuple[str, int, pa.Table]]:
    """(path, its first row in workspace order, ``columns`` of it) of every part, one at a time."""
    start = 0
    for path in ws.part_paths():
        table = read_part(path, columns=columns)
        yield path, start, table
        start += table.num_rows


def workspace_ids(ws: Workspace) -> set[str]:
    """Every document id of the workspace."""
    return {i for _, _, table in iter_parts(ws, ["id"]) for i in table.column("id").to_pylist()}


def find_part(ws: Workspace, doc_id: str) -> tuple[str, int]:
    """The part file that holds ``doc_id`` and the workspace row its first row is (reads only the
    id columns)."""
    for path, start, table in iter_parts(ws, ["id"]):
        if pc.any(pc.equal(table.column("id"), doc_id)).as_py():
            return path, start
    raise CuratorError(f"{ws.root}: no document with id {doc_id!r}")


ROW_GROUP_ROWS = 10_000  # rows per row group of a part: what the app reads at a time


class PartWriter:
    """Streams document batches into ``part-NNNNN.parquet`` files of at most ``part_rows`` rows.

    Batches are small (so two workers finish together), row groups are not: rows are buffered
    into row groups of ``ROW_GROUP_ROWS``.
    """

    def __init__(self, ws: Workspace, part_rows: int, part_bytes: int, start_index: int = 0, on_close=None):
        self.ws = ws
        self.on_close = on_close  # called with (parts closed, rows in closed parts) after each part
        self.part_rows = part_rows
        self.part_bytes = part_bytes  # bounds the memory of rewriting one part (decide, apply)
        self.bytes_in_part = 0
        self.schema = documents_schema()
        self.index = start_index
        self.rows_in_part = 0
        self.rows_closed = 0
        self.writer: pq.ParquetWriter | None = None
        self.pending: list[pa.RecordBatch] = []
        self.pending_rows = 0

    def _flush(self) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.ws.part_path(self.index), self.schema, compression="zstd")
        if self.pending:
            self.writer.write_table(pa.Table.from_batches(self.pending, self.schema), row_group_size=ROW_GROUP_ROWS)
        self.pending, self.pending_rows = [], 0

    def write(self, batch: pa.RecordBatch) -> None:
        offset = 0
        while offset < batch.num_rows:
            take = min(self.part_rows - self.rows_in_part, batch.num_rows - offset)
            piece = batch.slice(offset, take)
            self.pending.append(piece)
            self.pending_rows += take
            if self.pending_rows >= ROW_GROUP_ROWS:
                self._flush()
            offset += take
            self.rows_in_part += take
            self.bytes_in_part += piece.column("text").nbytes
            if self.rows_in_part >= self.part_rows or self.bytes_in_part >= self.part_bytes:
                self.close()

    def close(self) -> None:
        if self.pending:
            self._flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.index += 1
            self.rows_closed += self.rows_in_part
            if self.on_close is not None:
                self.on_close(self.index, self.rows_closed, self.rows_in_part)
            self.rows_in_part = 0
            self.bytes_in_part = 0


def write_part(table: pa.Table, path: str) -> None:
    """Write atomically: a crash leaves the old part or the new one, never half of either; the
    temporary name is unique, so concurrent writers cannot clobber each other's file. Only the run
    (and its optional line stripping) and ``decontaminate --mode span`` write parts."""
    with replacing(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)


def read_column(ws: Workspace, name: str) -> pa.ChunkedArray:
    """Column ``name`` of every part, in workspace order (a chunk or more per part)."""
    chunks = [chunk for _, _, table in iter_parts(ws, [name]) for chunk in table.column(name).chunks]
    return pa.chunked_array(chunks) if chunks else pa.chunked_array([], pa.null())


def read_signatures(ws: Workspace, num_perm: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every document's MinHash signature (rows, ``num_perm``), in a memory map at
    ``ws.signatures_path``; also the text hashes and ids: what dedup clusters."""
    part_paths, out_path = ws.part_paths(), ws.signatures_path
    total = sum(part_rows(p) for p in part_paths)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    signatures = np.lib.format.open_memmap(out_path, mode="w+", dtype=np.uint32, shape=(total, num_perm))
    reserve_space(out_path)
    hashes = np.empty(total, dtype=np.int64)
    ids: list[str] = []
    row = 0
    for _, _, table in iter_parts(ws, ["id", "text_hash", "minhash"]):
        n = table.num_rows
        signatures[row:row + n] = stored_signatures(table, num_perm)
        hashes[row:row + n] = table.column("text_hash").to_numpy(zero_copy_only=False)
        ids.extend(table.column("id").to_pylist())
        row += n
    signatures.flush()
    return signatures, hashes, ids


def reserve_space(path: str) -> None:
    """Allocate the whole memory-mapped file on disk now: a full disk then fails here with one
    line, not later with SIGBUS when a page of the map is first written."""
    size = os.path.getsize(path)
    fd = os.open(path, os.O_RDWR)
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        os.close(fd)
        fd = -1
        os.remove(path)
        raise CuratorError(f"{path}: cannot reserve {size / 1e6:,.1f} MB for the dedup signatures "
                           f"({exc.strerror}); free disk space and continue with `curator run --resume`") from None
    finally:
        if fd >= 0:
            os.close(fd)


# the verdict engine's input: light columns of every part, derived columns over them ------------
# columns a part may lack, read as null: what later commands write (the derived table), and signals the
# analysis gained after an older workspace's run (``line_end_gain``): their rules remove nothing there
ABSENT_AS_NULL = {**SIGNAL_SCHEMA, **DEFAULT_TYPES}


def with_nulls(table: pa.Table, names) -> pa.Table:
    """``table`` with a null column for each of ``names`` it lacks that ``ABSENT_AS_NULL`` holds."""
    for name in sorted(set(names) & set(ABSENT_AS_NULL) - set(table.column_names)):
        table = table.append_column(pa.field(name, ABSENT_AS_NULL[name]), pa.nulls(table.num_rows, ABSENT_AS_NULL[name]))
    return table


def light_columns(config: dict, names: list[str] | None, extra: tuple[str, ...] = ()) -> list[str]:
    """The columns the engine needs of a part with columns ``names`` (plus ``extra``; ``names``
    None: every one it may need, for ``read_present`` to pick from)."""
    wanted = list(extra) + LIGHT_COLUMNS + sorted({r.signal for r in rules_from_config(config)})
    return [c for c in dict.fromkeys(wanted) if names is None or c in names]


def read_light(ws: Workspace, config: dict, overrides: dict[str, pa.Array] | None = None,
               extra: tuple[str, ...] = (), strict: bool = True) -> tuple[pa.Table, list[int], np.ndarray]:
    """The light columns of every part as one table (chunks not combined), the part sizes, and
    each rule's failure mask; signals are read part by part and only their masks kept, so no
    signal column of the whole workspace is held but those ``extra`` asks for. A rule whose signal a part lacks is an
    error (``strict``: what writes verdicts), else it removes nothing there (the app opens an
    older workspace all the same)."""
    rules = rules_from_config(config)
    signals = {r.signal for r in rules}
    wanted = set(extra) | set(LIGHT_COLUMNS) | signals
    # an older workspace's parts hold these columns themselves: the light read below takes them
    overrides = {**read_derived(ws, [c for c in derived_names(ws) if c in wanted], legacy=False), **(overrides or {})}
    tables, sizes, masks, offset = [], [], [], 0

    columns = light_columns(config, None, extra)
    with ThreadPoolExecutor(max_workers=4) as pool:  # one footer read per part, no dataset layer; threads overlap the I/O
        read_parts = list(pool.map(lambda path: read_present(path, columns), ws.part_paths()))
    for table in read_parts:
        table = with_nulls(merged(table, overrides, offset), wanted)  # not written (yet): null
        offset += table.num_rows
        sizes.append(table.num_rows)
        missing = [rule for rule in rules if rule.signal not in table.column_names]
        if strict and missing:
            raise CuratorError(f"rule '{missing[0].name}': the workspace has no signal '{missing[0].signal}'")
        masks.append(np.stack([rule.fails(table.column(rule.signal).to_numpy(zero_copy_only=False))
                               if rule not in missing else np.zeros(table.num_rows, bool)
                               for rule in rules]) if rules else np.zeros((0, table.num_rows), bool))
        tables.append(table.drop_columns([c for c in table.column_names
                                          if c in signals and c not in LIGHT_COLUMNS and c not in extra]))
    if not tables:
        empty = pa.table({c: pa.array([], pa.string()) for c in ("id", "dup_cluster")} | {"n_chars": pa.array([], pa.int64())})
        return empty, [], np.zeros((len(rules), 0), bool)
    return pa.concat_tables(tables, promote_options="default"), sizes, np.concatenate(masks, axis=1)


def column_reader(ws: Workspace) -> Callable[[str], np.ndarray]:
    """A whole signal column of the workspace (float64), read when a threshold moves: from the
    derived table when it holds the column (learned_quality …), else from the parts. Which
    columns the derived table and the parts have is read once, when the reader is made: a reader
    serves one engine or one view, over a workspace their writes leave with the same columns
    (a command that adds a derived column builds a new engine after writing it; the app opens a
    new view after ``learn``)."""
    in_derived = set(derived_names(ws))
    paths = ws.part_paths()
    in_parts = set(part_schema(paths[0]).names) if paths else set()

    def read(name: str) -> np.ndarray:
        if name in in_derived:
            return read_derived(ws, [name])[name].to_numpy(zero_copy_only=False).astype(np.float64)
        if name in ABSENT_AS_NULL and paths and name not in in_parts:
            return np.full(sum(part_rows(p) for p in paths), np.nan)  # its owner has not written it
        return np.concatenate([read_part(p, columns=[name]).column(name).to_numpy(zero_copy_only=False)
                               .astype(np.float64) for p in paths] or [np.zeros(0)])
    return read


def engine(ws: Workspace, config: dict, decisions: dict[str, str] | None, rechoose: bool,
           overrides: dict[str, pa.Array] | None = None) -> Verdicts:
    """The verdict engine over every part of ``ws`` (see ``read_light``)."""
    light, _, masks = read_light(ws, config, overrides)
    return Verdicts(config, light, decisions, rechoose=rechoose, signal=column_reader(ws), masks=masks)


def verdicts_and_columns(ws: Workspace, config: dict, decisions: dict[str, str],
                         columns: tuple[str, ...]) -> tuple[Verdicts, pa.Table]:
    """``load_verdicts`` (stored representatives kept) and, read in the same pass over the parts,
    those of ``columns`` the parts have, for every document (export's signal summaries)."""
    light, _, masks = read_light(ws, config, extra=columns)
    verdicts = Verdicts(config, light, decisions, rechoose=False, signal=column_reader(ws), masks=masks)
    return verdicts, light.select([c for c in columns if c in light.column_names])


def load_verdicts(ws: Workspace, config: dict | None = None, decisions: dict[str, str] | None = None,
                  rechoose: bool = False) -> Verdicts:
    """The engine over every part; ``rechoose=False`` keeps the stored representatives (which
    ``apply`` chose for the stored config), ``True`` chooses them for ``config``."""
    config = ws.config if config is None else config
    return engine(ws, config, load_decisions(ws) if decisions is None else decisions, rechoose)


def with_verdicts(table: pa.Table, verdicts: Verdicts, start: int = 0) -> pa.Table:
    """``table`` (rows start.. of the engine) with ``dup_reason``, ``kept`` and ``reasons`` set."""
    return merged(table, verdicts.stored_columns(start, start + table.num_rows), 0)


def part_verdicts(table: pa.Table, config: dict, decisions: dict[str, str] | None) -> Verdicts:
    """The engine over one part, its stored representatives kept (they were chosen over the whole
    workspace): what ``decide`` and export need to honour the store without a global pass."""
    return Verdicts(config, with_nulls(table, {r.signal for r in rules_from_config(config)}), decisions, rechoose=False)


def write_verdicts(ws: Workspace, verdicts: Verdicts, overrides: dict[str, pa.Array] | None = None) -> int:
    """Write the derived table: ``overrides`` (column → one value per document in workspace
    order), the representatives the engine chose and the verdicts; returns the bytes written
    (0 when nothing changed). No part is touched."""
    columns = dict(overrides or {})
    columns.update(verdicts.stored_columns(0, verdicts.n))
    kill_point("dedup")  # the crash tests: killed before the derived table is replaced
    return write_derived(ws, columns)


def workspace_stats(ws: Workspace, decisions: dict[str, str] | None = None) -> dict:
    """The ``curator stats --json`` object (SPEC.md), from the store's decisions."""
    decisions = load_decisions(ws) if decisions is None else decisions
    return load_verdicts(ws, decisions=decisions).stats(ws.error_count(), decisions)

"""Re-applying a config and the decisions to a workspace: the one use case behind ``apply``,
``decisions import``, the run's last stage and the app's save (``decide`` and export use the part
level of it). Every verdict comes from the engine in verdict.py.

Dedup is global: a cluster's representative depends on which members other rules remove, so a
light pass over every part (signals, lengths, hashes, cluster ids: no text) builds the engine;
then what changed is written to the derived table beside the parts (derived.py). The analysis
parts themselves are written once, by ``run``, and never by anything here.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.config import config_hash, with_bounds
from curator.dedup.stage import HASHING_SETTINGS, cluster_workspace, dedup_settings, repeated_lines, strip_lines
from curator.errors import CuratorError
from curator.faults import kill_point
from curator.filters.rules import rules_from_config
from curator.io.atomic import replacing
from curator.workspace.derived import DEFAULT_TYPES, derived_names, merged, read_derived, write_derived
from curator.workspace.layout import Workspace
from curator.io.parts import part_file, part_rows, part_schema, read_part, reading_part
from curator.signals import SIGNAL_SCHEMA
from curator.workspace.source import DocumentSource
from curator.workspace.store import load_decisions
from curator.workspace.verdict import LIGHT_COLUMNS, Verdicts

# columns a part may lack, read as null: what later commands write (derived.py), and signals the
# analysis gained after an older workspace's run (``line_end_gain``): their rules remove nothing there
ABSENT_AS_NULL = {**SIGNAL_SCHEMA, **DEFAULT_TYPES}


def with_nulls(table: pa.Table, names) -> pa.Table:
    """``table`` with a null column for each of ``names`` it lacks that ``ABSENT_AS_NULL`` holds."""
    for name in sorted(set(names) & set(ABSENT_AS_NULL) - set(table.column_names)):
        table = table.append_column(pa.field(name, ABSENT_AS_NULL[name]), pa.nulls(table.num_rows, ABSENT_AS_NULL[name]))
    return table


def light_columns(config: dict, names: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    """The columns the engine needs of a part with columns ``names`` (plus ``extra``)."""
    wanted = list(extra) + LIGHT_COLUMNS + sorted({r.signal for r in rules_from_config(config)})
    return [c for c in dict.fromkeys(wanted) if c in names]


def read_light(ws: Workspace, config: dict, overrides: dict[str, pa.Array] | None = None,
               extra: tuple[str, ...] = (), strict: bool = True) -> tuple[pa.Table, list[int], np.ndarray]:
    """The light columns of every part as one table (chunks not combined), the part sizes, and
    each rule's failure mask; signals are read part by part and only their masks kept, so no
    signal column of the whole workspace is ever held. A rule whose signal a part lacks is an
    error (``strict``: what writes verdicts), else it removes nothing there (the app opens an
    older workspace all the same)."""
    rules = rules_from_config(config)
    signals = {r.signal for r in rules}
    wanted = set(extra) | set(LIGHT_COLUMNS) | signals
    # an older workspace's parts hold these columns themselves: the light read below takes them
    overrides = {**read_derived(ws, [c for c in derived_names(ws) if c in wanted], legacy=False), **(overrides or {})}
    tables, sizes, masks, offset = [], [], [], 0

    def read(path: str) -> pa.Table:  # one footer read per part, no dataset layer; threads overlap the I/O
        part = part_file(path)
        with reading_part(path):
            return part.read(columns=light_columns(config, part.schema_arrow.names, extra))
    with ThreadPoolExecutor(max_workers=4) as pool:
        read_parts = list(pool.map(read, ws.part_paths()))
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
        tables.append(table.drop_columns([c for c in table.column_names if c in signals and c not in LIGHT_COLUMNS]))
    if not tables:
        empty = pa.table({c: pa.array([], pa.string()) for c in ("id", "dup_cluster")} | {"n_chars": pa.array([], pa.int64())})
        return empty, [], np.zeros((len(rules), 0), bool)
    return pa.concat_tables(tables, promote_options="default"), sizes, np.concatenate(masks, axis=1)


def column_reader(ws: Workspace) -> Callable[[str], np.ndarray]:
    """A whole signal column of the workspace (float64), read when a threshold moves: from the
    derived table when it holds the column (learned_quality …), else from the parts."""
    def read(name: str) -> np.ndarray:
        if name in derived_names(ws):
            return read_derived(ws, [name])[name].to_numpy(zero_copy_only=False).astype(np.float64)
        paths = ws.part_paths()
        if name in ABSENT_AS_NULL and paths and name not in part_schema(paths[0]).names:
            return np.full(sum(part_rows(p) for p in paths), np.nan)  # its owner has not written it
        return np.concatenate([read_part(p, columns=[name]).column(name).to_numpy(zero_copy_only=False)
                               .astype(np.float64) for p in ws.part_paths()] or [np.zeros(0)])
    return read


def engine(ws: Workspace, config: dict, decisions: dict[str, str] | None, rechoose: bool,
           overrides: dict[str, pa.Array] | None = None) -> Verdicts:
    """The verdict engine over every part of ``ws`` (see ``read_light``)."""
    light, _, masks = read_light(ws, config, overrides)
    return Verdicts(config, light, decisions, rechoose=rechoose, signal=column_reader(ws), masks=masks)


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


def write_part(table: pa.Table, path: str) -> None:
    """Write atomically: a crash leaves the old part or the new one, never half of either; the
    temporary name is unique, so concurrent writers cannot clobber each other's file. Only the run
    (and its optional line stripping) and ``decontaminate --mode span`` write parts."""
    with replacing(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", row_group_size=10_000)


def write_verdicts(ws: Workspace, verdicts: Verdicts, overrides: dict[str, pa.Array] | None = None) -> int:
    """Write the derived table: ``overrides`` (column → one value per document in workspace
    order), the representatives the engine chose and the verdicts; returns the bytes written
    (0 when nothing changed). No part is touched."""
    columns = dict(overrides or {})
    columns.update(verdicts.stored_columns(0, verdicts.n))
    kill_point("dedup")  # the crash tests: killed before the derived table is replaced
    return write_derived(ws, columns)


def record(ws: Workspace, config: dict, verdicts: Verdicts, decisions: dict[str, str]) -> dict:
    """Store the config, its hash and the counts in ``workspace.json``; returns the stats."""
    stats = verdicts.stats(ws.error_count(), decisions)
    meta = ws.read_meta()
    meta.update(config=config, config_hash=config_hash(config))
    meta["counts"] = {k: stats[k] for k in ("documents", "kept", "removed", "errors")}
    ws.write_meta(meta)
    return stats


def workspace_stats(ws: Workspace, decisions: dict[str, str] | None = None) -> dict:
    """The ``curator stats --json`` object (SPEC.md), from the store's decisions."""
    decisions = load_decisions(ws) if decisions is None else decisions
    return load_verdicts(ws, decisions=decisions).stats(ws.error_count(), decisions)


def _normalised(overrides: dict) -> dict[str, pa.Array]:
    return {name: (v.combine_chunks() if isinstance(v, pa.ChunkedArray) else v) for name, v in overrides.items()}


def recluster(ws: Workspace, config: dict, decisions: dict[str, str], against: str | None = None,
              say: Callable[[str], None] = lambda text: None, strip: bool = False) -> tuple[Verdicts, int]:
    """Clustering and repeated-line counting over every document (when dedup is enabled), then
    the verdicts; returns the engine and the bytes of the derived table written. ``strip``: the
    run's last stage with ``strip_repeated_lines`` on, the one time after the analysis that parts
    are written (their text loses its corpus-frequent lines); ``apply`` never strips."""
    d = dedup_settings(config)
    overrides: dict[str, pa.Array] = {}
    if d.enabled:
        say("dedup: near-duplicate clusters over every document")
        reference = DocumentSource.open(against, "--dedup-against") if against else None
        overrides, text_hash = cluster_workspace(ws, config, reference)
        say("dedup: lines repeated across documents")
        frequent, ratios = repeated_lines(ws, text_hash, d.lines_min_docs)
        overrides["repeated_line_ratio"] = pa.array(ratios, pa.float64())
        overrides = _normalised(overrides)
        if d.strip_repeated_lines and strip:
            # stripping changes n_chars, which the rules and the representatives read: the parts
            # take the new text first, so the engine sees the text as it is stored
            say("dedup: stripping corpus-frequent lines")
            offset = 0
            for path in ws.part_paths():
                table = read_part(path)
                derived = [name for name in overrides if name not in table.column_names]
                stripped = strip_lines(merged(table, overrides, offset), frequent)
                write_part(stripped.drop_columns(derived), path)
                offset += table.num_rows
    say("verdicts: rules, representatives and decisions; writing the derived table")
    verdicts = engine(ws, config, decisions, rechoose=True, overrides=overrides)
    return verdicts, write_verdicts(ws, verdicts, overrides)


def reapply(ws: Workspace, config: dict | None = None,
            rules: dict[str, tuple[float | None, float | None]] | None = None,
            rule_specs: dict | None = None, purpose: str = "curator apply") -> tuple[dict, int]:
    """Re-evaluate the workspace with ``config`` (default: its own) and every stored decision,
    with the thresholds in ``rules`` (name → (min, max)) put on top of the config on disk (the
    app's unsaved changes; a rule the disk lacks is taken from ``rule_specs``); the
    clusters are rebuilt from the stored signatures when the dedup settings changed. Returns
    (stats, bytes of the derived table written: no part is). Holds the write lock throughout."""
    with ws.write_lock(purpose):
        meta = ws.read_meta()
        config = with_bounds(meta["config"] if config is None else config, rules or {}, rule_specs)
        decisions = load_decisions(ws)  # under the lock: a decide cannot slip in between
        old_dedup, new_dedup = meta["config"].get("dedup", {}), config.get("dedup", {})
        if any(old_dedup.get(k) != new_dedup.get(k) for k in HASHING_SETTINGS):
            raise CuratorError(f"dedup {', '.join(HASHING_SETTINGS)} change the signatures: they need a new `curator run`")
        if bool(old_dedup.get("strip_repeated_lines")) != bool(new_dedup.get("strip_repeated_lines")):
            raise CuratorError("dedup strip_repeated_lines changes the stored text: it needs a new `curator run`")
        if old_dedup != new_dedup:  # bands, rows, threshold or enabled: re-cluster from stored signatures
            verdicts, rewritten = recluster(ws, config, decisions, against=meta.get("dedup_against"))
        else:
            verdicts = engine(ws, config, decisions, rechoose=True)
            rewritten = write_verdicts(ws, verdicts)
        return record(ws, config, verdicts, decisions), rewritten


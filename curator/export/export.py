"""``curator export``: kept documents → redacted, split, zstd Parquet shards + manifest + card.

Three steps: plan (the verdict engine over every part gives each row's verdict and the stats once,
and in the same read the summary signals; ``meta`` is redacted, parsed and typed once,
export/meta.py), stream (each part's id, text, source and PII spans read once, its exported rows
split, redacted and written, memory ≈ one part + one row group), manifest (last, so
an export cut short never verifies). The verdicts are the engine's (every decision in the store
honoured); export writes nothing in the workspace.
"""

import contextlib
import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator import __version__
from curator.config import config_hash
from curator.errors import CuratorError
from curator.export.card import dataset_card
from curator.export.layout import EXPORT_FORMAT, ExportLayout
from curator.faults import kill_point
from curator.export.meta import MetaPlan, meta_policy
from curator.export.redact import count_kinds, pii_spans, redact, redact_id, redact_string
from curator.export.shards import ShardWriter
from curator.io.atomic import write_text
from curator.io.streams import sha256_file
from curator.progress import Progress
from curator.workspace.layout import Workspace
from curator.workspace.contamination import benchmarks_checked
from curator.workspace.tables import part_schema, part_sizes, read_part, verdicts_and_columns, with_verdicts
from curator.workspace.store import load_decisions
from curator.workspace.verdict import Verdicts

SUMMARY_SIGNALS = ("n_chars", "hangul_ratio", "line_punct_ratio", "particle_ratio", "morph_lm_score",
                   "dup_line_frac")
_LINE = re.compile(r"0|[1-9][0-9]{0,8}")  # the N of a source path:N (a line, row or element)


def split_of(ids: list[str], val_fraction: float, seed: int) -> np.ndarray:
    """True for validation rows: a seeded hash of the id, so the split is stable and reproducible."""
    if val_fraction <= 0:
        return np.zeros(len(ids), dtype=bool)
    cut = int(val_fraction * 2**64)
    salt = f"{seed}:".encode()
    return np.fromiter((int.from_bytes(hashlib.blake2b(salt + i.encode(), digest_size=8).digest(), "big") < cut
                        for i in ids), dtype=bool, count=len(ids))


def redact_column(table: pa.Table, counts: dict) -> pa.Table:
    """``table`` with PII spans in ``text`` replaced (only rows that have spans are rebuilt) and
    its ids and sources redacted (``redact_id``, ``redact_string``)."""
    table = _redact_ids_and_sources(table, counts)
    n_spans = pc.fill_null(pc.list_value_length(table.column("pii")), 0).to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(n_spans)
    if len(rows) == 0:
        return table.drop_columns(["pii"])
    text = table.column("text").combine_chunks()
    replacements = []
    for row, spans in zip(rows.tolist(), table.column("pii").take(pa.array(rows)).to_pylist()):
        replacements.append(redact(text[row].as_py(), count_kinds(spans, counts)))
    mask = np.zeros(len(text), dtype=bool)
    mask[rows] = True
    text = pc.replace_with_mask(text, pa.array(mask), pa.array(replacements, pa.string()))
    return table.set_column(table.schema.get_field_index("text"), table.schema.field("text"), text).drop_columns(["pii"])


def _redact_ids_and_sources(table: pa.Table, counts: dict) -> pa.Table:
    """An id holding PII becomes its stable hash; a source ``path:N`` gets its path's spans replaced
    (each distinct path searched once; an N that could be a number of its own goes with the path)."""
    ids = [redact_id(i, counts) for i in table.column("id").to_pylist()]
    paths: dict[str, tuple[str, list[dict]]] = {}
    sources = []
    for source in table.column("source").to_pylist():
        path, sep, line = source.rpartition(":")
        if not (sep and _LINE.fullmatch(line)):
            path, sep, line = source, "", ""
        if path not in paths:
            spans = pii_spans(path)
            paths[path] = (redact(path, spans), spans)
        redacted, found = paths[path]
        count_kinds(found, counts)
        sources.append(redacted + sep + line)
    for name, values in (("id", ids), ("source", sources)):
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(name), pa.array(values, pa.string()))
    return table


def _columns_needed(parts: list[str]) -> list[str]:
    if not parts:
        return []
    # not meta (the plan read, redacted and spooled it: MetaPlan), the verdicts (the engine's) nor
    # the summary signals (read with the engine's light columns)
    wanted = {"id", "text", "source", "pii"}
    return [name for name in part_schema(parts[0]).names if name in wanted]


def _read_part(path: str, columns: list[str], verdicts: Verdicts, start: int) -> pa.Table:
    """The columns export needs, with the engine's verdicts (rows start.. of it)."""
    return with_verdicts(read_part(path, columns=columns), verdicts, start)


def check_out_dir(out: str) -> None:
    """Refuse, before anything changes, an ``out`` that is neither empty nor an earlier export of
    ours, or whose ``data/`` holds a foreign file (``datasets`` would load it with the shards)."""
    layout = ExportLayout(out)
    if os.path.exists(out) and not os.path.isdir(out):
        raise CuratorError(f"{out}: exists and is not a directory")
    if layout.content():
        if not layout.is_ours():
            raise CuratorError(f"{out}: directory is not empty and holds no earlier export "
                               f"(holds {layout.content()[0]!r}); choose another --out")
        foreign = layout.foreign_data_files()
        if foreign:
            raise CuratorError(f"{os.path.join(layout.data_dir, foreign[0])}: not written by curator export; "
                               f"move it out of data/ (nothing was changed)")


def prepare_out_dir(out: str) -> str:
    """Make ``out`` ready for a new export and return its ``data`` folder: of an earlier export
    only the files an export writes are removed, the manifest first (so an export cut short never
    verifies). ``check_out_dir`` has accepted ``out`` before the workspace was locked."""
    layout = ExportLayout(out)
    if layout.content():
        layout.remove_own_files()
    os.makedirs(layout.data_dir, exist_ok=True)
    write_text(layout.marker_path, json.dumps({"format": EXPORT_FORMAT, "note": "written by curator export; "
                                               "a new export replaces only its own files here"}) + "\n")
    return layout.data_dir


def export_workspace(ws: Workspace, out: str, shard_size: int, val_fraction: float = 0.0,
                     seed: int = 0, show_progress: bool | None = None, callback=None, cancel=None) -> dict:
    """Write the export; ``callback(share, docs)`` reports progress, ``cancel()`` stops it.

    Holds the workspace's write lock (no run may replace it meanwhile), except in a workspace this
    process cannot write (a read-only mount, no permission: ``ws.writable()``); writes nothing there. An export that fails or is cancelled
    removes its partial shards; with no manifest left, ``verify`` fails on it until a new export
    completes.
    """
    if not 0 <= val_fraction < 1:
        raise CuratorError(f"--val-fraction {val_fraction}: must be at least 0 and below 1")
    created = not os.path.exists(out)
    check_out_dir(out)
    writable = ws.writable()
    with ws.write_lock("curator export") if writable else contextlib.nullcontext():
        try:
            return _export(ws, out, shard_size, val_fraction, seed, show_progress, callback, cancel)
        except BaseException:
            layout = ExportLayout(out)
            if layout.is_ours():
                layout.remove_own_files(marker=created)
                if created and os.path.isdir(out) and not layout.content():
                    os.rmdir(out)
            raise


class _Plan:
    """What an export will write, decided before the first shard: the verdicts and stats (from
    the engine, once), the parts, the schema and the ``meta`` plan."""

    def __init__(self, ws: Workspace, data_dir: str):
        self.meta = ws.read_meta()
        self.config = ws.config
        decisions = load_decisions(ws)
        # the summary signals come with the engine's read: the stream reads no signal again
        self.verdicts, signals = verdicts_and_columns(ws, self.config, decisions, SUMMARY_SIGNALS)
        self.stats = self.verdicts.stats(ws.error_count(), decisions)
        self.parts = ws.part_paths()
        sizes = part_sizes(ws)
        self.starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        kept = self.verdicts.kept()
        self.summaries = {name: [signals.column(name).filter(pa.array(kept)).to_numpy().astype(np.float64)]
                          for name in SUMMARY_SIGNALS if name in signals.column_names}
        self.redactions: dict[str, int] = {}
        self.policy = meta_policy(self.config)
        self.meta_plan = MetaPlan(data_dir).build(
            self.parts, [kept[a:b] for a, b in zip(self.starts[:-1], self.starts[1:])], self.policy, self.redactions)
        fields = [pa.field("id", pa.string(), nullable=False), pa.field("text", pa.string(), nullable=False),
                  pa.field("source", pa.string(), nullable=False)]
        if self.meta_plan.type is not None:
            fields.append(pa.field("meta", self.meta_plan.type))
        self.schema = pa.schema(fields)


class _Streamed:
    """What the write pass produced: rows and text bytes exported, shards."""

    def __init__(self):
        self.exported = self.text_bytes = self.done_bytes = 0
        self.shards: list[dict] = []


def _export(ws: Workspace, out: str, shard_size: int, val_fraction: float, seed: int,
            show_progress: bool | None, callback, cancel) -> dict:
    data_dir = prepare_out_dir(out)
    plan = _Plan(ws, data_dir)
    writers = {"train": ShardWriter(data_dir, "train", plan.schema, shard_size)}
    if val_fraction > 0:
        writers["validation"] = ShardWriter(data_dir, "validation", plan.schema, shard_size)
    try:
        streamed = _stream(plan, writers, val_fraction, seed,
                           Progress(sum(os.path.getsize(p) for p in plan.parts), label="export",
                                    enabled=show_progress, callback=callback, cancel=cancel))
    finally:
        plan.meta_plan.remove()
    for split, writer in writers.items():
        for shard in writer.finish(always=(split == "train")):
            streamed.shards.append({"file": os.path.relpath(shard, out), "split": split,
                                    "rows": pq.ParquetFile(shard).metadata.num_rows,
                                    "bytes": os.path.getsize(shard), "sha256": sha256_file(shard)})
    return _write_manifest(ws, out, plan, streamed, list(writers), shard_size, val_fraction, seed)


def _stream(plan: _Plan, writers: dict[str, ShardWriter], val_fraction: float, seed: int,
            progress: Progress) -> _Streamed:
    """Read each part once, take its exported rows, split, redact and hand them to the shard
    writers; three stages overlap: reading part i+1, preparing part i, writing part i-1."""
    streamed = _Streamed()
    wanted = _columns_needed(plan.parts)
    writing = None
    with ThreadPoolExecutor(max_workers=1) as prefetch, ThreadPoolExecutor(max_workers=1) as writer_thread:
        upcoming = (prefetch.submit(_read_part, plan.parts[0], wanted, plan.verdicts, 0)
                    if plan.parts else None)
        for index, path in enumerate(plan.parts):
            table = upcoming.result()
            if index + 1 < len(plan.parts):
                upcoming = prefetch.submit(_read_part, plan.parts[index + 1], wanted, plan.verdicts,
                                           plan.starts[index + 1])
            table = table.filter(table.column("kept"))
            validation = split_of(table.column("id").to_pylist(), val_fraction, seed)
            columns = [table.column("id"), table.column("text"), table.column("source"), table.column("pii")]
            meta = plan.meta_plan.exported(index)
            if meta is not None:
                columns.append(pa.chunked_array([meta], meta.type))
            payload = pa.Table.from_arrays(columns, schema=plan.schema.insert(
                3, pa.field("pii", table.schema.field("pii").type)))
            for split, mask in (("train", ~validation), ("validation", validation)):
                if not mask.any():
                    continue
                chosen = redact_column(payload.filter(pa.array(mask)), plan.redactions)
                if writing is not None:
                    writing.result()  # at most one part waits to be written: memory stays bounded
                writing = writer_thread.submit(writers[split].write, chosen)
                kill_point(f"export:{index}")
                streamed.exported += chosen.num_rows
                streamed.text_bytes += chosen.column("text").nbytes
            streamed.done_bytes += os.path.getsize(path)
            progress.update(streamed.exported, streamed.done_bytes)
        if writing is not None:
            writing.result()
    progress.close(streamed.exported, streamed.done_bytes)
    return streamed


def _write_manifest(ws: Workspace, out: str, plan: _Plan, streamed: _Streamed, splits: list[str],
                    shard_size: int, val_fraction: float, seed: int) -> dict:
    """The manifest and the dataset card, written last: an export without them never verifies."""
    shards, stats = streamed.shards, plan.stats
    manifest = {
        "format": EXPORT_FORMAT,
        "format_version": 1,
        "has_meta": plan.meta_plan.type is not None,
        "meta_policy": plan.policy,  # redact: every string field PII-redacted; drop; or the kept names
        "tool_version": __version__,
        "workspace": redact_string(os.path.basename(os.path.abspath(ws.root))),  # a name, never a local path
        "shard_size": shard_size,
        "val_fraction": val_fraction,
        "seed": seed,
        "shards": shards,
        "totals": {
            "documents": stats["documents"], "exported": streamed.exported, "removed": stats["removed"],
            "rows": {split: sum(s["rows"] for s in shards if s["split"] == split) for split in splits},
            "shards": len(shards), "bytes": sum(s["bytes"] for s in shards), "text_bytes": streamed.text_bytes,
        },
        "redactions": dict(sorted(plan.redactions.items())),
        "workspace_stats": stats,
        "signal_summary": _summaries(plan.summaries),
        "config": plan.config,
        "config_hash": config_hash(plan.config),
        "inputs": [shareable_input(i) for i in plan.meta.get("inputs", [])],
        # every benchmark checked (curator decontaminate): files with sha256, items, n-gram setting,
        # and the documents its rule removes in this export
        "benchmarks": benchmarks_checked(plan.meta, stats),
    }
    layout = ExportLayout(out)
    write_text(layout.card_path, dataset_card(manifest))
    write_text(layout.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def shareable_input(entry: dict) -> dict:
    """An input's fingerprint for the manifest: its stored name (relative, PII redacted), never a
    local path."""
    out = {k: v for k, v in entry.items() if k not in ("path", "name")}
    name = entry.get("name") or os.path.basename(str(entry.get("path", "")))
    return {"name": redact_string(name), **out}


def _summaries(columns: dict[str, list[np.ndarray]]) -> dict:
    out = {}
    for name, chunks in columns.items():
        values = np.concatenate(chunks) if chunks else np.array([])
        values = values[np.isfinite(values)]
        if len(values) == 0:
            continue
        p5, p50, p95 = np.percentile(values, [5, 50, 95])
        out[name] = {"mean": round(float(values.mean()), 4), "p5": round(float(p5), 4),
                     "p50": round(float(p50), 4), "p95": round(float(p95), 4)}
    return out

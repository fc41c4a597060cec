"""``curator export``: kept documents → redacted, split, zstd Parquet shards + manifest + card.

Reads the workspace one part at a time (memory ≈ one part + one row group). Verdicts are
re-evaluated against the decision store as each part is read, so the export honours decisions even
when a part was not yet brought up to date (the part is rewritten then, too).
"""

import hashlib
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
import pyarrow.parquet as pq

from curator import __version__
from curator.config import config_hash
from curator.errors import CuratorError
from curator.export.card import dataset_card
from curator.faults import kill_point
from curator.export.redact import count_kinds, redact, redact_meta
from curator.export.shards import ShardWriter
from curator.io.atomic import write_text
from curator.io.streams import sha256_file
from curator.progress import Progress
from curator.workspace.layout import Workspace
from curator.workspace.reapply import load_verdicts, with_verdicts, write_part
from curator.workspace.source import EXPORT_FORMAT, ExportLayout
from curator.workspace.store import load_decisions
from curator.workspace.verdict import Verdicts

SUMMARY_SIGNALS = ("n_chars", "hangul_ratio", "line_punct_ratio", "particle_ratio", "morph_lm_score",
                   "dup_line_frac")


def split_of(ids: list[str], val_fraction: float, seed: int) -> np.ndarray:
    """True for validation rows: a seeded hash of the id, so the split is stable and reproducible."""
    if val_fraction <= 0:
        return np.zeros(len(ids), dtype=bool)
    cut = int(val_fraction * 2**64)
    salt = f"{seed}:".encode()
    return np.fromiter((int.from_bytes(hashlib.blake2b(salt + i.encode(), digest_size=8).digest(), "big") < cut
                        for i in ids), dtype=bool, count=len(ids))


def _parse_meta(column: pa.ChunkedArray, type_: pa.DataType | None = None) -> pa.StructArray | None:
    """Parse the JSON-object strings of ``meta`` in C++ (pyarrow.json); nulls stay null."""
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    valid = column.drop_null()
    if len(valid) == 0:
        return None
    buffer = "\n".join(valid.to_pylist()).encode("utf-8")
    options = pj.ParseOptions(explicit_schema=pa.schema(list(type_)), unexpected_field_behavior="ignore") \
        if type_ is not None else None
    parsed = pj.read_json(io.BytesIO(buffer), parse_options=options).combine_chunks()
    struct = pa.StructArray.from_arrays([c.combine_chunks() for c in parsed.columns], fields=list(parsed.schema))
    if len(valid) == len(column):
        return struct
    positions = np.cumsum(column.is_valid().to_numpy(zero_copy_only=False)) - 1
    spread = struct.take(pa.array(np.maximum(positions, 0)))  # row i ← its parsed object
    return pc.if_else(column.is_valid(), spread, pa.nulls(len(column), struct.type))


def meta_policy(config: dict):
    """``export.meta`` of the workspace's config: "redact" (default), "drop" or a list of names."""
    return (config.get("export") or {}).get("meta", "redact")


def exported_meta(column: pa.ChunkedArray, policy, counts: dict | None = None) -> pa.Array:
    """The ``meta`` strings as exported: filtered by ``policy`` and PII-redacted (redact.py)."""
    counts = {} if counts is None else counts
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return pa.array([redact_meta(v, policy, counts) for v in column.to_pylist()], pa.string())


def meta_type(ws: Workspace, policy="redact") -> pa.DataType | None:
    """One struct type for the ``meta`` of every exported row (None when no input carried any)."""
    if policy == "drop":
        return None
    schemas = []
    for path in ws.part_paths():
        try:
            parsed = _parse_meta(exported_meta(pq.read_table(path, columns=["meta"]).column("meta"), policy))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return pa.string()  # not objects of one shape: keep meta as the JSON text it came as
        if parsed is not None and parsed.type.num_fields:
            schemas.append(pa.schema([pa.field("meta", parsed.type)]))
    if not schemas:
        return None
    try:
        return pa.unify_schemas(schemas, promote_options="permissive").field("meta").type
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.string()


def _meta_array(column: pa.ChunkedArray, type_: pa.DataType | None) -> pa.Array | None:
    if type_ is None:
        return None
    if pa.types.is_string(type_):
        return column.combine_chunks()
    parsed = _parse_meta(column, type_)
    return pa.nulls(len(column), type_) if parsed is None else parsed.cast(type_)


def redact_column(table: pa.Table, counts: dict) -> pa.Table:
    """``table`` with PII spans in ``text`` replaced; only rows that have spans are rebuilt."""
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


def _columns_needed(parts: list[str]) -> list[str]:
    if not parts:
        return []
    wanted = {"id", "text", "source", "meta", "pii", "kept", "reasons", "dup_reason"} | set(SUMMARY_SIGNALS)
    return [name for name in pq.read_schema(parts[0]).names if name in wanted]


def _read_part(path: str, columns: list[str], verdicts: Verdicts, start: int) -> pa.Table:
    """The columns export needs, with the engine's verdicts (rows start.. of it); a part whose
    stored verdicts are stale (a decision not yet written into it) is rewritten too."""
    stored = pq.read_table(path, columns=columns)
    table = with_verdicts(stored, verdicts, start)
    if not (table.column("kept").equals(stored.column("kept"))
            and table.column("reasons").equals(stored.column("reasons"))):
        write_part(with_verdicts(pq.read_table(path), verdicts, start), path)
    return table


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

    Holds the workspace's write lock (stale parts are brought in line with the decision store as
    they are read). An export that fails or is cancelled removes its partial shards; with no
    manifest left, ``verify`` fails on it until a new export completes.
    """
    if not 0 <= val_fraction < 1:
        raise CuratorError(f"--val-fraction {val_fraction}: must be at least 0 and below 1")
    created = not os.path.exists(out)
    check_out_dir(out)
    with ws.write_lock("curator export"):
        try:
            return _export(ws, out, shard_size, val_fraction, seed, show_progress, callback, cancel)
        except BaseException:
            layout = ExportLayout(out)
            if layout.is_ours():
                layout.remove_own_files(marker=created)
                if created and os.path.isdir(out) and not layout.content():
                    os.rmdir(out)
            raise


def _export(ws: Workspace, out: str, shard_size: int, val_fraction: float, seed: int,
            show_progress: bool | None, callback, cancel) -> dict:
    meta = ws.read_meta()
    config = ws.config
    decisions = load_decisions(ws)
    verdicts = load_verdicts(ws, config, decisions)  # the stats and every row's verdict, once
    stats = verdicts.stats(ws.error_count(), decisions)
    data_dir = prepare_out_dir(out)
    policy = meta_policy(config)
    m_type = meta_type(ws, policy)
    fields = [pa.field("id", pa.string(), nullable=False), pa.field("text", pa.string(), nullable=False),
              pa.field("source", pa.string(), nullable=False)]
    if m_type is not None:
        fields.append(pa.field("meta", m_type))
    schema = pa.schema(fields)
    writers = {"train": ShardWriter(data_dir, "train", schema, shard_size)}
    if val_fraction > 0:
        writers["validation"] = ShardWriter(data_dir, "validation", schema, shard_size)

    parts = ws.part_paths()
    progress = Progress(sum(os.path.getsize(p) for p in parts), label="export", enabled=show_progress,
                        callback=callback, cancel=cancel)
    redactions: dict[str, int] = {}
    summaries: dict[str, list[np.ndarray]] = {name: [] for name in SUMMARY_SIGNALS}
    exported = text_bytes = done_bytes = 0
    wanted = _columns_needed(parts)
    writing = None
    starts = np.concatenate([[0], np.cumsum([pq.ParquetFile(p).metadata.num_rows for p in parts])]).astype(int)
    # three stages overlap: reading part i+1, preparing part i, writing the shards of part i-1
    with ThreadPoolExecutor(max_workers=1) as prefetch, ThreadPoolExecutor(max_workers=1) as writer_thread:
        upcoming = prefetch.submit(_read_part, parts[0], wanted, verdicts, 0) if parts else None
        for index, path in enumerate(parts):
            table = upcoming.result()
            if index + 1 < len(parts):
                upcoming = prefetch.submit(_read_part, parts[index + 1], wanted, verdicts, starts[index + 1])
            kept = table.column("kept").to_numpy(zero_copy_only=False)
            for name in SUMMARY_SIGNALS:
                if name in table.column_names:
                    summaries[name].append(table.column(name).to_numpy(zero_copy_only=False)[kept].astype(np.float64))
            validation = np.zeros(len(kept), dtype=bool)
            validation[kept] = split_of(table.column("id").filter(pa.array(kept)).to_pylist(), val_fraction, seed)
            columns = [table.column("id"), table.column("text"), table.column("source"), table.column("pii")]
            if m_type is not None:
                meta_strings = exported_meta(table.column("meta").filter(pa.array(kept)), policy, redactions)
                full = pa.nulls(len(kept), pa.string())
                full = pc.replace_with_mask(full, pa.array(kept), meta_strings) if len(meta_strings) else full
                columns.append(pa.chunked_array([_meta_array(full, m_type)]))
            payload = pa.Table.from_arrays(columns, schema=schema.insert(3, pa.field("pii", table.schema.field("pii").type)))
            for split, mask in (("train", kept & ~validation), ("validation", validation)):
                if not mask.any():
                    continue
                chosen = redact_column(payload.filter(pa.array(mask)), redactions)
                if writing is not None:
                    writing.result()  # at most one part waits to be written: memory stays bounded
                writing = writer_thread.submit(writers[split].write, chosen)
                kill_point(f"export:{index}")
                exported += chosen.num_rows
                text_bytes += chosen.column("text").nbytes
            done_bytes += os.path.getsize(path)
            progress.update(exported, done_bytes)
        if writing is not None:
            writing.result()

    shards = []
    for split, writer in writers.items():
        for shard in writer.finish(always=(split == "train")):
            shards.append({"file": os.path.relpath(shard, out), "split": split,
                           "rows": pq.ParquetFile(shard).metadata.num_rows,
                           "bytes": os.path.getsize(shard), "sha256": sha256_file(shard)})
    progress.close(exported, done_bytes)

    manifest = {
        "format": EXPORT_FORMAT,
        "format_version": 1,
        "has_meta": m_type is not None,
        "meta_policy": policy,  # redact: every string field PII-redacted; drop; or the kept names
        "tool_version": __version__,
        "workspace": os.path.basename(os.path.abspath(ws.root)),  # a name, never a local path
        "shard_size": shard_size,
        "val_fraction": val_fraction,
        "seed": seed,
        "shards": shards,
        "totals": {
            "documents": stats["documents"], "exported": exported, "removed": stats["removed"],
            "rows": {split: sum(s["rows"] for s in shards if s["split"] == split) for split in writers},
            "shards": len(shards), "bytes": sum(s["bytes"] for s in shards), "text_bytes": text_bytes,
        },
        "redactions": dict(sorted(redactions.items())),
        "workspace_stats": stats,
        "signal_summary": _summaries(summaries),
        "config": config,
        "config_hash": config_hash(config),
        "inputs": [shareable_input(i) for i in meta.get("inputs", [])],
    }
    layout = ExportLayout(out)
    write_text(layout.card_path, dataset_card(manifest))
    write_text(layout.manifest_path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest


def shareable_input(entry: dict) -> dict:
    """An input's fingerprint for the manifest: its stored name (relative), never a local path."""
    out = {k: v for k, v in entry.items() if k not in ("path", "name")}
    name = entry.get("name") or os.path.basename(str(entry.get("path", "")))
    return {"name": name, **out}


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

"""``curator run``: ingest → analyse (parallel) → documents parts → verdicts → workspace.json."""

import os
import shutil
import time
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator import __version__
from curator.config import config_hash
from curator.dedup.stage import cluster_workspace, repeated_lines, strip_lines
from curator.errors import Cancelled, CuratorError
from curator.io.readers import ReadOptions, expand_inputs
from curator.pipeline.executor import LocalExecutor
from curator.pipeline.ingest import Batch, Ingest
from curator.pipeline.progress import Progress
from curator.signals import compute_signals
from curator.workspace.layout import FORMAT_VERSION, Workspace, documents_schema
from curator.workspace.verdict import apply_verdicts, workspace_stats


@dataclass
class RunResult:
    workspace: Workspace
    stats: dict
    seconds: float
    input_bytes: int
    skipped: list[str]


class PartWriter:
    """Streams document batches into ``part-NNNNN.parquet`` files of at most ``part_rows`` rows."""

    def __init__(self, ws: Workspace, part_rows: int, part_bytes: int):
        self.ws = ws
        self.part_rows = part_rows
        self.part_bytes = part_bytes  # bounds the memory of rewriting one part (decide, apply)
        self.bytes_in_part = 0
        self.schema = documents_schema()
        self.index = 0
        self.rows_in_part = 0
        self.writer: pq.ParquetWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        offset = 0
        while offset < batch.num_rows:
            if self.writer is None:
                self.writer = pq.ParquetWriter(self.ws.part_path(self.index), self.schema,
                                               compression="zstd")
            take = min(self.part_rows - self.rows_in_part, batch.num_rows - offset)
            piece = batch.slice(offset, take)
            self.writer.write_batch(piece, row_group_size=10_000)
            offset += take
            self.rows_in_part += take
            self.bytes_in_part += piece.column("text").nbytes
            if self.rows_in_part >= self.part_rows or self.bytes_in_part >= self.part_bytes:
                self.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.index += 1
            self.rows_in_part = 0
            self.bytes_in_part = 0


def assemble(batch: Batch, signals: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """The documents rows of one batch: input columns, signals, and verdict placeholders."""
    n = len(batch.ids)
    columns = {
        "id": pa.array(batch.ids, pa.string()),
        "source": pa.array(batch.sources, pa.string()),
        "text": pa.array(batch.texts, pa.string()),
        "meta": pa.array(batch.metas, pa.string()),
        "kept": pa.array([True] * n, pa.bool_()),
        "reasons": pa.array([[]] * n, schema.field("reasons").type),
        "dup_cluster": pa.nulls(n, pa.string()),
        "dup_reason": pa.nulls(n, pa.string()),
        "dup_reference": pa.nulls(n, pa.string()),
        "repeated_line_ratio": pa.nulls(n, pa.float64()),
    }
    for name in signals.schema.names:
        columns[name] = signals.column(name)
    # Counted once, on the final text (cleaning may have replaced it); code points, like len().
    columns["n_chars"] = pc.utf8_length(columns["text"]).cast(pa.int64())
    return pa.RecordBatch.from_arrays([columns[f.name] for f in schema], schema=schema)


def prepare_workspace(out: str, overwrite: bool) -> Workspace:
    ws = Workspace(out)
    if os.path.exists(out) and os.listdir(out):
        if not ws.exists() and not overwrite:
            raise CuratorError(f"{out}: directory is not empty and is not a workspace")
        if not overwrite:
            raise CuratorError(f"{out}: a workspace is already there (use --overwrite to replace it)")
        shutil.rmtree(out)
    os.makedirs(ws.documents_dir, exist_ok=True)
    return ws


def dedup_stage(ws: Workspace, config: dict, decisions: dict | None = None, against: str | None = None) -> None:
    """Global clustering and repeated-line counting (when enabled), then the verdicts."""
    d = config.get("dedup", {})
    if not d.get("enabled", True):
        apply_verdicts(ws, config, decisions)
        return
    overrides = cluster_workspace(ws, config, against)
    text_hash = np.concatenate([pq.read_table(p, columns=["text_hash"]).column("text_hash").to_numpy()
                                for p in ws.part_paths()])
    frequent, ratios = repeated_lines(ws, text_hash, d.get("lines_min_docs", 5))
    overrides["repeated_line_ratio"] = pa.array(ratios, pa.float64())
    rewrite = (lambda table, _row: strip_lines(table, frequent)) if d.get("strip_repeated_lines") else None
    apply_verdicts(ws, config, decisions, overrides=overrides, rewrite=rewrite)


def run_pipeline(inputs: list[str], out: str, config: dict, workers: int | None = None,
                 overwrite: bool = False, show_progress: bool | None = None,
                 dedup_against: str | None = None, callback=None, cancel=None) -> RunResult:
    """``callback(share, docs)`` reports progress; ``cancel()`` stops the run (the unfinished
    workspace is removed)."""
    try:
        return _run(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback, cancel)
    except Cancelled:
        shutil.rmtree(out, ignore_errors=True)
        raise


def _run(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback, cancel) -> RunResult:
    paths, skipped = expand_inputs(inputs)
    if dedup_against and not (os.path.isfile(os.path.join(dedup_against, "workspace.json"))
                              or os.path.isfile(os.path.join(dedup_against, "manifest.json"))):
        raise CuratorError(f"--dedup-against {dedup_against}: neither a workspace nor an export directory")
    if not paths:
        raise CuratorError(f"{' '.join(inputs)}: no readable input files found")
    ws = prepare_workspace(out, overwrite)
    started = time.monotonic()
    options = ReadOptions(**config["input"])
    run_cfg = config["run"]
    executor = LocalExecutor(workers or os.cpu_count() or 1)
    writer = PartWriter(ws, run_cfg["part_rows"], run_cfg["part_bytes"])
    with open(ws.errors_path, "w", encoding="utf-8") as errors_file:
        ingest = Ingest(paths, options, errors_file)
        progress = Progress(ingest.total_bytes, enabled=show_progress, callback=callback, cancel=cancel)
        done = 0
        batches = ingest.batches(run_cfg["batch_docs"], run_cfg["batch_bytes"])
        for batch, signals in executor.map_ordered(compute_signals, batches, (config,)):
            writer.write(assemble(batch, signals, writer.schema))
            done += len(batch.ids)
            progress.update(done, ingest.bytes_done)
        writer.close()
        progress.close(done, ingest.total_bytes)
    if ingest.records == 0:
        raise CuratorError(f"no document could be read from {len(paths)} input(s); "
                           f"{ingest.errors} problem(s) listed in {ws.errors_path}")
    meta = {
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "inputs": [{"path": r.path, "format": r.format, "size": r.size, "sha256": r.sha256,
                    "encoding": r.encoding, "records": r.records, "errors": r.errors}
                   for r in ingest.reports],
        "skipped_files": skipped,
        "config": config,
        "config_hash": config_hash(config),
        "counts": {},
    }
    ws.write_meta(meta)
    if dedup_against:
        meta["dedup_against"] = os.path.abspath(dedup_against)
    dedup_stage(ws, config, against=dedup_against)
    stats = workspace_stats(ws)
    meta["counts"] = {k: stats[k] for k in ("documents", "kept", "removed", "errors")}
    ws.write_meta(meta)
    return RunResult(ws, stats, time.monotonic() - started, ingest.total_bytes, skipped)

"""Re-applying a config and the decisions to a workspace: the one use case behind ``apply``,
``decisions import``, the run's last stage and the app's save. Every verdict comes from the engine
in verdict.py; every column is read and written through tables.py.

Dedup is global: a cluster's representative depends on which members other rules remove, so a
light pass over every part (signals, lengths, hashes, cluster ids: no text) builds the engine;
then what changed is written to the derived table beside the parts. The analysis parts
themselves are written once, by ``run``, and never by anything here (but the run's own optional
line stripping, ``recluster(strip=True)``).
"""

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from curator.config import DedupSettings, config_hash, with_bounds
from curator.dedup.minhash import text_hashes
from curator.dedup.stage import (HASHING_SETTINGS, cluster_documents, dedup_settings, hasher, repeated_lines,
                                  stored_signatures, strip_lines)
from curator.errors import CuratorError
from curator.workspace.layout import Workspace
from curator.workspace.source import DocumentSource
from curator.workspace.store import load_decisions
from curator.workspace.tables import engine, merged, read_column, read_part, read_signatures, write_part, write_verdicts
from curator.workspace.verdict import Verdicts


def record(ws: Workspace, config: dict, verdicts: Verdicts, decisions: dict[str, str]) -> dict:
    """Store the config, its hash and the counts in ``workspace.json``; returns the stats."""
    stats = verdicts.stats(ws.error_count(), decisions)
    meta = ws.read_meta()
    meta.update(config=config, config_hash=config_hash(config))
    meta["counts"] = {k: stats[k] for k in ("documents", "kept", "removed", "errors")}
    ws.write_meta(meta)
    return stats


def reference_signatures(source: DocumentSource, d: DedupSettings) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Signatures, text hashes and ids of the documents of ``source`` (a workspace or an export:
    ``DocumentSource``) for ``--dedup-against``.

    A workspace made with the same hashing settings gives its stored signatures; otherwise (and for
    an export, whose text is redacted) they are computed from the text.
    """
    n_perm = d.num_perm
    sigs, hashes, ids = [], [], []
    reference = dedup_settings(source.config() or {}) if source.is_workspace else None
    if reference is not None and all(getattr(reference, k) == getattr(d, k) for k in HASHING_SETTINGS):
        for batch in source.batches(["id", "text_hash", "minhash"]):
            table = pa.Table.from_batches([batch])
            sigs.append(stored_signatures(table, n_perm))
            hashes.append(table.column("text_hash").to_numpy(zero_copy_only=False))
            ids.extend(table.column("id").to_pylist())
    else:
        for batch in source.batches(["id", "text"]):
            texts = batch.column("text").to_pylist()
            sigs.append(hasher(d).signatures(pa.array(texts, pa.string())))
            hashes.append(np.array(text_hashes(texts), dtype=np.int64))
            ids.extend(batch.column("id").to_pylist())
    return (np.concatenate(sigs) if sigs else np.zeros((0, n_perm), np.uint32),
            np.concatenate(hashes) if hashes else np.zeros(0, np.int64), ids)


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
        source = DocumentSource.open(against, "--dedup-against") if against else None
        signatures, text_hash, ids = read_signatures(ws, d.num_perm)
        reference = reference_signatures(source, d) if source is not None else None
        overrides = cluster_documents(signatures, text_hash, ids, d, ws.pairs_path, reference)
        del signatures, ids
        say("dedup: lines repeated across documents")
        frequent, ratios = repeated_lines(read_column(ws, "line_hashes"), text_hash, d.lines_min_docs)
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


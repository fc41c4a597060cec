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
from curator.dedup.stage import HASHING_SETTINGS, cluster_documents, dedup_settings, repeated_lines, strip_lines
from curator.errors import CuratorError
from curator.workspace.layout import Workspace
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


# (root of the --dedup-against workspace or export, dedup settings) → its documents' signatures,
# text hashes and ids: export/source.py's reference_signatures, passed in by the commands above
# this layer (an export's files are known only there)
ReferenceReader = Callable[[str, DedupSettings], tuple[np.ndarray, np.ndarray, list[str]]]


def _normalised(overrides: dict) -> dict[str, pa.Array]:
    return {name: (v.combine_chunks() if isinstance(v, pa.ChunkedArray) else v) for name, v in overrides.items()}


def recluster(ws: Workspace, config: dict, decisions: dict[str, str], against: str | None = None,
              say: Callable[[str], None] = lambda text: None, strip: bool = False,
              read_reference: ReferenceReader | None = None) -> tuple[Verdicts, int]:
    """Clustering and repeated-line counting over every document (when dedup is enabled), then
    the verdicts; returns the engine and the bytes of the derived table written. ``against``:
    the ``--dedup-against`` workspace or export, whose documents ``read_reference`` reads.
    ``strip``: the run's last stage with ``strip_repeated_lines`` on, the one time after the
    analysis that parts are written (their text loses its corpus-frequent lines); ``apply`` never
    strips."""
    d = dedup_settings(config)
    overrides: dict[str, pa.Array] = {}
    if d.enabled:
        say("dedup: near-duplicate clusters over every document")
        if against and read_reference is None:
            raise CuratorError(f"re-clustering against {against} (--dedup-against) needs its reader: "
                               f"`curator apply` and `curator run` pass one")
        reference = read_reference(against, d) if against else None
        signatures, text_hash, ids = read_signatures(ws, d.num_perm)
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
            rule_specs: dict | None = None, purpose: str = "curator apply",
            read_reference: ReferenceReader | None = None) -> tuple[dict, int]:
    """Re-evaluate the workspace with ``config`` (default: its own) and every stored decision,
    with the thresholds in ``rules`` (name → (min, max)) put on top of the config on disk (the
    app's unsaved changes; a rule the disk lacks is taken from ``rule_specs``); the
    clusters are rebuilt from the stored signatures when the dedup settings changed (against the
    run's ``--dedup-against`` reference, read with ``read_reference``: ``curator apply`` passes
    it; the app's save and ``decisions import`` keep the dedup settings). Returns
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
            verdicts, rewritten = recluster(ws, config, decisions, against=meta.get("dedup_against"),
                                            read_reference=read_reference)
        else:
            verdicts = engine(ws, config, decisions, rechoose=True)
            rewritten = write_verdicts(ws, verdicts)
        return record(ws, config, verdicts, decisions), rewritten


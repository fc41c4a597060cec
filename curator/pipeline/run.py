"""``curator run``: ingest → analyse (parallel) → documents parts → verdicts → workspace.json."""

import dataclasses
import os
import time
from collections import deque
from dataclasses import dataclass

import pyarrow as pa

from curator import __version__
from curator.config import Config, config_hash
from curator.errors import Cancelled, CuratorError
from curator.filters.learned import LearnedModel
from curator.io.atomic import exchange, replacing
from curator.pipeline.learn import with_learned
from curator.io.readers import ReadOptions, expand_inputs, literal_prefix, printable
from curator.pipeline import checkpoint
from curator.pipeline.executor import LocalExecutor
from curator.pipeline.ingest import Ingest
from curator.progress import Progress
from curator.pipeline.analyse import analyse_rows
from curator.export.layout import ExportLayout
from curator.export.source import DocumentSource, reference_signatures
from curator.workspace.layout import FORMAT_VERSION, PHASE_ANALYSED, PHASE_COMPLETE, Workspace
from curator.workspace.lock import write_lock
from curator.workspace.store import copy_store, load_decisions, store_digest, workspace_summary
from curator.workspace.reapply import reapply, recluster
from curator.workspace.tables import PartWriter, workspace_ids, workspace_stats


@dataclass
class RunResult:
    workspace: Workspace
    stats: dict
    seconds: float
    input_bytes: int
    skipped: list[str]
    own_outputs: list[str] = dataclasses.field(default_factory=list)  # workspaces/exports met in the inputs, not read
    # of the workspace an --overwrite replaced: {documents, decisions, notes, matched, dropped}
    replaced: dict | None = None


def check_target(out: str, overwrite: bool) -> None:
    """Refuse, before anything is written, a target that holds anything but a workspace of ours
    (even with ``overwrite``: a command deletes only what it wrote), or a workspace without
    ``overwrite``."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise CuratorError(f"{out}: exists and is not a directory")
    ws = Workspace(out)
    if not ws.content():
        return
    if not ws.recognised():
        raise CuratorError(f"{out}: directory is not empty and is not a workspace "
                           f"(holds {ws.content()[0]!r}); choose another --out")
    if not overwrite:
        raise CuratorError(f"{out}: a workspace is already there (use --overwrite to replace it)")


def prepare_workspace(out: str, overwrite: bool) -> tuple[Workspace, dict | None]:
    """The workspace to write, with what it replaced ({documents, decisions}) or None.
    Call with the write lock held; removes only the files of an earlier workspace."""
    check_target(out, overwrite)
    ws = Workspace(out)
    replaced = None
    if ws.content():
        replaced = workspace_summary(ws)
        ws.remove_own_files()
    os.makedirs(ws.documents_dir, exist_ok=True)
    return ws, replaced


def run_pipeline(inputs: list[str], out: str, config: dict, workers: int | None = None,
                 overwrite: bool = False, show_progress: bool | None = None,
                 dedup_against: str | None = None, callback=None, cancel=None,
                 resume: bool = False, force: bool = False, executor: str = "local",
                 ray_address: str | None = None, drop_decisions: bool = False) -> RunResult:
    """``callback(share, docs)`` reports progress; ``cancel()`` stops the run. ``resume``
    continues an interrupted run in ``out`` (see checkpoint.py).

    The whole run holds the workspace's write lock. A fresh run that is cancelled, or fails before
    its first part is closed, removes the files it wrote (only those); a run that fails later stays
    resumable, and every other command refuses it until ``run --resume`` finishes it.

    ``overwrite`` of a finished workspace builds the new one beside it and swaps it in only when
    it has succeeded (``replace``); its decisions and notes are carried over unless
    ``drop_decisions``.
    """
    check_target(out, overwrite or resume)
    refuse_inputs_inside(inputs, out)
    existing = Workspace(out)
    if overwrite and not resume and existing.exists():  # finished, or its record damaged: decisions to keep
        def build(staging: str, carry_from: str | None) -> RunResult:
            return _run_locked(inputs, staging, config, workers, False, show_progress, dedup_against, callback,
                               cancel, False, False, executor, ray_address, carry_from)
        return replace(out, build, drop_decisions)
    return _run_locked(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback, cancel,
                       resume, force, executor, ray_address, None)


def _run_locked(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback, cancel,
                resume, force, executor, ray_address, carry_from) -> RunResult:
    created = not os.path.exists(out)
    state: dict = {"carry_from": carry_from}
    try:
        with write_lock(out, "curator run"):
            try:
                return _run(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback,
                            cancel, resume, force, executor, ray_address, state)
            except BaseException as exc:
                if state.get("fresh") and (isinstance(exc, Cancelled) or not state.get("parts")):
                    Workspace(out).remove_own_files()
                raise
    finally:
        if created and os.path.isdir(out) and not Workspace(out).content():
            Workspace(out).remove_own_files(lock_file=True)


def refuse_inputs_inside(inputs: list[str], out: str) -> None:
    """An input inside the output would be read from the workspace that the run replaces."""
    root = os.path.realpath(out)
    for item in inputs:
        literal = (literal_prefix(item) or ".") if any(ch in item for ch in "*?[") else item
        real = os.path.realpath(literal)
        if real == root or real.startswith(root + os.sep):
            raise CuratorError(f"{item}: this input lies inside the output {out}, which the run writes; "
                               f"copy it out first or choose another --out")


def staging_path(out: str, what: str = "new") -> str:
    """Hidden siblings of ``out``: the replacement being built (``new``) and the replaced one on
    its way out (``old``)."""
    parent, name = os.path.split(os.path.abspath(out).rstrip(os.sep))
    return os.path.join(parent, f".{name}.curator-{what}")


def _clear_leftover(path: str) -> None:
    """Remove a staging directory an earlier replacement left (killed): only if it is ours."""
    ws = Workspace(path)
    if not os.path.lexists(path):
        return
    if ws.content() and not ws.recognised():
        raise CuratorError(f"{path}: left from an earlier replacement but holds {ws.content()[0]!r}, "
                           f"which this tool did not write; move it away")
    ws.remove_own_files(lock_file=True)
    if os.path.isdir(path) and not os.listdir(path):
        os.rmdir(path)


def replace(out: str, build, drop_decisions: bool) -> RunResult:
    """Replace the finished workspace ``out`` only once its successor exists.

    ``build(staging, carry_from)`` runs into a hidden sibling; the decision store is copied there
    first (so the new verdicts already honour it). On success the two directories are exchanged in
    one step, files of the user's in the old one move along, and only then are the old one's own
    files deleted. A failed or cancelled build is removed and ``out`` is left as it was. The old
    workspace's lock is held throughout, so no other command writes it meanwhile (the app's
    decisions, which take no lock, are copied again at the swap if they changed)."""
    old = Workspace(out)
    with write_lock(out, "curator run (replacing this workspace)"):
        summary = workspace_summary(old) or {"documents": 0, "decisions": 0, "notes": 0}
        staging = staging_path(out)
        _clear_leftover(staging)
        _clear_leftover(staging_path(out, "old"))
        carry_from = None if drop_decisions or not os.path.isfile(old.decisions_path) else old.decisions_path
        copied = store_digest(carry_from) if carry_from else None
        try:
            result = build(staging, carry_from)
        except BaseException:
            _clear_leftover(staging)
            raise
        changed_since = carry_from is not None and store_digest(carry_from) != copied
        if changed_since:  # the app decided while the run ran: carry the store as it is now
            copy_store(carry_from, Workspace(staging).decisions_path)
        _retarget_model(Workspace(staging), out)
        aside = staging
        if not exchange(staging, out):
            aside = staging_path(out, "old")
            os.rename(out, aside)
            os.rename(staging, out)
        _move_foreign_files(Workspace(aside), out)
        Workspace(aside).remove_own_files(lock_file=True)
    ws = Workspace(out)
    stats = reapply(ws)[0] if changed_since else result.stats
    decisions = load_decisions(ws)
    matched = len(set(decisions) & workspace_ids(ws)) if decisions else 0
    replaced = {**summary, "matched": matched, "dropped": drop_decisions}
    return dataclasses.replace(result, workspace=ws, stats=stats, replaced=replaced)


def _own_output_test(out: str):
    """Is a directory met while walking the inputs this run's output (or its staging siblings), or
    any workspace or export this tool wrote? Those are not input."""
    ours = {os.path.realpath(p) for p in (out, staging_path(out), staging_path(out, "old"))}

    def test(path: str) -> bool:
        return (os.path.realpath(path) in ours or Workspace(path).recognised()
                or ExportLayout(path).is_ours())
    return test


def _retarget_model(staging: Workspace, out: str) -> None:
    """The config names the learned model by absolute path: the staging path becomes ``out``'s."""
    meta = staging.read_meta()
    model = meta.get("config", {}).get("learned", {}).get("model")
    if model and os.path.abspath(model) == os.path.abspath(staging.model_path):
        meta["config"]["learned"]["model"] = os.path.abspath(Workspace(out).model_path)
        meta["config_hash"] = config_hash(meta["config"])
        staging.write_meta(meta)


def _move_foreign_files(old: Workspace, out: str) -> None:
    """Files in the replaced workspace that this tool did not write (a curator's notes) go with the
    workspace to its new contents, unless the new one has a file of that name."""
    for name in old.foreign_names():
        target = os.path.join(out, name)
        if not os.path.lexists(target):
            os.rename(os.path.join(old.root, name), target)


def skip_documents(batches, n_skip: int):
    """The record batches after the first ``n_skip`` documents (one straddling the cut is sliced)."""
    for batch in batches:
        if n_skip >= batch.num_rows:
            n_skip -= batch.num_rows
            continue
        if n_skip:
            batch = batch.slice(n_skip)
            n_skip = 0
        yield batch


def _resume_state(ws: Workspace, finger: dict, force: bool) -> dict | None:
    """The checkpoint to continue from, or None to start over; refuses a changed input/config."""
    state = checkpoint.load(ws.root)
    if state is None:
        return None
    if state.get("fingerprint") != finger:
        if not force:
            changed = "config" if state.get("fingerprint", {}).get("config_hash") != finger["config_hash"] else "input"
            raise CuratorError(f"{ws.root}: the {changed} changed since the interrupted run; "
                               f"use --force to start over")
        return None
    return state


def _learned_model(path: str | None) -> bytes | None:
    """The bytes of the learned model at ``path`` (the config's ``learned.model``; read before a
    replaced workspace's files, the model among them, are removed), checked to be one; None
    without a model."""
    if not path:
        return None
    if not os.path.isfile(path):
        raise CuratorError(f"{path}: learned model not found")
    LearnedModel.load(path)
    with open(path, "rb") as fh:
        return fh.read()


def _make_executor(kind: str, workers: int, ray_address: str | None, ws: Workspace):
    if kind == "ray":
        from curator.pipeline.ray_executor import RayExecutor
        # staged batches live in the workspace: on a cluster it is on storage every node reaches
        return RayExecutor(workers, ray_address, staging=ws.ray_staging_dir)
    return LocalExecutor(workers)


def _run(inputs, out, config, workers, overwrite, show_progress, dedup_against, callback, cancel,
         resume, force, executor_kind, ray_address, state) -> RunResult:
    carry_from = state.pop("carry_from", None)
    settings = Config.parse(config)  # the given config, typed once (with_learned below adds the model)
    found = expand_inputs(inputs, full_paths=settings.input.full_paths, is_own_output=_own_output_test(out))
    paths, skipped = found.paths, found.skipped
    if dedup_against:  # refused before any work: not a finished workspace nor an export
        DocumentSource.open(dedup_against, "--dedup-against")
    if not paths:
        first = found.problems[0] if found.problems else None
        raise CuratorError(f"{' '.join(inputs)}: no readable input files found"
                           + (f" ({first.file}: {first.reason})" if first else ""))
    model = _learned_model(settings.learned.model)
    if model is not None:
        config = with_learned(config, Workspace(out).model_path)
    finger = checkpoint.fingerprint(paths, config, dedup_against)
    saved = None
    if resume and os.path.isdir(out) and os.path.exists(Workspace(out).run_state_path):
        saved = _resume_state(Workspace(out), finger, force)
    replaced = None
    if saved is None:
        ws, replaced = prepare_workspace(out, overwrite or (resume and force) or (resume and _resumable(out)))
        if carry_from:  # a replacement: the replaced workspace's decisions and notes
            copy_store(carry_from, ws.decisions_path)
        state.update(fingerprint=finger, phase="analyse", parts=0, documents=0)
        checkpoint.save(ws.root, _persisted(state))
        state["fresh"] = True
        checkpoint.kill_point("start")
    else:
        state.update(saved)
        ws = Workspace(out)
    if model is not None and not os.path.isfile(ws.model_path):  # the workers load it from the workspace
        os.makedirs(os.path.dirname(ws.model_path), exist_ok=True)
        with replacing(ws.model_path) as tmp, open(tmp, "wb") as fh:
            fh.write(model)
    started = time.monotonic()
    progress = Progress(0, enabled=show_progress, callback=callback, cancel=cancel)
    if state["phase"] == "analyse":
        meta = _analyse(ws, found, config, state, workers, progress, executor_kind, ray_address)
    else:
        meta = state["meta"] if "meta" in state else ws.read_meta()  # analysed, or already done
    input_bytes = sum(i["size"] for i in meta["inputs"])
    if dedup_against:
        meta["dedup_against"] = os.path.abspath(dedup_against)
    finishing = state["phase"] in ("analyse", "analysed")
    decisions = load_decisions(ws)
    if finishing:
        verdicts, _ = recluster(ws, config, decisions, against=dedup_against, say=progress.stage, strip=True,
                                read_reference=reference_signatures)
        checkpoint.kill_point("meta")
        stats = verdicts.stats(ws.error_count(), decisions)
    else:
        stats = workspace_stats(ws, decisions)
    if finishing:
        meta["counts"] = {k: stats[k] for k in ("documents", "kept", "removed", "errors")}
        meta["parts"] = ws.part_record()  # what every command checks the documents folder against
        meta["phase"] = PHASE_COMPLETE
        ws.write_meta(meta)
        state.update(phase="done")
        state.pop("meta", None)
        checkpoint.save(ws.root, _persisted(state))
    return RunResult(ws, stats, time.monotonic() - started, input_bytes, skipped, found.own_outputs, replaced)


def _persisted(state: dict) -> dict:
    """The checkpoint as saved (without the in-memory bookkeeping of this process)."""
    return {k: v for k, v in state.items() if k != "fresh"}


def _resumable(out: str) -> bool:
    """An interrupted run's directory (run.json, no finished workspace.json): safe to clear."""
    return os.path.isfile(Workspace(out).run_state_path)


def _analyse(ws, found, config, state, workers, progress, executor_kind, ray_address) -> dict:
    """Ingest + signals into parts, continuing after ``state['documents']``; returns the meta."""
    settings = Config.parse(config)
    options = ReadOptions(**dataclasses.asdict(settings.input))
    run_cfg = settings.run
    for stale in ws.part_paths()[state["parts"]:]:  # a part being written when the run died
        os.remove(stale)
    for path in ws.part_temp_files():
        os.remove(path)

    def closed(parts: int, documents: int, _rows: int) -> None:
        state.update(parts=parts, documents=documents)
        checkpoint.save(ws.root, _persisted(state))
        checkpoint.kill_point(f"part:{parts}")

    n_workers = workers or os.cpu_count() or 1
    executor = _make_executor(executor_kind, n_workers, ray_address, ws)
    writer = PartWriter(ws, run_cfg.part_rows, run_cfg.part_bytes, start_index=state["parts"],
                        on_close=closed)
    writer.rows_closed = state["documents"]
    with open(ws.errors_path, "w", encoding="utf-8") as errors_file:  # re-read: errors logged afresh
        ingest = Ingest(found, options, errors_file)
        progress.total = max(1, ingest.total_bytes)
        progress.stage(f"analyse: {len(found.paths):,} input(s), {ingest.total_bytes / 1e6:,.1f} MB; "
                       + (f"one analysis process, Kiwi on {n_workers} threads"
                          if getattr(executor, "mode", None) == "stream" and n_workers > 1
                          else f"{n_workers} {executor_kind} worker(s), each loading Kiwi once"))
        progress.update(state["documents"], 0, force=True)  # the bar (and its clock) start now
        done = state["documents"]
        read_up_to: deque[int] = deque()  # per batch handed out, in order: input bytes read when cut

        def tracked(items):
            for item in items:
                read_up_to.append(ingest.bytes_done)
                yield item
        batches = tracked(skip_documents(ingest.batches(run_cfg.batch_docs, run_cfg.batch_bytes),
                                         state["documents"]))
        cpu = {"kiwi": 0.0, "signals": 0.0}
        driver_started = time.process_time()
        results = executor.map_ordered(analyse_rows, batches, (config,), stop=progress.cancel)
        for count, rows in enumerate(results, 1):  # in input order
            for key in ("kiwi", "signals"):  # absent when an executor drops schema metadata
                cpu[key] += float((rows.schema.metadata or {}).get(f"cpu_{key}".encode(), 0))
            # the documents schema itself (an executor may have relaxed nullability or kept metadata)
            writer.write(pa.RecordBatch.from_arrays(rows.columns, schema=writer.schema))
            done += rows.num_rows
            progress.update(done, read_up_to.popleft() if read_up_to else ingest.bytes_done)  # analysed, not read
            checkpoint.kill_point(f"batch:{count}")
        writer.close()
        progress.close(done, ingest.total_bytes)
    if ingest.records == 0:
        first = ingest.first_error
        where = f"{first.file}" + (f" {first.position}" if first.position else "") if first else ""
        raise CuratorError(f"no document could be read from {len(found.paths)} input(s); {ingest.errors} problem(s)"
                           + (f", first: {where}: {first.reason}" if first else ""))
    meta = _analysis_meta(found, ingest, config, cpu, time.process_time() - driver_started)
    ws.write_meta(meta)
    state.update(phase="analysed", meta=meta)
    checkpoint.save(ws.root, _persisted(state))
    checkpoint.kill_point("analysed")
    return meta


def _analysis_meta(found, ingest: Ingest, config: dict, cpu: dict, driver_cpu: float) -> dict:
    """``workspace.json`` once every part is written (phase ``analysed``): what was read, how, and
    what it cost; counts come with the run's last stage."""
    return {
        "format_version": FORMAT_VERSION,
        "tool_version": __version__,
        "inputs": [{"path": printable(r.path), "name": found.names[r.path], "format": r.format, "size": r.size, "sha256": r.sha256,
                    "encoding": r.encoding, "records": r.records, "errors": r.errors}
                   for r in ingest.reports],
        "skipped_files": found.skipped,
        "skipped_own_outputs": found.own_outputs,  # workspaces and exports of this tool inside the inputs
        "config": config,
        "config_hash": config_hash(config),
        "phase": PHASE_ANALYSED,  # dedup and verdicts still to come: commands refuse it until complete
        "counts": {},
        # CPU seconds of this analysis (a resumed run: of its last part): Kiwi in the workers
        # (tokenize + reading tokens), the rest of the signals there, and the driver process
        "analysis_cpu": {"kiwi": round(cpu["kiwi"], 3), "signals": round(cpu["signals"], 3),
                         "driver": round(driver_cpu, 3)},
    }

"""The workspace directory shared by the CLI and the GUI (see SPEC.md).

    WS/workspace.json      format version, inputs (path, size, sha256), effective config, counts
    WS/documents/part-*.parquet   one row per input document, in input order across parts:
                           the input and its analysis, written once by ``run``
    WS/derived.parquet     clusters, representatives, learned scores, verdicts (tables.py)
    WS/errors.jsonl        one line per unreadable record or file, with its position
    WS/run.json            the run's checkpoint (phase, parts done) for ``run --resume``
    WS/decisions.sqlite    curator decisions (the source of truth for review verdicts)
    WS/dedup/              signatures and confirmed near-duplicate pairs
    WS/learned/model.npz   the quality model learnt from the decisions (``curator learn``)
    WS/contamination/NAME.parquet   benchmark items found in documents (``curator decontaminate``)
    WS/.lock               the write lock (lock.py)

``workspace.json`` records the run's phase; a workspace whose run did not complete is refused by
every command but ``run --resume``.
"""

import glob
import json
import os
import re
import shutil
import uuid
from contextlib import contextmanager

import pyarrow as pa
import pyarrow.compute as pc

from curator.errors import CuratorError
from curator.io.atomic import TMP_SUFFIX, write_text
from curator.io.parts import part_rows
from curator.workspace.lock import LOCK_NAME, write_lock
from curator.dedup import hash_step
from curator.signals import STEPS, STRIPPED_TYPE, step_fields

FORMAT_VERSION = 1
PHASE_ANALYSED = "analysed"  # parts written; dedup and verdicts not yet: counts are not true
PHASE_COMPLETE = "complete"

INPUT_FIELDS = [  # what ingest reads of a record (the rows it hands to the analysis stage)
    pa.field("id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("meta", pa.string()),  # JSON object of the other input fields, or null
]
BASE_FIELDS = INPUT_FIELDS[:3] + [pa.field("n_chars", pa.int64(), nullable=False)] + INPUT_FIELDS[3:]
# what the analysis stage computes in the workers: every signal step, then the dedup hashes
ANALYSIS_STEPS = (*STEPS, hash_step)
ANALYSIS_FIELDS = step_fields(ANALYSIS_STEPS) + [
    pa.field("stripped_lines", STRIPPED_TYPE),  # boilerplate lines removed from text, if cleaning is on
]
# the learned model's P(accept): scored at analysis by `run --model`, null otherwise; a later
# `curator learn` writes its scores to the derived table, which readers take over this column
LEARNED_FIELD = pa.field("learned_quality", pa.float64())


def input_schema() -> pa.Schema:
    return pa.schema(INPUT_FIELDS)


def documents_schema() -> pa.Schema:
    """What ``run`` writes into every part, once: the input, the analysis. What later commands
    decide (clusters, representatives, learned scores, verdicts) is in the derived table (tables.py)."""
    return pa.schema(BASE_FIELDS + ANALYSIS_FIELDS + [LEARNED_FIELD])


def document_rows(inputs: pa.RecordBatch, analysed: pa.RecordBatch) -> pa.RecordBatch:
    """The documents rows of a batch: its input rows and what the analysis stage computed
    (signals, PII spans, stripped lines, dedup hashes; the cleaned ``text`` when cleaning
    replaced it)."""
    columns = {name: inputs.column(name) for name in inputs.schema.names}
    columns["learned_quality"] = pa.nulls(inputs.num_rows, pa.float64())
    for name in analysed.schema.names:
        columns[name] = analysed.column(name)
    # Counted once, on the final text (cleaning may have replaced it); code points, like len().
    columns["n_chars"] = pc.utf8_length(columns["text"]).cast(pa.int64())
    schema = documents_schema()
    return pa.RecordBatch.from_arrays([columns[f.name] for f in schema], schema=schema)


class Workspace:
    def __init__(self, root: str):
        self.root = root

    # paths
    @property
    def meta_path(self) -> str:
        return os.path.join(self.root, "workspace.json")

    @property
    def documents_dir(self) -> str:
        return os.path.join(self.root, "documents")

    @property
    def errors_path(self) -> str:
        return os.path.join(self.root, "errors.jsonl")

    @property
    def dedup_dir(self) -> str:
        return os.path.join(self.root, "dedup")

    @property
    def signatures_path(self) -> str:
        """Every document's MinHash signature, a memory map written by each clustering."""
        return os.path.join(self.dedup_dir, "signatures.npy")

    @property
    def pairs_path(self) -> str:
        """The confirmed near-duplicate pairs with their similarity."""
        return os.path.join(self.dedup_dir, "pairs.parquet")

    @property
    def run_state_path(self) -> str:
        return os.path.join(self.root, "run.json")

    @property
    def ray_staging_dir(self) -> str:
        """Batches staged for Ray actors during a run (removed when the run ends)."""
        return os.path.join(self.root, ".ray-staging")

    @property
    def model_path(self) -> str:
        """The learned quality model (filters/learned.py): weights and the decisions' hash."""
        return os.path.join(self.root, "learned", "model.npz")

    @property
    def derived_path(self) -> str:
        """The row-aligned derived columns beside the write-once parts (tables.py)."""
        return os.path.join(self.root, "derived.parquet")

    @property
    def decisions_path(self) -> str:
        return os.path.join(self.root, "decisions.sqlite")

    @property
    def contamination_dir(self) -> str:
        return os.path.join(self.root, "contamination")

    def contamination_path(self, name: str) -> str:
        """Which items of benchmark ``name`` were found in which documents, and where (spans):
        written by ``curator decontaminate`` (pipeline/decontaminate.py), read by the app."""
        return os.path.join(self.contamination_dir, f"{name}.parquet")

    def contamination_paths(self) -> list[str]:
        return sorted(glob.glob(os.path.join(self.contamination_dir, "*.parquet")))

    @property
    def lock_path(self) -> str:
        return os.path.join(self.root, LOCK_NAME)

    def content(self) -> list[str]:
        """Names in the directory besides the lock file (which a waiting writer may create)."""
        return sorted(n for n in os.listdir(self.root) if n != LOCK_NAME) if os.path.isdir(self.root) else []

    def part_paths(self) -> list[str]:
        return sorted(glob.glob(os.path.join(self.documents_dir, "part-*.parquet")))

    def part_path(self, index: int) -> str:
        return os.path.join(self.documents_dir, f"part-{index:05d}.parquet")

    # metadata
    def exists(self) -> bool:
        return os.path.isfile(self.meta_path)

    @classmethod
    def open(cls, root: str) -> "Workspace":
        ws = cls(root)
        if not os.path.isdir(root):
            raise CuratorError(f"{root}: no such workspace directory")
        if not ws.exists():
            if os.path.isfile(ws.run_state_path):
                raise CuratorError(f"{root}: run did not finish; use `curator run --resume`")
            raise CuratorError(f"{root}: not a workspace (no workspace.json)")
        meta = ws.read_meta()  # a damaged record says so, and what recovers it (not "run --resume")
        why = ws.unfinished(meta)
        if why:
            raise CuratorError(f"{root}: run did not finish ({why}); use `curator run --resume`")
        ws.check_parts(meta.get("parts"))
        return ws

    def part_record(self) -> list[dict]:
        """Every part's name and rows (from its footer): what the run wrote. Rows never change
        after the run (verdict rewrites keep them), so a missing, extra or swapped file shows."""
        return [{"name": os.path.basename(p), "rows": part_rows(p)} for p in self.part_paths()]

    def check_parts(self, recorded: list[dict] | None) -> None:
        """Refuse, naming the file, a documents folder that is not what the run wrote, or a part
        whose footer cannot be read (a workspace from before parts were recorded: only that)."""
        if not recorded:
            for path in self.part_paths():
                part_rows(path)
            return
        expected = {p["name"]: p["rows"] for p in recorded}
        present = {os.path.basename(p): p for p in self.part_paths()}
        total = sum(expected.values())
        for name in sorted(expected):
            if name not in present:
                raise CuratorError(f"{os.path.join(self.documents_dir, name)}: missing (the workspace has "
                                   f"{len(expected)} parts, {total:,} documents); put it back, or make the "
                                   f"workspace again with `curator run ... --overwrite`")
        for name in sorted(present):
            if name not in expected:
                raise CuratorError(f"{present[name]}: not one of the workspace's {len(expected)} parts (a copy?); "
                                   f"move it out of {self.documents_dir}")
            rows = part_rows(present[name])
            if rows != expected[name]:
                raise CuratorError(f"{present[name]}: {rows:,} rows, the run wrote {expected[name]:,} (replaced or "
                                   f"damaged); restore it, or make the workspace again with `curator run ... --overwrite`")

    @property
    def meta_backup_path(self) -> str:
        """A copy of workspace.json, written with it: what recovers a damaged one."""
        return self.meta_path + ".bak"

    def read_meta(self) -> dict:
        try:
            with open(self.meta_path, encoding="utf-8") as fh:
                meta = json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CuratorError(f"{self.meta_path}: damaged ({type(exc).__name__}: {str(exc)[:80]}); "
                               + self._recovery()) from None
        if not isinstance(meta, dict):
            raise CuratorError(f"{self.meta_path}: damaged (not a JSON object); " + self._recovery())
        return meta

    def _recovery(self) -> str:
        """What recovers a damaged workspace.json, said in the error."""
        try:
            with open(self.meta_backup_path, encoding="utf-8") as fh:
                good = isinstance(json.load(fh), dict)
        except (OSError, ValueError, UnicodeDecodeError):
            good = False
        if good:
            return (f"its copy {self.meta_backup_path} is intact: restore it with "
                    f"`cp {self.meta_backup_path} {self.meta_path}` (decisions live in decisions.sqlite, unharmed)")
        return "no earlier copy to restore; make the workspace again with `curator run ... --overwrite`"

    def write_meta(self, meta: dict) -> None:
        """The record, and a second copy of it (each written atomically): a record damaged from
        outside (a truncating copy, an editor) is restored from the copy. Every write gets a new
        ``revision`` (``meta`` takes it too): an open app compares it with the one it read and so
        notices an ``apply``, ``learn`` or new ``run`` made beside it."""
        meta["revision"] = uuid.uuid4().hex
        text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
        write_text(self.meta_path, text)
        write_text(self.meta_backup_path, text)

    @property
    def config(self) -> dict:
        config = self.read_meta().get("config")
        if not isinstance(config, dict):
            raise CuratorError(f"{self.meta_path}: no 'config' object (edited by hand?); "
                               f"re-create the workspace with `curator run`")
        return config

    @contextmanager
    def write_lock(self, purpose: str, wait: float | None = None):
        """``with ws.write_lock("apply"):`` one writer at a time across processes (lock.py). The
        first taker removes the temporaries a killed writer left (``stale_temp_files``)."""
        with write_lock(self.root, purpose, wait) as first:
            if first:
                for path in self.stale_temp_files():
                    try:
                        os.remove(path)
                    except FileNotFoundError:
                        pass
            yield

    def writable(self) -> bool:
        """False when this process cannot write the workspace (its folder or its decision store: a
        read-only mount, no permission): reading commands then take no lock and write nothing
        there, and the app opens it read-only. ``access`` asks the kernel, so a read-only mount
        counts even for root, for whom permission bits do not."""
        store = self.decisions_path
        return os.access(self.root, os.W_OK) and (not os.path.exists(store) or os.access(store, os.W_OK))

    def stale_temp_files(self) -> list[str]:
        """Temporaries of this tool's writes into the workspace (atomic.temp_path names of its own
        files): every such write holds the write lock, so with the lock held any found was left by
        a writer that was killed (a ``learn`` or ``apply`` cut short)."""
        own = [self.meta_path, self.meta_backup_path, self.run_state_path, self.model_path, self.signatures_path,
               self.pairs_path, self.derived_path]
        found_tmp = glob.glob(os.path.join(self.contamination_dir, ".*.parquet.*" + TMP_SUFFIX))
        found = list(self.part_temp_files()) + found_tmp
        for target in own:
            folder, name = os.path.split(target)
            pattern = re.compile(rf"\.{re.escape(name)}\.\d+\.[0-9a-f]+{re.escape(TMP_SUFFIX)}")
            if os.path.isdir(folder):
                found += [os.path.join(folder, n) for n in os.listdir(folder) if pattern.fullmatch(n)]
        return sorted(found)

    def unfinished(self, meta: dict | None = None) -> str | None:
        """Why this workspace is not usable yet (a run that did not complete), or None; ``meta``:
        the record when the caller has read it already."""
        try:
            phase = (meta if meta is not None else self.read_meta()).get("phase")
        except (OSError, CuratorError):
            return "workspace.json is unreadable"
        if phase is None:  # written before phases were recorded: the run state tells
            try:
                with open(self.run_state_path, encoding="utf-8") as fh:
                    phase = PHASE_COMPLETE if json.load(fh).get("phase") == "done" else PHASE_ANALYSED
            except FileNotFoundError:
                phase = PHASE_COMPLETE
            except (OSError, ValueError):
                phase = PHASE_ANALYSED
        return None if phase == PHASE_COMPLETE else f"phase {phase!r}"

    def part_temp_files(self) -> list[str]:
        """Temporaries of part writes cut short (atomic.temp_path names, and the older ``.tmp``)."""
        return (glob.glob(os.path.join(self.documents_dir, ".part-*.tmp"))
                + glob.glob(os.path.join(self.documents_dir, "part-*.parquet.tmp")))

    # ownership: what a command may replace or delete
    def recognised(self) -> bool:
        """True when ``root`` holds a workspace (finished or not) written by this tool."""
        for path in (self.meta_path, self.meta_backup_path, self.run_state_path):
            try:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and ("format_version" in data or "fingerprint" in data):
                return True
        return False

    def own_files(self) -> list[str]:
        """Every file this tool writes in a workspace that exists now (never anything else)."""
        names = [self.meta_path, self.meta_backup_path, self.run_state_path, self.errors_path, self.derived_path,
                 self.decisions_path,
                 self.decisions_path + "-wal", self.decisions_path + "-journal",
                 self.decisions_path + "-shm"]
        names += self.part_paths() + self.part_temp_files()
        names += [self.signatures_path, self.pairs_path, self.model_path]
        names += self.contamination_paths() + glob.glob(os.path.join(self.contamination_dir, ".*.tmp"))
        names += glob.glob(os.path.join(os.path.dirname(self.model_path), ".*.tmp"))
        names += glob.glob(os.path.join(self.dedup_dir, ".*.tmp"))
        names += glob.glob(os.path.join(self.root, ".*.tmp"))
        return [p for p in names if os.path.isfile(p)]

    def foreign_names(self) -> list[str]:
        """Names in the folder that this tool did not write (a curator's notes), in name order."""
        own = {os.path.basename(p) for p in self.own_files()} | {
            LOCK_NAME, *(os.path.basename(d) for d in (self.documents_dir, self.dedup_dir, self.ray_staging_dir,
                                                      os.path.dirname(self.model_path), self.contamination_dir))}
        return sorted(n for n in os.listdir(self.root) if n not in own) if os.path.isdir(self.root) else []

    def remove_own_files(self, lock_file: bool = False) -> None:
        """Delete what this tool wrote here (and its folders once empty); leave anything else."""
        for path in self.own_files():
            os.remove(path)
        if os.path.isdir(self.ray_staging_dir):
            shutil.rmtree(self.ray_staging_dir)
        for folder in (self.documents_dir, self.dedup_dir, os.path.dirname(self.model_path), self.contamination_dir):
            if os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)
        if lock_file and os.path.isfile(self.lock_path):
            os.remove(self.lock_path)
        if os.path.isdir(self.root) and not os.listdir(self.root):
            os.rmdir(self.root)

    def error_count(self) -> int:
        if not os.path.isfile(self.errors_path):
            return 0
        with open(self.errors_path, "rb") as fh:
            return sum(1 for line in fh if line.strip())

"""Run checkpoints for ``curator run --resume``: ``WS/run.json`` says what is finished.

Written atomically after every closed part (documents done, parts done), then at the phases
``analysed`` (all parts written; input reports kept so the rest needs no re-read) and ``done``.
A resumed run re-reads the inputs (cheap next to analysis), skips the documents already in
closed parts, drops a part that was being written, and redoes dedup and verdicts, which are
recomputed from stored columns and so give the same result. Inputs (path, size, mtime) and the
config hash are fingerprinted; a change is refused unless ``--force``.
"""

import json
import os

from curator.config import config_hash
from curator.faults import kill_point  # noqa: F401  (re-exported for the run's phases)
from curator.io.atomic import write_text
from curator.io.readers import printable
from curator.workspace.layout import Workspace


def fingerprint(paths: list[str], config: dict, dedup_against: str | None) -> dict:
    inputs = []
    for path in paths:
        stat = os.stat(path) if os.path.isfile(path) else None
        if stat is None and os.path.isdir(path):  # datasets save_to_disk directory
            sizes = [os.stat(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs
                     if os.path.exists(os.path.join(d, f))]
            inputs.append([printable(os.path.abspath(path)), sum(s.st_size for s in sizes),
                           max((s.st_mtime_ns for s in sizes), default=0)])
        else:
            inputs.append([printable(os.path.abspath(path)), stat.st_size, stat.st_mtime_ns])
    return {"inputs": inputs, "config_hash": config_hash(config),
            "dedup_against": os.path.abspath(dedup_against) if dedup_against else None}


def load(root: str) -> dict | None:
    try:
        with open(Workspace(root).run_state_path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def save(root: str, state: dict) -> None:
    write_text(Workspace(root).run_state_path, json.dumps(state, ensure_ascii=False, indent=1))


"""``curator decide``: record a curator decision and make ``kept``/``reasons`` reflect it at once.

Under the workspace write lock, the store is written first (it is the source of truth); then the one
part holding the document is re-evaluated with every stored decision and replaced atomically, so a
crash in between leaves a part that the next ``apply``, ``decide`` or ``export`` brings back in
line with the store, and concurrent writers (decide, apply, export, the GUI) take turns.
"""

import pyarrow.compute as pc

from curator.errors import CuratorError
from curator.workspace.layout import Workspace
from curator.io.parts import read_part
from curator.workspace.store import CLEAR, DECISIONS, DecisionStore
from curator.workspace.reapply import part_verdicts, with_verdicts, write_part

ACTIONS = {**{d: d for d in DECISIONS}, CLEAR: None}  # what `decide` takes → what the store keeps


def find_part(ws: Workspace, doc_id: str) -> str:
    """The part file that holds ``doc_id`` (reads only the id columns)."""
    for path in ws.part_paths():
        ids = read_part(path, columns=["id"]).column("id")
        if pc.any(pc.equal(ids, doc_id)).as_py():
            return path
    raise CuratorError(f"{ws.root}: no document with id {doc_id!r}")


def record_decision(ws: Workspace, doc_id: str, action: str, note: str | None = None,
                    who: str | None = None) -> dict:
    """Store accept/reject/clear for ``doc_id`` and rewrite its part; returns what happened."""
    if action not in ACTIONS:
        raise CuratorError(f"unknown decision {action!r} (accept, reject or clear)")
    with ws.write_lock("curator decide"):
        part = find_part(ws, doc_id)
        store = DecisionStore.for_workspace(ws)
        try:
            before = store.set(doc_id, ACTIONS[action], note=note, who=who)
            decisions = store.all()
        finally:
            store.close()
        table = read_part(part)
        table = with_verdicts(table, part_verdicts(table, ws.config, decisions))
        write_part(table, part)
    row = table.filter(pc.equal(table.column("id"), doc_id)).slice(0, 1).to_pylist()[0]
    return {"id": doc_id, "before": before, "after": ACTIONS[action], "kept": row["kept"],
            "reasons": row["reasons"], "part": part}

"""``curator decide``: record a curator decision and make ``kept``/``reasons`` reflect it at once.

Under the workspace write lock, the store is written first (it is the source of truth); then the
document's part is re-evaluated with every stored decision (its representatives kept: they were
chosen over the whole workspace) and the derived table's verdict rows of that part are replaced
(tables.py; one small file, never the part). A crash in between leaves a derived table that lags
the store only for readers outside curator: every curator command computes verdicts from the store.
"""

import pyarrow as pa
import pyarrow.compute as pc

from curator.errors import CuratorError
from curator.workspace.layout import Workspace
from curator.workspace.store import CLEAR, DECISIONS, DecisionStore
from curator.workspace.tables import (find_part, light_columns, merged, part_schema, part_verdicts, read_derived,
                                       read_part, write_derived)

ACTIONS = {**{d: d for d in DECISIONS}, CLEAR: None}  # what `decide` takes → what the store keeps


def _spliced(whole: pa.Array, start: int, piece: pa.Array) -> pa.Array:
    return pa.concat_arrays([whole.slice(0, start), piece.cast(whole.type), whole.slice(start + len(piece))])


def record_decision(ws: Workspace, doc_id: str, action: str, note: str | None = None,
                    who: str | None = None) -> dict:
    """Store accept/reject/clear for ``doc_id`` and bring the derived verdicts of its part in line;
    returns what happened."""
    if action not in ACTIONS:
        raise CuratorError(f"unknown decision {action!r} (accept, reject or clear)")
    with ws.write_lock("curator decide"):
        part, start = find_part(ws, doc_id)
        store = DecisionStore.for_workspace(ws)
        try:
            before = store.set(doc_id, ACTIONS[action], note=note, who=who)
            decisions = store.all()
        finally:
            store.close()
        config = ws.config
        derived = read_derived(ws)
        table = merged(read_part(part, columns=light_columns(config, part_schema(part).names)), derived, start)
        now = part_verdicts(table, config, decisions).stored_columns(0, table.num_rows)
        if derived:  # holds kept, reasons (every writer writes them) and dup_reason (write_derived's defaults)
            write_derived(ws, {name: _spliced(derived[name], start, values)
                               for name, values in now.items() if name in derived})
    row = int(pc.index(table.column("id"), doc_id).as_py())
    return {"id": doc_id, "before": before, "after": ACTIONS[action], "kept": now["kept"][row].as_py(),
            "reasons": now["reasons"][row].as_py(), "part": part}

"""``curator decisions export|import``: decisions and notes out to, and in from, JSONL or CSV (by
the file's extension), so a review can be shared, archived or merged across workspaces.

Fields: ``id``, ``decision`` (``accept``/``reject``, empty for a note without a decision),
``note``, ``who``, ``when`` (ISO 8601, UTC). An import is checked whole before anything is
written: an unknown id, an unknown decision or an unreadable line is one error naming the file and
line, and nothing is imported (all or nothing); then the verdicts are re-evaluated, as ``apply``
does, under the workspace's write lock.
"""

import csv
import datetime
import json
import os


from curator.errors import CuratorError
from curator.io.atomic import replacing
from curator.workspace.layout import Workspace
from curator.workspace.store import DECISIONS, DecisionStore
from curator.workspace.tables import workspace_ids

FIELDS = ("id", "decision", "note", "who", "when")


def _format(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".jsonl"):
        return "jsonl"
    if lower.endswith(".csv"):
        return "csv"
    raise CuratorError(f"{path}: decisions go to .jsonl or .csv files")


def _iso(epoch: float | None) -> str | None:
    if not epoch:
        return None
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).isoformat(timespec="seconds")


def _epoch(text: str | None, where: str) -> float | None:
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CuratorError(f"{where}: 'when' is not an ISO 8601 time: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def export_decisions(ws: Workspace, path: str) -> int:
    """Write every decision and note of ``ws`` to ``path``; returns the number of rows."""
    kind = _format(path)
    rows = []
    if os.path.isfile(ws.decisions_path):  # read-only: a reading command writes nothing in the workspace
        store = DecisionStore.reading(ws)
        try:
            rows = store.records()
        finally:
            store.close()
    with replacing(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if kind == "jsonl":
                for row in rows:
                    fh.write(json.dumps({**row, "when": _iso(row["when"])}, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(fh, fieldnames=FIELDS)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: csv_cell(v) for k, v in {
                        **row, "decision": row["decision"] or "", "note": row["note"] or "",
                        "who": row["who"] or "", "when": _iso(row["when"]) or ""}.items()})
    return len(rows)


# OWASP's CSV injection advice: a cell a spreadsheet would run as a formula gets a leading quote;
# a cell that already starts with a quote gets one too, so reading strips exactly one, losslessly
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_value(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def _read_rows(path: str):
    kind = _format(path)
    if not os.path.isfile(path):
        raise CuratorError(f"{path}: no such file")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        if kind == "jsonl":
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise CuratorError(f"{path}:{lineno}: invalid JSON: {exc}") from None
                if not isinstance(row, dict):
                    raise CuratorError(f"{path}:{lineno}: expected a JSON object")
                yield f"{path}:{lineno}", row
        else:
            csv.field_size_limit(1 << 30)  # notes can be long
            reader = csv.DictReader(fh)
            missing = [f for f in ("id", "decision") if f not in (reader.fieldnames or [])]
            if missing:
                raise CuratorError(f"{path}:1: no column {missing[0]!r} in header {reader.fieldnames}")
            for row in reader:
                yield f"{path}:{reader.line_num}", {k: csv_value(v) if isinstance(v, str) else v for k, v in row.items()}


def import_decisions(ws: Workspace, path: str) -> dict:
    """Record the decisions and notes of ``path`` in ``ws`` and bring the verdicts in line; returns
    {imported, accept, reject, notes, unknown}. A malformed row (no id, a decision that is not
    accept/reject, bad JSON or time) stops the import before anything is recorded; an id this
    workspace does not hold (a file from another project or a second curator's sample) is skipped
    and listed in ``unknown`` as (FILE:LINE, id)."""
    from curator.workspace.reapply import reapply

    ids = workspace_ids(ws)
    rows, unknown = [], []
    for where, row in _read_rows(path):
        doc_id = row.get("id")
        if not isinstance(doc_id, (str, int)) or str(doc_id) == "":
            raise CuratorError(f"{where}: no id (a string or an integer); nothing imported")
        decision = row.get("decision") or None
        if decision is not None and decision not in DECISIONS:
            raise CuratorError(f"{where}: decision must be accept or reject (or empty), not {decision!r}; "
                               f"nothing imported")
        note = row.get("note") or None
        if str(doc_id) not in ids:
            unknown.append((where, str(doc_id)))
            continue
        if decision is None and note is None:
            continue
        rows.append({"id": str(doc_id), "decision": decision, "note": note, "who": row.get("who") or None,
                     "when": _epoch(row.get("when"), where)})
    with ws.write_lock("curator decisions import"):
        store = DecisionStore.for_workspace(ws)
        try:
            store.set_many(rows)
        finally:
            store.close()
        reapply(ws, purpose="curator decisions import")
    return {"imported": len(rows), "accept": sum(r["decision"] == "accept" for r in rows),
            "reject": sum(r["decision"] == "reject" for r in rows), "notes": sum(bool(r["note"]) for r in rows),
            "unknown": unknown}

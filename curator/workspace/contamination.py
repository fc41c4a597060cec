"""What ``curator decontaminate`` left in a workspace, for its readers: the benchmarks checked
(``workspace.json``: for the manifest, the dataset card and ``stats``) and the items found in one
document with their spans (``WS/contamination/NAME.parquet``: for the app's document pane).
Reading only; the writer is pipeline/decontaminate.py.
"""

import os

import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.io.parts import reading_part
from curator.workspace.layout import Workspace


def benchmarks_checked(meta: dict, stats: dict) -> list[dict]:
    """Every benchmark checked against the workspace, with the documents its rule removes now
    (``stats``: the engine's, decisions applied: an accepted document is not counted)."""
    out = []
    rules = (meta.get("config") or {}).get("rules", {})
    for _, entry in sorted((meta.get("decontamination") or {}).items()):
        rule = rules.get(entry.get("rule")) or {}
        out.append({**entry, "bound": rule.get("max"), "enabled": rule.get("enabled", True),
                    "documents_removed": stats.get("removed_by_rule", {}).get(entry.get("rule"), 0)})
    return out


def matches_for(ws: Workspace, doc_id: str) -> list[dict]:
    """Items found in document ``doc_id``: {benchmark, item, item_text, share, spans, cut}, best
    share first (every benchmark's side file read with a filter on the id)."""
    out = []
    for path in ws.contamination_paths():
        name = os.path.splitext(os.path.basename(path))[0]
        with reading_part(path):
            table = pq.read_table(path, filters=pc.field("id") == doc_id)
        for row in table.to_pylist():
            out.append({"benchmark": name, **{k: v for k, v in row.items() if k != "id"}})
    return sorted(out, key=lambda m: -m["share"])

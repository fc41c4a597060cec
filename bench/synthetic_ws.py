"""A workspace written directly from generated documents, without analysis (Kiwi takes ~1 h per
500 MB here), for benchmarks of the stages after it: export, re-evaluation, the GUI table.

Signals are set to values that pass the default rules except for a planted share of documents that
fail ``length:min_chars``; every tenth document carries a phone number with its PII span.
"""

import json
import os

import numpy as np
import pyarrow as pa

import corpus
from curator.config import DEFAULT_CONFIG, config_hash
from curator.filters.rules import rules_from_config
from curator.workspace.layout import FORMAT_VERSION, Workspace, documents_schema
from curator.workspace.tables import PartWriter, engine, write_verdicts

PHONE = " 문의 010-1234-5678"


def passing_value(rule) -> float:
    if rule.min is not None and rule.max is not None:
        return (rule.min + rule.max) / 2
    if rule.min is not None:
        return rule.min + 1
    return rule.max / 2 if rule.max else 0.0


def make_workspace(root: str, n_bytes: int, removed_share: float = 0.1, batch: int = 2000,
                   documents=None, spread: bool = False) -> Workspace:
    """``documents``: an iterable of {id, text, url} (default: ``corpus.documents(n_bytes)``);
    ``spread``: signals drawn around their passing values (histograms with shape, some failures)
    instead of constants; every 100th document and the next form a fake duplicate cluster."""
    if os.path.exists(os.path.join(root, "workspace.json")):
        return Workspace(root)
    ws = Workspace(root)
    os.makedirs(ws.documents_dir, exist_ok=True)
    schema = documents_schema()
    values = {r.signal: passing_value(r) for r in rules_from_config(DEFAULT_CONFIG)}
    writer = PartWriter(ws, DEFAULT_CONFIG["run"]["part_rows"], DEFAULT_CONFIG["run"]["part_bytes"])
    rows: list[dict] = []

    def flush():
        n = len(rows)
        columns = {f.name: pa.nulls(n, f.type) for f in schema}
        columns.update({
            "id": pa.array([r["id"] for r in rows]), "source": pa.array([f"gen.jsonl:{r['line']}" for r in rows]),
            "text": pa.array([r["text"] for r in rows]), "meta": pa.array([json.dumps({"url": r["url"]}) for r in rows]),
            "pii": pa.array([r["pii"] for r in rows], schema.field("pii").type),
            "stripped_lines": pa.array([[]] * n, schema.field("stripped_lines").type),
        })
        for f in schema:
            if f.name in values and f.name not in ("n_chars",):
                if spread:
                    centre = values[f.name]
                    drawn = rng.normal(centre, abs(centre) * 0.35 + 0.02, n)
                    columns[f.name] = pa.array(drawn).cast(f.type, safe=False)
                else:
                    columns[f.name] = pa.array([values[f.name]] * n).cast(f.type)
        clusters.extend(r["cluster"] if spread else None for r in rows)  # derived: written beside the parts
        columns["n_chars"] = pa.array([len(r["text"]) if not r["short"] else 10 for r in rows], pa.int64())
        writer.write(pa.RecordBatch.from_arrays([columns[f.name] for f in schema], schema=schema))
        rows.clear()

    rng = np.random.default_rng(0)
    clusters: list[str | None] = []
    previous_id = None
    for line, doc in enumerate(documents if documents is not None else corpus.documents(n_bytes)):
        text, pii = doc["text"], []
        if line % 10 == 0:
            pii = [{"kind": "phone", "start": len(text) + 4, "end": len(text) + len(PHONE)}]
            text += PHONE
        cluster = doc["id"] if line % 100 == 0 else previous_id if line % 100 == 1 else None
        previous_id = doc["id"] if line % 100 == 0 else previous_id
        rows.append({"id": doc["id"], "line": line + 1, "text": text, "url": doc["url"], "pii": pii,
                     "short": (line * 7919) % 1000 < removed_share * 1000, "cluster": cluster})
        if len(rows) >= batch:
            flush()
    if rows:
        flush()
    writer.close()
    ws.write_meta({"format_version": FORMAT_VERSION, "tool_version": "bench", "inputs": [
        {"path": "gen.jsonl", "format": "jsonl", "size": n_bytes, "sha256": "0" * 64, "encoding": "utf-8",
         "records": line + 1, "errors": 0}], "skipped_files": [], "config": DEFAULT_CONFIG,
        "config_hash": config_hash(DEFAULT_CONFIG), "counts": {}})
    open(ws.errors_path, "w").close()
    derived = {"dup_cluster": pa.array(clusters, pa.string())}
    write_verdicts(ws, engine(ws, DEFAULT_CONFIG, None, rechoose=True, overrides=derived), derived)
    return ws

"""Digest of everything the commands write, to prove a refactoring changed no output.

    python scripts/output_digest.py WORKDIR > digest.json

Runs, on the shipped corpus the labelled and near-duplicate sets and 3 MB
of generated documents (bench/corpus.py): ``run``; ``apply`` with
moved thresholds and other dedup bands; ``decide`` (accept, reject a cluster member); ``decisions
import``; ``export`` (two shards, validation split); ``tokenizer train`` (export and workspace).
Prints one JSON object: a SHA-256 per workspace column (rows in id order), per shard file, per
manifest (without its timestamp) and per tokenizer model. Run it on two commits and diff.
"""

import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUTS = [os.path.join(ROOT, "resources", "corpus"), os.path.join(ROOT, "tests", "data", "labelled.jsonl"),
          os.path.join(ROOT, "tests", "data", "neardup.jsonl")]


def curator(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "curator.cli", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"curator {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def documents(ws: str) -> pa.Table:
    """The documents table as an outside reader joins it: the parts in order, and beside them the
    row-aligned ``derived.parquet`` (clusters, learned scores, verdicts) where the workspace has one."""
    parts = sorted(glob.glob(os.path.join(ws, "documents", "*.parquet")))
    table = pa.concat_tables([pq.read_table(p) for p in parts])
    derived_path = os.path.join(ws, "derived.parquet")
    if os.path.exists(derived_path):
        derived = pq.read_table(derived_path)
        for name in derived.column_names:
            table = table.drop_columns([c for c in [name] if c in table.column_names]).append_column(name, derived.column(name))
    return table


def workspace_digest(ws: str) -> dict:
    parts = sorted(glob.glob(os.path.join(ws, "documents", "*.parquet")))
    table = documents(ws)
    table = table.take(pc.sort_indices(table, [("id", "ascending")]))
    out = {name: sha(repr(table.column(name).to_pylist()).encode()) for name in table.column_names}
    with open(os.path.join(ws, "workspace.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    out["parts"] = sha("".join(sha(open(p, "rb").read()) for p in parts).encode())  # the files themselves
    out["workspace.json:counts"] = meta.get("counts")
    out["workspace.json:config_hash"] = meta.get("config_hash")
    out["stats"] = json.loads(curator("stats", ws, "--json"))
    return out


def export_digest(out: str) -> dict:
    digest = {os.path.relpath(p, out): sha(open(p, "rb").read())
              for p in sorted(glob.glob(os.path.join(out, "data", "*.parquet")))}
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    manifest.pop("created", None)
    manifest.pop("created_at", None)
    digest["manifest"] = sha(json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode())
    return digest


def main(work: str) -> None:
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ws, result = os.path.join(work, "ws"), {}
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import corpus  # real sentences of the shipped texts: enough text to train a tokenizer

    generated = corpus.write_jsonl(os.path.join(work, "generated.jsonl"), 3_000_000, seed=7)
    curator("run", *INPUTS, generated, "--out", ws, "--workers", "2")
    result["run"] = workspace_digest(ws)
    config = os.path.join(work, "moved.yaml")
    with open(config, "w", encoding="utf-8") as fh:
        fh.write("rules:\n  quality:morph_lm_score: {min: -9.0}\n  length:min_chars: {min: 300}\n"
                 "dedup:\n  bands: 16\n  rows: 8\n")
    curator("apply", ws, "--config", config)
    result["apply"] = workspace_digest(ws)
    table = documents(ws)
    ids = table.column("id").to_pylist()
    clustered = [i for i, c in zip(ids, table.column("dup_cluster").to_pylist()) if c][:2]
    curator("decide", ws, ids[0], "reject", "--note", "digest")
    curator("decide", ws, ids[5], "accept")
    for doc_id in clustered:
        curator("decide", ws, doc_id, "reject")
    result["decide"] = workspace_digest(ws)
    decisions = os.path.join(work, "decisions.jsonl")
    with open(decisions, "w", encoding="utf-8") as fh:
        for doc_id in ids[10:14]:
            fh.write(json.dumps({"id": doc_id, "decision": "accept", "note": "임포트"}, ensure_ascii=False) + "\n")
    curator("decisions", "import", ws, decisions)
    result["import"] = workspace_digest(ws)
    out = os.path.join(work, "export")
    curator("export", ws, "--out", out, "--shard-size", "64KB", "--val-fraction", "0.1")
    result["export"] = export_digest(out)
    for name, source in (("tokenizer_export", out), ("tokenizer_ws", ws)):
        tok = os.path.join(work, name)
        curator("tokenizer", "train", source, "--vocab-size", "2000", "--out", tok)
        # SentencePiece trains on several threads: piece scores vary in the last bits from run to
        # run, so the digest is the vocabulary (pieces, sorted) and the report's figures
        with open(os.path.join(tok, "tokenizer.vocab"), encoding="utf-8") as fh:
            pieces = sorted(line.split("\t")[0] for line in fh)
        with open(os.path.join(tok, "report.json"), encoding="utf-8") as fh:
            report = {k: v for k, v in json.load(fh).items() if k not in ("source", "model_file")}
        result[name] = {"vocabulary": sha("\n".join(pieces).encode()),
                        "report": sha(json.dumps(report, sort_keys=True).encode())}
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/output-digest")

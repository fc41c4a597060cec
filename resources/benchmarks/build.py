#!/usr/bin/env python3
"""Rebuild the committed Korean benchmark samples (``klue-*.jsonl.gz``) from a git snapshot of
KLUE-benchmark/KLUE (fetched into /work/.mirror; read with ``git show``, no work tree needed).

What the decontamination tests and ``bench/run.py --only decontaminate`` check against: real
benchmark items, so the matcher is measured on the text a lab would check (SOURCES.md: licence).
Each line holds the item id and its text fields only (labels and annotator data left out, so that
"every string field is benchmark text" holds for these files). Rows KLUE took from NSMC are left
out (the NSMC corpus is not used in this project). Deterministic; not run by any target.
"""
import gzip
import json
import os
import re
import subprocess

MIRROR = os.environ.get("MIRROR", "/work/.mirror")
GIT_DIR = os.path.join(MIRROR, "KLUE-benchmark+KLUE/repo")
COMMIT = "3efd98708a40ff49251fddde35453f8fbb11f536"
OUT = os.path.dirname(os.path.abspath(__file__))
ROOT = "klue_benchmark"


def show(path: str) -> str:
    return subprocess.check_output(["git", "--git-dir", GIT_DIR, "show", f"{COMMIT}:{path}"]).decode("utf-8")


def write(name: str, rows: list[dict]) -> None:
    path = os.path.join(OUT, name)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        for row in rows:
            fh.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    print(f"{name}: {len(rows):,} items, {os.path.getsize(path):,} bytes")


def nli() -> list[dict]:
    data = json.loads(show(f"{ROOT}/klue-nli-v1.1/klue-nli-v1.1_dev.json"))
    return [{"id": r["guid"], "premise": r["premise"], "hypothesis": r["hypothesis"]}
            for r in data if r["source"].lower() != "nsmc"]


def sts() -> list[dict]:
    data = json.loads(show(f"{ROOT}/klue-sts-v1.1/klue-sts-v1.1_dev.json"))
    return [{"id": r["guid"], "sentence1": r["sentence1"], "sentence2": r["sentence2"]}
            for r in data if "nsmc" not in r["source"].lower()]


def ner() -> list[dict]:
    rows = []
    for line in show(f"{ROOT}/klue-ner-v1.1/klue-ner-v1.1_dev.tsv").split("\n"):
        match = re.match(r"## (klue-ner-v1_dev_\d+)-(\S+)\t(.*)$", line)
        if not match or match.group(2).lower() == "nsmc":
            continue
        sentence = re.sub(r"<([^<>:]+):[A-Z]{2}>", r"\1", match.group(3))
        rows.append({"id": match.group(1), "sentence": sentence})
    return rows


if __name__ == "__main__":
    write("klue-nli-dev.jsonl.gz", nli())
    write("klue-sts-dev.jsonl.gz", sts())
    write("klue-ner-dev.jsonl.gz", ner())

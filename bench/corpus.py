"""Generate Korean benchmark corpora of a given size from the shipped public-domain texts.

Documents are random runs of real sentences from the Constitution and the bills, so their
character mix, sentence length and morphology are real Korean, and every document is distinct.
"""

import json
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "resources", "src")


def sentences() -> list[str]:
    texts = [open(os.path.join(SRC, "constitution.txt"), encoding="utf-8").read()]
    bills = os.path.join(SRC, "kobill")
    texts += [open(os.path.join(bills, n), encoding="utf-8").read() for n in sorted(os.listdir(bills))]
    out = []
    for text in texts:
        for piece in re.split(r"(?<=[.다])\s+", text):
            piece = " ".join(piece.split())
            if 20 <= len(piece) <= 400:
                out.append(piece)
    return out


def documents(n_bytes: int, seed: int = 0):
    """Yield documents (dicts) until about ``n_bytes`` of UTF-8 text have been produced."""
    rng = random.Random(seed)
    pool = sentences()
    produced = 0
    i = 0
    while produced < n_bytes:
        n_sent = rng.randint(4, 30)
        paragraphs = []
        for _ in range(rng.randint(1, 4)):
            paragraphs.append(" ".join(rng.choice(pool) for _ in range(max(1, n_sent // 2))))
        text = "\n".join(paragraphs)
        produced += len(text.encode("utf-8"))
        yield {"id": f"doc-{i:08d}", "text": text, "url": f"https://example.kr/{i}"}
        i += 1


def write_jsonl(path: str, n_bytes: int, seed: int = 0) -> str:
    if os.path.exists(path) and os.path.getsize(path) >= n_bytes:
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        for doc in documents(n_bytes, seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def write_parquet(path: str, n_bytes: int, seed: int = 0) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rows = list(documents(n_bytes, seed))
    pq.write_table(pa.Table.from_pylist(rows), path + ".tmp", compression="zstd")
    os.replace(path + ".tmp", path)
    return path


def short_documents(n_docs: int, seed: int = 0):
    """``n_docs`` short documents (1–3 real sentences, ≈ 300 bytes): many rows, little text."""
    rng = random.Random(seed)
    pool = sentences()
    for i in range(n_docs):
        yield {"id": f"doc-{i:08d}", "text": " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))),
               "url": f"https://example.kr/{i}"}

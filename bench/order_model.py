"""Learn ``curator/signals/order_model.npz``: eojeol type → next type counts of clean real text,
and per type how often it ends a line (``line_ends``) and how often it occurs (``occurrences``),
both counted in lines of at least two eojeols (``line_end_gain``'s counts).

    python bench/order_model.py [--reference .cache/reference.jsonl] [--out curator/signals/order_model.npz]

Trained on half of the committed web-style text (``resources/realtext``: Wikipedia, Wikinews,
comment pages, reviews, a publisher's blog, chat) and half of the clean reference (help pages,
manuals, laws: ``make reference``), the half chosen by a hash of the document id, so the other
halves stay unseen for the figures (``bench/order_eval.py``). Deterministic: the same text gives a
byte-identical file.
"""

import argparse
import gzip
import glob
import io
import json
import os
import sys
import zipfile
import zlib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from curator.signals.batch import TextBatch  # noqa: E402
from curator.signals.order import MODEL_PATH, eojeols, tag_class  # noqa: E402

REALTEXT = os.path.join(ROOT, "resources", "realtext")
# the web-style files the model learns from; a style added later (dialect) stays unseen, so its
# figures measure how the model holds on text it was not built from
MODEL_STYLES = ("blog", "chat", "comment", "encyclopedic", "news", "review")


def training_half(doc_id: str) -> bool:
    """The half a model learns from (the other half is for measuring it)."""
    return zlib.crc32(doc_id.encode("utf-8")) % 2 == 0


def read_jsonl(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def realtext() -> list[dict]:
    return [row for path in sorted(glob.glob(os.path.join(REALTEXT, "*.jsonl.gz"))) for row in read_jsonl(path)]


def reference(path: str) -> list[dict]:
    rows = read_jsonl(path) if os.path.isfile(path) else []
    return [{"id": str(r.get("id", i)), "text": r["text"], "style": r.get("style", "reference")} for i, r in enumerate(rows)]


def transitions(texts: list[str], batch_size: int = 256):
    """Yield (first tag, last tag) per eojeol and whether it follows the previous one on its line."""
    for i in range(0, len(texts), batch_size):
        batch = TextBatch(texts[i:i + batch_size])
        eojeol_doc, first, last, line = eojeols(batch)
        if len(first) == 0:
            continue
        tags = np.array([tag_class(t) for t in batch.tokens.tag_table], object)[batch.tokens.tag]
        follows = np.concatenate([[False], (eojeol_doc[1:] == eojeol_doc[:-1]) & (line[1:] == line[:-1])])
        yield tags[first], tags[last], follows


def build(texts: list[str]) -> dict[str, np.ndarray]:
    firsts, lasts, follows = [], [], []
    for f, l, fo in transitions(texts):
        firsts.append(f)
        lasts.append(l)
        follows.append(fo)
    first, last, follow = np.concatenate(firsts), np.concatenate(lasts), np.concatenate(follows)
    tags = sorted(set(first) | set(last))
    index = {t: i for i, t in enumerate(tags)}
    k = len(tags) + 1
    pair = np.array([index[a] for a in first], np.int64) * k + np.array([index[b] for b in last], np.int64)
    types, type_id = np.unique(pair, return_inverse=True)
    n = len(types) + 1
    counts = np.zeros((n, n), np.int32)
    np.add.at(counts, (type_id[:-1][follow[1:]], type_id[1:][follow[1:]]), 1)
    # an eojeol followed by none on its line ends the line; lines of one eojeol (titles, list items
    # of one word) say nothing about where a line ends, so neither count holds them
    followed = np.append(follow[1:], False)
    in_line = follow | followed
    ends = in_line & ~followed
    return {"tags": np.array(tags, dtype="U16"), "types": types, "counts": counts,
            "line_ends": np.bincount(type_id[ends], minlength=n).astype(np.int32),
            "occurrences": np.bincount(type_id[in_line], minlength=n).astype(np.int32)}


def save(arrays: dict[str, np.ndarray], out: str) -> None:
    """An .npz with fixed zip dates (np.savez stamps the time): same arrays, same bytes."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, value in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, value, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default=os.path.join(ROOT, ".cache", "reference.jsonl"))
    parser.add_argument("--out", default=MODEL_PATH)
    args = parser.parse_args()
    web = [r for r in realtext() if r["style"] in MODEL_STYLES]
    rows = [r for r in web + reference(args.reference) if training_half(r["id"])]
    arrays = build([r["text"] for r in rows])
    save(arrays, args.out)
    print(f"{args.out}: {len(rows):,} documents, {len(arrays['tags'])} tags, {len(arrays['types'])} eojeol types, "
          f"{int(arrays['counts'].sum()):,} transitions, {int(arrays['line_ends'].sum()):,} lines of 2+ eojeols, "
          f"{os.path.getsize(args.out):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark decontamination measured on real text (issue 31): recall of KLUE items inserted into
real Korean documents (verbatim, re-spaced, punctuation and line breaks changed, half an item),
false positives on the same real documents without an item, and matching speed and memory
against 100,000 items.

Used by ``bench/run.py --only decontaminate`` (the table in results.md), by the README's choice of
unit and n (``--sweep``), and by tests/test_decontaminate.py (a small, fast slice of the same
construction). Everything is deterministic (fixed seeds).

    python bench/decontam_eval.py [--sweep] [--speed]
"""

import argparse
import gzip
import glob
import json
import math
import os
import random
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from curator.decontam.benchmark import read_benchmark  # noqa: E402
from curator.decontam.index import BenchmarkIndex, MatchSettings  # noqa: E402

BENCHMARKS = os.path.join(ROOT, "resources", "benchmarks")
REALTEXT = os.path.join(ROOT, "resources", "realtext")
VARIANTS = ("verbatim", "respaced", "punctuation", "half")
PUNCT = re.compile(r"[.,!?\"'()\[\]…·:;~-]")


def realtext() -> list[dict]:
    """The committed real documents; the review sentences KLUE took from Airbnb are marked
    ``klue`` (they ARE benchmark text: KLUE NLI/STS dev items)."""
    docs = []
    for path in sorted(glob.glob(os.path.join(REALTEXT, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                row["klue"] = "KLUE-benchmark" in row.get("source", "")
                docs.append(row)
    return docs


def klue_items():
    return read_benchmark([BENCHMARKS], name="klue")


SHARED_RUN = 20  # normalised characters in a row shared with an item: copied text, not chance


def sharing_a_passage(docs: list[dict], items: list[str]) -> set[int]:
    """Documents sharing at least ``SHARED_RUN`` normalised characters in a row with some item
    (exact n-grams of that length): text copied from the benchmark's own source (an edited premise
    of a Wikinews article), which a decontamination SHOULD flag. The false-positive rate is
    measured on the documents sharing no such passage."""
    index = BenchmarkIndex(items, MatchSettings(n=SHARED_RUN, min_item_chars=SHARED_RUN, record_share=1e-9,
                                                ref_chars=1))
    return {m.doc for m in index.match([d["text"] for d in docs])}


def holding_an_item(docs: list[dict], items: list[str]) -> set[int]:
    """Documents that hold a whole benchmark item (its normalised text a substring of theirs):
    the ground truth of real contamination, checked by plain substring search. KLUE NLI took
    its premises from Korean Wikinews, which is where our news documents come from, so dozens of
    them really do contain KLUE dev items; they are not false positives. (The n-gram matcher at a
    loose setting only narrows the candidate pairs; each is confirmed with ``in``.)"""
    from curator.decontam.normalize import normalised_text
    loose = BenchmarkIndex(items, MatchSettings(n=8, min_item_chars=10, min_share=0.9, record_share=0.9, ref_chars=1))
    out = set()
    for m in loose.match([d["text"] for d in docs]):
        if normalised_text(items[m.item]) in normalised_text(docs[m.doc]["text"]):
            out.add(m.doc)
    return out


def respace(item: str, rng: random.Random) -> str:
    """The same words spaced differently: each space kept or dropped at random (half the items
    lose every space), and a space put inside one longer eojeol."""
    words = item.split(" ")
    if rng.random() < 0.5:
        text = "".join(words)
    else:
        text = "".join(w + (" " if rng.random() < 0.5 else "") for w in words[:-1]) + words[-1]
    long = [i for i, ch in enumerate(text) if ch != " " and 0 < i < len(text) - 1]
    if long:
        at = rng.choice(long)
        text = text[:at] + " " + text[at:]
    return text


def repunctuate(item: str, rng: random.Random) -> str:
    """Punctuation dropped or changed and the item broken over lines."""
    text = PUNCT.sub(lambda m: rng.choice(["", "", " ", "!", "…", "·"]), item)
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    for at in rng.sample(spaces, min(len(spaces), 2)):
        text = text[:at] + "\n" + text[at + 1:]
    return text


def half(item: str, rng: random.Random) -> str:
    """The first or the second half of an item, cut at the space nearest its middle."""
    spaces = [i for i, ch in enumerate(item) if ch == " "] or [len(item) // 2]
    cut = min(spaces, key=lambda i: abs(i - len(item) / 2))
    return item[:cut].strip() if rng.random() < 0.5 else item[cut:].strip()


MAKE = {"verbatim": lambda item, rng: item, "respaced": respace, "punctuation": repunctuate, "half": half}


def insert(doc: str, passage: str, rng: random.Random) -> str:
    """``passage`` put between two lines of ``doc`` (or after a sentence inside one), as a page
    quoting a test item would."""
    lines = doc.split("\n")
    at = rng.randrange(len(lines) + 1)
    if rng.random() < 0.5 and lines:
        row = rng.randrange(len(lines))
        ends = [m.end() for m in re.finditer(r"[.!?] ", lines[row])]
        if ends:
            cut = rng.choice(ends)
            lines[row] = lines[row][:cut] + passage + " " + lines[row][cut:]
            return "\n".join(lines)
    return "\n".join(lines[:at] + [passage] + lines[at:])


def contaminated(docs: list[dict], items: list[str], checked: list[int], per_variant: int, seed: int = 0):
    """(variant, item index, text) for ``per_variant`` real documents per variant, each with one
    checked item inserted in that variant; documents and items drawn at random."""
    rng = random.Random(seed)
    clean = [d for d in docs if not d["klue"] and not d.get("holds_item")]
    out = []
    for variant in VARIANTS:
        for _ in range(per_variant):
            item = rng.choice(checked)
            doc = rng.choice(clean)["text"]
            out.append((variant, item, insert(doc, MAKE[variant](items[item], rng), rng)))
    return out


def evaluate(settings: MatchSettings, per_variant: int = 400, seed: int = 0, docs=None, bench=None) -> dict:
    """Recall per variant, false positives on the clean real documents (those without a KLUE
    sentence), and what the matcher finds in the review documents that are KLUE sentences."""
    docs = docs if docs is not None else realtext()
    bench = bench if bench is not None else klue_items()
    holding, sharing = holding_an_item(docs, bench.items), sharing_a_passage(docs, bench.items)
    for i, d in enumerate(docs):
        d["holds_item"], d["shares_passage"] = i in holding, i in sharing
    index = BenchmarkIndex(bench.items, settings)
    checked = [i for i in range(len(bench.items)) if index.checked[i]]
    cases = contaminated(docs, bench.items, checked, per_variant, seed)
    found = {v: 0 for v in VARIANTS}
    matches = index.match([text for _, _, text in cases])
    hit = {(m.doc, m.item) for m in matches if m.share > settings.min_share}
    for row, (variant, item, _) in enumerate(cases):
        found[variant] += (row, item) in hit
    clean = [d for d in docs if not d["klue"] and not d["holds_item"]]
    flagged = [m for m in index.match([d["text"] for d in clean]) if m.share > settings.min_share]
    fp_docs = sorted({m.doc for m in flagged})
    unrelated = [i for i, d in enumerate(clean) if not d["shares_passage"]]
    fp_unrelated = sorted(set(fp_docs) & set(unrelated))
    by_style: dict[str, list[int]] = {}
    for i in unrelated:
        by_style.setdefault(clean[i].get("style"), []).append(i)
    klue_docs = [d for d in docs if d["klue"] or d["holds_item"]]
    klue_found = {m.doc for m in index.match([d["text"] for d in klue_docs]) if m.share > settings.min_share}
    return {"settings": settings.as_dict(), "items": len(bench.items), "items_checked": len(checked),
            "recall": {v: found[v] / per_variant for v in VARIANTS}, "per_variant": per_variant,
            "clean_docs": len(clean), "false_positive_docs": len(fp_docs),
            "false_positive_rate": len(fp_docs) / len(clean),
            "unrelated_docs": len(unrelated), "unrelated_false_positive_docs": len(fp_unrelated),
            "unrelated_false_positive_rate": len(fp_unrelated) / max(len(unrelated), 1),
            "unrelated_by_style": {s: [len(rows), len(set(rows) & set(fp_docs))] for s, rows in sorted(by_style.items())},
            "false_positives": [{"doc": clean[m.doc]["id"], "style": clean[m.doc].get("style"),
                                 "item": bench.labels[m.item], "share": round(m.share, 3),
                                 "shares_passage": clean[m.doc]["shares_passage"],
                                 "text": clean[m.doc]["text"][m.spans[0][0]:m.spans[0][1]][:80]} for m in flagged],
            "holding_docs": len(klue_docs), "holding_found": len(klue_found),
            "holding_by_style": {s: sum(1 for d in klue_docs if d.get("style") == s) for s in {d.get("style") for d in klue_docs}}}


def sentences(docs: list[dict]) -> list[str]:
    """Sentences of real documents (split after . ! ? and at line ends), 15–200 characters."""
    out = []
    for d in docs:
        for line in d["text"].split("\n"):
            for s in re.split(r"(?<=[.!?])\s+", line):
                s = s.strip()
                if 15 <= len(s) <= 200:
                    out.append(s)
    return out


def speed(n_items: int = 100_000, haystack_mb: float = 8.0, settings: MatchSettings = MatchSettings(),
          seed: int = 0) -> dict:
    """Matching throughput against ``n_items`` items: KLUE's, the sentences of half the real
    documents, and spliced halves of two such sentences up to ``n_items``; the haystack is the
    other half of the documents (repeated to ``haystack_mb`` MB of UTF-8)."""
    import numpy as np
    docs = [d for d in realtext() if not d["klue"]]  # the review sentences that ARE KLUE items left out
    rng = random.Random(seed)
    rng.shuffle(docs)
    source, hay = docs[: len(docs) // 2], [d["text"] for d in docs[len(docs) // 2:]]
    items = list(klue_items().items) + sentences(source)
    pool = list(items)
    while len(items) < n_items:
        a, b = rng.choice(pool), rng.choice(pool)
        items.append(a[: len(a) // 2] + b[len(b) // 2:])
    items = items[:n_items]
    import tracemalloc
    started = time.perf_counter()
    index = BenchmarkIndex(items, settings)
    build = time.perf_counter() - started
    texts, size = [], 0
    while size < haystack_mb * 1e6:
        for t in hay:
            texts.append(t)
            size += len(t.encode("utf-8"))
    batch, seconds, cpu = 2000, 0.0, 0.0  # documents per match() call, as the stage does
    found = 0
    for start in range(0, len(texts), batch):
        piece = texts[start:start + batch]
        t0, c0 = time.perf_counter(), time.process_time()
        found += len({m.doc for m in index.match(piece) if m.share > settings.min_share})
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
    # memory, measured apart (tracing slows numpy down): building the index, matching one batch
    del index
    tracemalloc.start()
    index = BenchmarkIndex(items, settings)
    build_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    index.match(texts[:batch])
    transient = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return {"items": len(items), "items_checked": index.items_checked, "ngrams": index.ngrams,
            "index_mb": index.memory_bytes() / 1e6, "bytes_per_item": index.memory_bytes() / len(items),
            "mb_per_million_items": index.memory_bytes() / len(items) * 1e6 / 1e6, "build_s": build,
            "build_peak_mb": build_peak / 1e6, "batch_docs": batch,
            "haystack_mb": size / 1e6, "seconds": seconds, "cpu_s": cpu, "mb_per_s": size / 1e6 / cpu,
            "docs": len(texts), "docs_marked": found, "match_peak_mb": transient / 1e6,
            "ngrams_per_item": index.ngrams / max(index.items_checked, 1),
            "filter_bits_per_ngram": float((1 << index.bits) / max(index.ngrams, 1)),
            "numpy": np.__version__}


def sweep(per_variant: int = 300) -> list[dict]:
    docs, bench = realtext(), klue_items()
    out = []
    for n in (6, 8, 10, 13, 16):
        for min_share in (0.3, 0.4, 0.5):
            for ref in (1, 30, 40):
                r = evaluate(MatchSettings(n=n, min_item_chars=max(n, 10, math.floor(min_share * ref) + 1),
                                           min_share=min_share, ref_chars=ref,
                                           record_share=min(0.2, min_share)), per_variant, 0, docs, bench)
                r.pop("false_positives")
                out.append(r)
                print(json.dumps(r, ensure_ascii=False), flush=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()
    if args.sweep:
        sweep()
    elif args.speed:
        print(json.dumps(speed(), indent=1))
    else:
        print(json.dumps(evaluate(MatchSettings()), ensure_ascii=False, indent=1))

"""The one-pass word-order signal on the halves ``order_model.py`` did not learn from, per style.

    python bench/order_eval.py [--reference .cache/reference.jsonl] [--threshold T]

For each style: clean documents kept at the shipped ``quality:word_order`` bound (or ``T``), and two
salads made from the same documents, caught: the document's own eojeols shuffled within its line
layout, and eojeols drawn from the style's vocabulary into the same layout. Also the signal's CPU
time against Kiwi's on the same batch. Prints a Markdown table (bench/results.md keeps one).
"""

import argparse
import os
import random
import sys
import time
import zlib
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from order_model import ROOT, realtext, reference, training_half  # noqa: E402

sys.path.insert(0, ROOT)
from curator.config import DEFAULT_CONFIG  # noqa: E402
from curator.signals.batch import TextBatch  # noqa: E402
from curator.signals.order import MIN_EOJEOLS, order_gains  # noqa: E402


def shuffled(text: str, seed: int) -> str:
    lines = [line.split() for line in text.split("\n")]
    flat = [w for line in lines for w in line]
    random.Random(seed).shuffle(flat)
    out, i = [], 0
    for line in lines:
        out.append(" ".join(flat[i:i + len(line)]))
        i += len(line)
    return "\n".join(out)


def drawn(text: str, vocabulary: list[str], seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choice(vocabulary) for _ in line.split()) for line in text.split("\n"))


def gains(texts: list[str], timing: dict | None = None) -> np.ndarray:
    """The rule's signal, ``order_gain_upper``, per text."""
    out = []
    for i in range(0, len(texts), 256):
        batch = TextBatch(texts[i:i + 256])
        started = time.process_time()
        batch.tokens  # noqa: B018 - Kiwi's share, timed apart
        kiwi = time.process_time() - started
        started = time.process_time()
        out.append(order_gains(batch)[1])
        if timing is not None:
            timing["kiwi"] += kiwi
            timing["order"] += time.process_time() - started
    return np.concatenate(out) if out else np.zeros(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", default=os.path.join(ROOT, ".cache", "reference.jsonl"))
    parser.add_argument("--threshold", type=float, default=DEFAULT_CONFIG["rules"]["quality:word_order"]["min"])
    args = parser.parse_args()
    by_style = defaultdict(list)
    for row in realtext() + reference(args.reference):
        if not training_half(row["id"]):
            by_style[row["style"]].append(row)
    t = args.threshold
    timing = {"kiwi": 0.0, "order": 0.0}
    print(f"quality:word_order min {t:g} (fails below); documents with fewer than {MIN_EOJEOLS} eojeols get no value\n")
    print("| style | clean docs | scored | clean kept | median order_gain_upper | own words shuffled: caught | vocabulary salad: caught |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for style in sorted(by_style):
        rows = by_style[style]
        texts = [r["text"] for r in rows]
        seeds = [zlib.crc32(r["id"].encode("utf-8")) for r in rows]
        vocabulary = sorted({w for text in texts for w in text.split()})
        clean = gains(texts, timing)
        salad = gains([shuffled(x, s) for x, s in zip(texts, seeds)])
        vocab = gains([drawn(x, vocabulary, s) for x, s in zip(texts, seeds)])
        scored = ~np.isnan(clean)

        def caught(values):
            valid = ~np.isnan(values)
            return f"{np.mean(values[valid] < t):.3f} of {valid.sum()}"
        print(f"| {style} | {len(texts)} | {scored.sum()} | {np.mean(~(clean < t)):.3f} | "
              f"{np.nanmedian(clean):.2f} | {caught(salad)} | {caught(vocab)} |")
    print(f"\nCPU on the clean halves: Kiwi {timing['kiwi']:.1f} s, word order {timing['order']:.2f} s "
          f"({timing['order'] / max(timing['kiwi'], 1e-9):.1%} of Kiwi)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The word-order signal on clean reference text and on the same pages as word salad: the figure
and the figures of README "Calibrated thresholds" (docs/calibration/word_order.png).

    python bench/word_order_figure.py [OUT.png]

Each reference page (``make reference``) is scored as it is and with its eojeols shuffled (line
layout kept, one seed per page); the shipped ``quality:word_order`` threshold is drawn on both.
"""

import json
import os
import random
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(ROOT, ".cache", "reference.jsonl"))


def shuffled(text: str, seed: int) -> str:
    lines = [line.split() for line in text.split("\n")]
    flat = [w for line in lines for w in line]
    random.Random(seed).shuffle(flat)
    out, i = [], 0
    for line in lines:
        out.append(" ".join(flat[i:i + len(line)]))
        i += len(line)
    return "\n".join(out)


def gains(texts: list[str]) -> np.ndarray:
    from curator.signals import compute_signals

    values = [g for i in range(0, len(texts), 64)
              for g in compute_signals(texts[i:i + 64]).column("order_gain").to_pylist()]
    return np.array([np.nan if g is None else g for g in values])


def main() -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from curator.config import DEFAULT_CONFIG

    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "calibration", "word_order.png")
    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    real = gains([r["text"] for r in rows])
    salad = gains([shuffled(r["text"], i) for i, r in enumerate(rows)])
    threshold = DEFAULT_CONFIG["rules"]["quality:word_order"]["min"]
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=110)
    bins = np.linspace(-3, 8, 89)
    ax.hist(real[~np.isnan(real)], bins=bins, alpha=0.7, label=f"clean reference pages ({np.isfinite(real).sum()})")
    ax.hist(salad[~np.isnan(salad)], bins=bins, alpha=0.7, label="the same pages, eojeols shuffled")
    ax.axvline(threshold, color="black", linewidth=1.5, label=f"quality:word_order min {threshold:g}")
    ax.set_xlabel("order_gain: LM score in own order − shuffled (points)")
    ax.set_ylabel("documents")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    fig.savefig(out)
    print("| style | pages | clean: 1 % / 5 % / median | salad: median / 99 % / max | clean kept | salad removed |")
    print("|---|---|---|---|---|---|")
    styles = np.array([r["style"] for r in rows])
    for style in sorted(set(styles)):
        r, s = real[styles == style], salad[styles == style]
        r, s = r[~np.isnan(r)], s[~np.isnan(s)]
        q = np.quantile(r, [0.01, 0.05, 0.5])
        p = np.quantile(s, [0.5, 0.99, 1.0])
        print(f"| {style} | {len(r)} | {q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f} | {p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f} | "
              f"{np.mean(r >= threshold):.3f} | {np.mean(s < threshold):.3f} |")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

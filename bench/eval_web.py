"""Both sides of a preset on text its calibration did not see: clean kept per style, junk caught per kind.

    python bench/eval_web.py [--preset web] [--config FILE.yaml] [--reference .cache/reference.jsonl]

Clean: the held-out quarter (the same id hash ``curator calibrate --hold-out 0.25`` leaves out) of the
committed web-style text (``resources/realtext``) and of the reference (help, manual, law). Junk:
``bench/junk.py`` with seed 1 (calibration uses seed 0: other pages, other draws, the same kinds).
Documents shorter than the length minimums (one-sentence reviews, one-line comments) are counted
apart: the length rules define what a training document is, every preset shares them.
Prints Markdown tables (bench/results.md keeps them).
"""

import argparse
import os
import sys
from collections import Counter, defaultdict


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_filters import evaluate_texts  # noqa: E402
from junk import make_junk  # noqa: E402
from order_model import ROOT, realtext, reference  # noqa: E402

sys.path.insert(0, ROOT)
from curator.config import load_config  # noqa: E402
from curator.pipeline.calibrate import held_out  # noqa: E402

LENGTH_RULES = ("length:min_chars", "length:min_words")
# the clean styles each preset is for (its calibration reference); the others are shown for contrast.
# web's reference is every file of resources/realtext (dialect, when that file is there)
PRESET_STYLES = {"web": ("blog", "chat", "comment", "dialect", "encyclopedic", "news", "review"), "docs": ("help", "manual"),
                 "books-law": ("law", "encyclopedic", "news")}


def report(config: dict, reference_path: str, styles: tuple[str, ...] | None = None) -> tuple[list[str], dict]:
    """(Markdown lines, figures); ``styles``: the styles the "all" row counts (default: the preset's)."""
    styles = styles or PRESET_STYLES.get(config.get("preset"), ())
    rows = realtext() + reference(reference_path)
    test = held_out([r["id"] for r in rows], 0.25)
    clean = [r for r, t in zip(rows, test) if t]
    junk = make_junk(realtext(), seed=1, per_kind=100)
    kept, reasons, _ = evaluate_texts([r["text"] for r in clean + junk], config)
    figures: dict = {"clean": {}, "junk": {}}
    by_style = defaultdict(lambda: [0, 0, 0, Counter()])  # documents, short, kept of the rest, reasons
    for row, k, rs in zip(clean, kept[:len(clean)], reasons[:len(clean)]):
        entry = by_style[row["style"]]
        entry[0] += 1
        if any(r in LENGTH_RULES for r in rs):
            entry[1] += 1
            continue
        entry[2] += int(k)
        entry[3].update(rs)
    lines = ["| style | held-out documents | below the length minimums | clean kept (of the rest) | removed by (top 3) |",
             "|---|---:|---:|---:|---|"]  # a style the preset is not for is in italics
    total = [0, 0]
    for style in sorted(by_style):
        n, short, k, why = by_style[style]
        rest = n - short
        if style in styles:
            total[0] += rest
            total[1] += k
        figures["clean"][style] = (k, rest)
        top = ", ".join(f"{r} {c}" for r, c in why.most_common(3))
        name = style if style in styles else f"*{style}*"
        lines.append(f"| {name} | {n} | {short} | {k / max(rest, 1):.3f} ({k}/{rest}) | {top} |")
    lines.append(f"| **all of the preset's styles** | | | **{total[1] / max(total[0], 1):.3f}** ({total[1]}/{total[0]}) | |")
    figures["clean"]["all"] = tuple(reversed(total))
    lines += ["", "| junk kind | documents | caught | caught by (top 3) |", "|---|---:|---:|---|"]
    by_kind = defaultdict(lambda: [0, 0, Counter()])
    for row, k, rs in zip(junk, kept[len(clean):], reasons[len(clean):]):
        entry = by_kind[row["kind"]]
        entry[0] += 1
        entry[1] += int(not k)
        entry[2].update(rs)
    caught_all = [0, 0]
    for kind in sorted(by_kind):
        n, c, why = by_kind[kind]
        caught_all[0] += c
        caught_all[1] += n
        figures["junk"][kind] = (c, n)
        top = ", ".join(f"{r} {x}" for r, x in why.most_common(3))
        lines.append(f"| {kind} | {n} | {c / n:.3f} ({c}) | {top} |")
    lines.append(f"| **all** | {caught_all[1]} | **{caught_all[0] / max(caught_all[1], 1):.3f}** | |")
    figures["junk"]["all"] = tuple(caught_all)
    return lines, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default=None)
    parser.add_argument("--config", default=None)
    parser.add_argument("--reference", default=os.path.join(ROOT, ".cache", "reference.jsonl"))
    args = parser.parse_args()
    config = load_config(args.config, preset=args.preset) if args.preset else load_config(args.config)
    lines, _ = report(config, args.reference)
    print(f"preset: {config.get('preset', '(defaults)')}\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

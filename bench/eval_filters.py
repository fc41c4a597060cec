"""Filter quality: the share of clean real Korean kept per style of text (the calibration reference
of ``make reference``: the held-out quarter the thresholds were not derived from, and the whole),
per-kind recall / false removal on tests/data/labelled.jsonl, and the untranslated gimp-help-ko
pages; each for the shipped defaults and, for comparison, the uncalibrated starting points.

Usage: python bench/eval_filters.py
"""

import glob
import html
import json
import os
import re
import sys
from collections import defaultdict

import numpy as np
import pyarrow as pa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIMP_HELP = "/usr/share/gimp/2.0/help/ko"


def evaluate_texts(texts: list[str], config: dict):
    from curator.io.text import normalize
    from curator.signals import compute_signals
    from curator.workspace.verdict import Verdicts

    texts = [normalize(t) for t in texts]
    batches = [compute_signals(texts[i:i + 256], config) for i in range(0, len(texts), 256)]
    numeric = [f.name for f in batches[0].schema if pa.types.is_integer(f.type) or pa.types.is_floating(f.type)]
    columns = {name: np.concatenate([b.column(name).to_numpy(zero_copy_only=False) for b in batches]).astype(float)
               for name in numeric}
    columns["n_chars"] = np.array([len(t) for t in texts], dtype=float)
    # corpus-level signal: not defined for a set of unrelated samples (NaN never fails a rule)
    columns["repeated_line_ratio"] = np.full(len(texts), np.nan)
    light = pa.table({"id": [str(i) for i in range(len(texts))], **columns})
    verdicts = Verdicts(config, light)
    return verdicts.kept(), verdicts.reasons_column().to_pylist(), columns


def labelled_report(config: dict) -> dict:
    rows = [json.loads(l) for l in open(os.path.join(ROOT, "tests", "data", "labelled.jsonl"), encoding="utf-8")]
    kept, reasons, _ = evaluate_texts([r["text"] for r in rows], config)
    per_kind = defaultdict(lambda: {"n": 0, "removed": 0, "right_family": 0, "reasons": defaultdict(int)})
    for row, k, rs in zip(rows, kept, reasons):
        entry = per_kind[row["kind"]]
        entry["n"] += 1
        entry["removed"] += int(not k)
        families = {r.split(":")[0] for r in rs}
        entry["right_family"] += int(row["family"] in families)
        for r in rs:
            entry["reasons"][r] += 1
        entry.setdefault("clean", row["family"] is None)
    defects = [e for e in per_kind.values() if not e["clean"]]
    controls = [e for e in per_kind.values() if e["clean"]]
    removed_defects = sum(e["removed"] for e in defects)
    return {
        "per_kind": per_kind,
        "recall": removed_defects / sum(e["n"] for e in defects),
        "controls_kept": 1 - sum(e["removed"] for e in controls) / sum(e["n"] for e in controls),
        "right_family": sum(e["right_family"] for e in defects) / max(1, removed_defects),
    }


REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(ROOT, ".cache", "reference.jsonl"))


def reference_report(config: dict, hold_out: float) -> dict | None:
    """Per style of the reference: (documents, kept) over the held-out part and over all of it."""
    if not os.path.exists(REFERENCE):
        return None
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    from korean_corpus import style_of

    from curator.pipeline.calibrate import held_out

    rows = [json.loads(l) for l in open(REFERENCE, encoding="utf-8")]
    kept, reasons, _ = evaluate_texts([r["text"] for r in rows], config)
    test = held_out([r["id"] for r in rows], hold_out)
    out: dict = defaultdict(lambda: {"held_out": [0, 0], "all": [0, 0], "reasons": defaultdict(int)})
    for row, k, rs, t in zip(rows, kept, reasons, test):
        entry = out[style_of(row["id"])]
        for part in (["held_out"] if t else []) + ["all"]:
            entry[part][0] += 1
            entry[part][1] += int(k)
        for r in rs:
            entry["reasons"][r] += 1
    return out


def gimp_pages() -> list[str]:
    pages = []
    for path in sorted(glob.glob(os.path.join(GIMP_HELP, "*.html"))):
        raw = open(path, encoding="utf-8", errors="replace").read()
        raw = re.sub(r"(?is)<(script|style|head).*?</\1>", " ", raw)
        raw = re.sub(r"(?i)</?(?:p|div|h[1-6]|li|tr|br|pre|dt|dd|table|title|ul|ol)\b[^>]*>", "\n", raw)
        text = html.unescape(re.sub(r"(?s)<[^>]+>", "", raw))
        lines = [" ".join(l.split()) for l in text.split("\n")]
        text = "\n".join(l for l in lines if l)
        pages.append(text)
    return pages


def gimp_report(config: dict) -> dict | None:
    pages = gimp_pages()
    if not pages:
        return None
    kept, reasons, columns = evaluate_texts(pages, config)
    # Most gimp-help-ko pages are untranslated English; "Korean pages" are those whose letters are
    # mostly Hangul (measured with the same signal the language rule uses, before any threshold).
    korean = columns["hangul_ratio"] >= 0.5
    counts = defaultdict(int)
    for rs in np.array(reasons, dtype=object)[korean]:
        for r in rs:
            counts[r] += 1
    return {"pages": len(pages), "kept": float(np.mean(kept)), "korean_pages": int(korean.sum()),
            "korean_kept": float(np.mean(kept[korean])),
            "reasons": dict(sorted(counts.items(), key=lambda kv: -kv[1]))}


def bill_tables_report(config: dict) -> dict:
    """The bills' comparison tables (cut from the clean controls, see tests/data/make_labelled.py)
    on their own: neither control nor counted defect, reported so their treatment stays visible."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "data"))
    from make_labelled import bill_parts

    tables = [table for _, table in bill_parts() if table]
    kept, reasons, _ = evaluate_texts(tables, config)
    counts = defaultdict(int)
    for rs in reasons:
        for r in rs:
            counts[r] += 1
    whole = [body + table for body, table in bill_parts() if table]
    whole_kept, _, _ = evaluate_texts(whole, config)
    return {"tables": len(tables), "removed": int((~kept).sum()), "whole_removed": int((~whole_kept).sum()),
            "reasons": dict(sorted(counts.items(), key=lambda kv: -kv[1]))}


STYLE_NAMES = {"help": "help pages (GNOME, GIMP)", "manual": "manuals (TeX PDFs, Debian installation guide)",
               "law": "law and bills (KoNLPy)"}


def style_lines(config: dict, starting: dict, hold_out: float) -> list[str]:
    now, before = reference_report(config, hold_out), reference_report(starting, hold_out)
    if now is None:
        return [f"(no reference at {REFERENCE}: `make reference`)"]
    lines = ["| style | held-out docs | kept, defaults | kept, starting points | all docs | kept, defaults | "
             "top reasons (all docs, defaults) |", "|---|---|---|---|---|---|---|"]
    totals = [0, 0, 0, 0, 0]
    for style, e in sorted(now.items()):
        (h, hk), (a, ak), hb = e["held_out"], e["all"], before[style]["held_out"][1]
        top = ", ".join(f"{r} {n}" for r, n in sorted(e["reasons"].items(), key=lambda kv: -kv[1])[:3]) or "–"
        lines.append(f"| {STYLE_NAMES.get(style, style)} | {h} | {hk / max(h, 1):.3f} | {hb / max(h, 1):.3f} | "
                     f"{a} | {ak / max(a, 1):.3f} | {top} |")
        for i, v in enumerate((h, hk, hb, a, ak)):
            totals[i] += v
    h, hk, hb, a, ak = totals
    lines.append(f"| **all** | {h} | **{hk / h:.3f}** | {hb / h:.3f} | {a} | **{ak / a:.3f}** | |")
    return lines


def markdown(config: dict, starting: dict | None = None, hold_out: float = 0.25) -> list[str]:
    lab = labelled_report(config)
    lines = []
    if starting is not None:
        lines += ["Clean real Korean kept, per style (the calibration reference, `make reference`; held-out: "
                  "the quarter of it the shipped thresholds were not derived from; reasons count a document "
                  "once per rule):", ""] + style_lines(config, starting, hold_out) + [""]
        before = labelled_report(starting)
        lines += [f"Labelled set with the uncalibrated starting points: defect recall {before['recall']:.3f}, "
                  f"clean controls kept {before['controls_kept']:.3f}. With the shipped defaults:", ""]
    lines += ["| kind | docs | removed | right family | top reasons |", "|---|---|---|---|---|"]
    for kind, e in lab["per_kind"].items():
        top = ", ".join(f"{r} {n}" for r, n in sorted(e["reasons"].items(), key=lambda kv: -kv[1])[:3])
        fam = "–" if e["clean"] else f"{e['right_family']}/{e['removed']}"
        lines.append(f"| {kind} | {e['n']} | {e['removed']} | {fam} | {top} |")
    lines += ["", f"Defect recall **{lab['recall']:.3f}**, clean controls kept **{lab['controls_kept']:.3f}**, "
              f"removed defects with the right family **{lab['right_family']:.3f}**."]
    tables = bill_tables_report(config)
    top = ", ".join(f"{r} {n}" for r, n in list(tables["reasons"].items())[:4])
    lines += ["", f"Bill comparison tables (신·구조문대비표, two PDF columns flattened line by line; cut from the "
              f"clean bills): {tables['removed']} of {tables['tables']} removed on their own ({top or 'no reason'}); "
              f"the {tables['tables']} bills left whole: {tables['whole_removed']} removed."]
    gimp = gimp_report(config)
    if gimp:
        top = ", ".join(f"{r} {n}" for r, n in list(gimp["reasons"].items())[:6])
        lines += ["", f"gimp-help-ko: {gimp['pages']} HTML pages (tags stripped), kept {gimp['kept']:.3f} (most are "
                  f"untranslated English); the {gimp['korean_pages']} Korean pages (Hangul ≥ 50 % of letters) "
                  f"kept **{gimp['korean_kept']:.3f}**; reasons on Korean pages: {top or 'none'}."]
    return lines


if __name__ == "__main__":
    sys.path.insert(0, ROOT)
    from curator.config import DEFAULT_CONFIG
    from curator.filters.defaults import STARTING_RULES

    print("\n".join(markdown(DEFAULT_CONFIG, {**DEFAULT_CONFIG, "rules": STARTING_RULES})))

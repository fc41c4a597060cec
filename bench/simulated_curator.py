"""Simulated curator: does learning from review decisions beat the fixed rules, and does the
"most informative" review order learn faster than a random sample?

The pool is real text and real defects, labelled by a curator with a preference the rules do not
encode: this lab wants help pages and law and **no technical manuals** (the Korean TeX manuals and
the Debian installation guide of ``make reference``: clean Korean the calibrated rules keep).
    accept: GNOME/GIMP help pages, KoNLPy law texts, the labelled set's clean kinds
    reject: manual pages; the labelled set's defects (tests/data/labelled.jsonl); word salad made
            from help pages not otherwise in the pool (bench/order_eval.py's shuffle)
The pool goes through ``curator run``; the script then plays the curator: it decides the documents
the review mode shows (``informative_order``, retraining every ``STEP`` decisions) by their
labels, or a random sample, and after 50/100/200/400 decisions compares with the labels on a
held-out third of the pool that neither order may show (so both are judged on the same documents,
none of them decided): the fixed rules (the run's verdicts), the learnt model alone
(learned_quality < 0.5) and rules + model (the verdict with ``quality:learned`` enabled).
F1 is of "remove". Random sampling is averaged over ``SEEDS`` seeds; so is active sampling (its
cold start is seeded).

Usage: python bench/simulated_curator.py [--out FILE.json]   (needs make reference)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
WORK = os.path.join(ROOT, "bench", "work", "simulated_curator")
REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(ROOT, ".cache", "reference.jsonl"))
CHECKPOINTS = (25, 50, 75, 100, 150, 200, 300, 400)  # the table shows 50/100/200/400; the rest
# tell how many decisions active sampling needs to reach random sampling's F1
STEP = 10
SEEDS = (0, 1, 2)
TEST_SHARE = 0.3
CLEAN_KINDS = {"clean", "clean_nfd", "clean_with_pii", "clean_informal"}


def build_pool() -> list[dict]:
    """The labelled pool: {id, text, label ('accept'/'reject'), kind}; exact duplicates dropped."""
    from order_eval import shuffled

    reference = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    labelled = [json.loads(line) for line in open(os.path.join(ROOT, "tests", "data", "labelled.jsonl"), encoding="utf-8")]
    help_pages = [r for r in reference if r["style"] == "help"]
    rng = np.random.default_rng(7)
    salad_source = set(rng.choice(len(help_pages), size=150, replace=False).tolist())
    pool = []
    for i, page in enumerate(help_pages):
        if i in salad_source:
            pool.append({"text": shuffled(page["text"], seed=i), "label": "reject", "kind": "word_salad_help"})
        else:
            pool.append({"text": page["text"], "label": "accept", "kind": "help"})
    pool += [{"text": r["text"], "label": "accept" if r["style"] == "law" else "reject", "kind": r["style"]}
             for r in reference if r["style"] != "help"]
    pool += [{"text": r["text"], "label": "accept" if r["kind"] in CLEAN_KINDS else "reject", "kind": r["kind"]}
             for r in labelled]
    seen, out = set(), []
    for row in pool:
        if row["text"] not in seen:
            seen.add(row["text"])
            out.append({"id": f"d{len(out):05d}", **row})
    return out


def workspace(pool: list[dict]) -> str:
    """Run the pool through ``curator run`` (once; reused while the pool and code give the same input)."""
    from curator.config import load_config
    from curator.pipeline.run import run_pipeline

    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "pool.jsonl")
    body = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in pool)
    ws = os.path.join(WORK, "ws")
    if not (os.path.exists(path) and open(path, encoding="utf-8").read() == body and os.path.isdir(ws)):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body)
        run_pipeline([path], ws, load_config(None), workers=2, overwrite=True, show_progress=False)
    return ws


class Simulation:
    def __init__(self, ws_path: str, pool: list[dict]):
        from curator.filters.learned import SignalScaling
        from curator.pipeline.learn import FEATURE_SIGNALS, signal_columns
        from curator.workspace.layout import Workspace

        ws = Workspace.open(ws_path)
        table = pq.read_table(ws.documents_dir, columns=["id", "text", "kept", "reasons", *FEATURE_SIGNALS])
        label = {r["id"]: r for r in pool}
        self.ids = table.column("id").to_pylist()
        self.texts = table.column("text").to_pylist()
        self.columns = signal_columns(table)
        self.rules_remove = ~table.column("kept").to_numpy(zero_copy_only=False)
        self.reject = np.array([label[i]["label"] == "reject" for i in self.ids])
        self.kinds = np.array([label[i]["kind"] for i in self.ids])
        self.scaling = SignalScaling.fit(self.columns)
        # duplicates the run removed are dedup's business, not a judgement of quality: out of play
        self.duplicate = np.array([any(r.startswith("dedup:") for r in rs) for rs in table.column("reasons").to_pylist()])
        split = np.random.default_rng(11).random(len(self.ids)) < TEST_SHARE
        self.test = split & ~self.duplicate
        self.reviewable = ~split & ~self.duplicate

    def fit(self, rows: np.ndarray, cross_validate: bool):
        from curator.filters.learned import train
        return train([self.texts[i] for i in rows], {k: v[rows] for k, v in self.columns.items()},
                     self.reject[rows], self.scaling, min_decisions=10, cross_validate=cross_validate)

    def quality(self, model) -> np.ndarray:
        return model.quality(self.texts, self.columns)

    def play(self, active: bool, seed: int) -> dict[int, dict]:
        """Decide documents in review order up to the last checkpoint; evaluate at each."""
        from curator.filters.learned import MIN_PER_CLASS, informative_order

        n = len(self.ids)
        decided = np.zeros(n, bool)
        order_random = np.random.default_rng(100 + seed).permutation(np.flatnonzero(self.reviewable))
        results, quality, taken = {}, None, []
        while len(taken) < CHECKPOINTS[-1]:
            if active:
                nxt = informative_order(quality, self.rules_remove, ~decided & self.reviewable, seed=seed)[:STEP]
            else:
                nxt = order_random[len(taken):len(taken) + STEP]
            taken += nxt.tolist()
            decided[nxt] = True
            rows = np.array(taken)
            both = min(self.reject[rows].sum(), (~self.reject[rows]).sum()) >= MIN_PER_CLASS
            if active and both:
                quality = self.quality(self.fit(rows, cross_validate=False))
            if len(taken) in CHECKPOINTS:
                results[len(taken)] = self.evaluate(rows) if both else None
        return results

    def evaluate(self, rows: np.ndarray) -> dict:
        model = self.fit(rows, cross_validate=True)
        learned_remove = self.quality(model) < 0.5
        unseen = self.test
        truth = self.reject[unseen]
        out = {"cv": model.info["cross_validated"], "C": model.info["C"]}
        for name, remove in (("rules", self.rules_remove), ("learned", learned_remove),
                             ("rules+learned", self.rules_remove | learned_remove)):
            out[name] = f1(truth, remove[unseen])
        manual = unseen & (self.kinds == "manual")
        out["manual_removed"] = {"rules": float(self.rules_remove[manual].mean()),
                                 "rules+learned": float((self.rules_remove | learned_remove)[manual].mean())}
        accepted = unseen & ~self.reject
        out["accepted_removed"] = {"rules": float(self.rules_remove[accepted].mean()),
                                   "rules+learned": float((self.rules_remove | learned_remove)[accepted].mean())}
        return out


def decisions_to_match(active: dict, random: dict, key: str = "rules+learned") -> dict:
    """For random sampling's F1 at 100/200/400 decisions: the fewest decisions (of the checkpoints)
    after which active sampling's F1 is at least as high, and that as a share of random's."""
    out = {}
    for n in (100, 200, 400):
        if n not in random:
            continue
        reached = [m for m in CHECKPOINTS if m in active and active[m][key] >= random[n][key]]
        out[n] = {"random_f1": random[n][key], "active_decisions": reached[0] if reached else None,
                  "share": round(reached[0] / n, 3) if reached else None}
    return out


def training_time(sim: Simulation, copies: int = 6) -> dict:
    """Seconds to train as ``curator learn`` does (C chosen by 3-fold cross-validation, then the
    final fit) on thousands of decisions: the pool's documents, each decided, ``copies`` times."""
    from curator.filters.learned import train

    texts = sim.texts * copies
    columns = {k: np.tile(v, copies) for k, v in sim.columns.items()}
    started = time.perf_counter()
    train(texts, columns, np.tile(sim.reject, copies), sim.scaling)
    return {"decisions": len(texts), "seconds": round(time.perf_counter() - started, 1)}


def scoring_cost(sim: Simulation) -> dict:
    """Seconds per MB to score with a learnt model vs Kiwi tokenising the same documents
    (kiwipiepy, 2 threads, as the run uses it), best of 3 each."""
    from kiwipiepy import Kiwi

    model = sim.fit(np.flatnonzero(sim.reviewable)[:400], cross_validate=False)
    texts = [t for t in sim.texts if len(t) >= 200]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def best(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)
    columns = {k: v[[i for i, t in enumerate(sim.texts) if len(t) >= 200]] for k, v in sim.columns.items()}
    score = best(lambda: model.quality(texts, columns))
    kiwi = Kiwi(num_workers=2, load_typo_dict=False, load_multi_dict=False)
    kiwi.tokenize("준비")
    tokenize = best(lambda: sum(1 for _ in kiwi.tokenize(texts)))
    return {"documents": len(texts), "mb": round(mb, 2), "score_s": round(score, 3), "kiwi_s": round(tokenize, 3),
            "ratio": round(score / tokenize, 4)}


def f1(truth: np.ndarray, predicted: np.ndarray) -> dict:
    tp = int((truth & predicted).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def summarise(runs: list[dict[int, dict]]) -> dict[int, dict]:
    """Mean over seeds of each F1 and share, per checkpoint."""
    out = {}
    for n in CHECKPOINTS:
        done = [r[n] for r in runs if r.get(n)]
        if not done:
            continue
        out[n] = {"seeds": len(done)}
        for name in ("rules", "learned", "rules+learned"):
            out[n][name] = round(float(np.mean([d[name]["f1"] for d in done])), 4)
        out[n]["manual_removed"] = round(float(np.mean([d["manual_removed"]["rules+learned"] for d in done])), 4)
        out[n]["accepted_removed"] = round(float(np.mean([d["accepted_removed"]["rules+learned"] for d in done])), 4)
        out[n]["cv_f1"] = round(float(np.mean([d["cv"]["f1"] for d in done])), 4)
    return out


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args()
    started = time.monotonic()
    pool = build_pool()
    sim = Simulation(workspace(pool), pool)
    result = {"documents": len(pool), "reject": int(sim.reject.sum()), "test": int(sim.test.sum()), "seeds": len(SEEDS),
              "kinds": {k: int((sim.kinds == k).sum()) for k in sorted(set(sim.kinds.tolist()))},
              "rules_manual_removed": float(sim.rules_remove[sim.kinds == "manual"].mean()),
              "rules_accepted_removed": float(sim.rules_remove[sim.test & ~sim.reject].mean())}
    for mode in ("active", "random"):
        result[mode] = summarise([sim.play(mode == "active", seed) for seed in SEEDS])
    result["decisions_to_match"] = decisions_to_match(result["active"], result["random"])
    result["cost"] = scoring_cost(sim)
    result["training"] = training_time(sim)
    result["seconds"] = round(time.monotonic() - started, 1)
    text = json.dumps(result, indent=1, ensure_ascii=False)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return result


if __name__ == "__main__":
    main()

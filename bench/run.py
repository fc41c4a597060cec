"""``make bench``: measure, and write the figures to bench/results.md.

Sections (run all, or pick with ``--only NAME``): ingest (reader throughput, JSONL and Parquet),
run (the whole ``curator run`` end to end), memory (peak RSS at 50 MB vs 500 MB input), decontaminate
(benchmark matching: recall, false positives, speed and memory).
"""

import argparse
import glob
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
RESULTS = os.path.join(ROOT, "bench", "results.md")


def machine() -> str:
    return (f"{platform.node()}: {os.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python {platform.python_version()}, "
            f"{platform.platform()}")


def peak_rss_of(cmd: list[str]) -> tuple[float, int, str]:
    """Run ``cmd``; return (seconds, peak RSS of the whole process tree in bytes, stdout)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = 0
    parent = psutil.Process(proc.pid)
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            procs = [parent] + parent.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    reader.join()
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {proc.stderr.read()}")
    return seconds, peak, "".join(out)


def bench_ingest(size_mb: int = 200) -> list[str]:
    """Reader throughput in the driver (read, decode, parse, NFC, ids, batches), no analysis."""
    from curator.io.readers import ReadOptions, expand_inputs
    from curator.pipeline.ingest import Ingest
    import pyarrow.json as pj

    jsonl = corpus.write_jsonl(os.path.join(WORK, f"ingest-{size_mb}mb.jsonl"), size_mb * 10**6)
    parquet = corpus.write_parquet(os.path.join(WORK, f"ingest-{size_mb}mb.parquet"), size_mb * 10**6)
    text_bytes = None
    rows = ["| input | file MB | text MB | docs | seconds | text MB/s |", "|---|---|---|---|---|---|"]
    for path in (jsonl, parquet):
        start = time.monotonic()
        ingest = Ingest(expand_inputs([path]), ReadOptions(), io.StringIO())
        docs = chars_bytes = 0
        for batch in ingest.batches(512, 4_000_000):  # record batches of input rows
            docs += batch.num_rows
            chars_bytes += batch.column("text").nbytes - 4 * (batch.num_rows + 1)  # UTF-8 bytes, not offsets
        seconds = time.monotonic() - start
        text_bytes = chars_bytes
        rows.append(f"| {os.path.basename(path)} | {os.path.getsize(path) / 1e6:.0f} | {chars_bytes / 1e6:.0f} | "
                    f"{docs:,} | {seconds:.2f} | **{chars_bytes / 1e6 / seconds:.0f}** |")
    start = time.monotonic()
    pj.read_json(jsonl)
    seconds = time.monotonic() - start
    rows.append(f"| baseline: pyarrow.json.read_json (no per-record checks) | {os.path.getsize(jsonl) / 1e6:.0f} | "
                f"{text_bytes / 1e6:.0f} | | {seconds:.2f} | {text_bytes / 1e6 / seconds:.0f} |")
    return ["## Ingest throughput", "",
            f"Reading only (decode, JSON/Parquet parse, NFC check, ids, batching), one process, "
            f"generated {size_mb} MB Korean corpus. Target ≥ 50 MB/s.", ""] + rows


KIWI_ALONE = """
import json, sys, time
from kiwipiepy import Kiwi
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
kiwi = Kiwi(num_workers=2, load_typo_dict=False, load_multi_dict=False)
start = time.monotonic()
for _ in kiwi.tokenize(texts):
    pass
print(time.monotonic() - start)
"""


def children_cpu() -> float:
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_between_kiwi(cmd: list[str], jsonl: str):
    """Run ``cmd`` between two runs of Kiwi alone on ``jsonl``: this machine's speed drifts by tens
    of per cent over minutes, so the run is compared with the mean of the two, in CPU seconds too.
    Returns (run seconds, run peak RSS, run CPU, [(Kiwi tokenize seconds, Kiwi CPU, Kiwi process
    seconds)] × 2, Kiwi peak). The process seconds count what the run's wall time counts too (Python
    start, imports, Kiwi's model load, reading the JSONL), which tokenize time leaves out."""
    kiwi_runs, kiwi_peak = [], 0
    for position in ("before", "after"):
        if position == "after":
            cpu = children_cpu()
            seconds, peak, _ = peak_rss_of(cmd)
            run_cpu = children_cpu() - cpu
        cpu = children_cpu()
        process, kiwi_peak, out = peak_rss_of([sys.executable, "-c", KIWI_ALONE, jsonl])
        kiwi_runs.append((float(out.strip().splitlines()[-1]), children_cpu() - cpu, process))
    return seconds, peak, run_cpu, kiwi_runs, kiwi_peak


def bench_run(size_mb: int = int(os.environ.get("BENCH_RUN_MB", 50)), workers: int = 2) -> list[str]:
    """The whole run next to Kiwi alone (one Kiwi, 2 threads, same texts, same dictionaries)."""
    jsonl = corpus.write_jsonl(os.path.join(WORK, f"run-{size_mb}mb.jsonl"), size_mb * 10**6)
    ws = os.path.join(WORK, "run-ws")
    cmd = [sys.executable, "-m", "curator.cli", "run", jsonl, "--out", ws, "--overwrite", "--workers", str(workers)]
    seconds, peak, run_cpu, kiwi_runs, kiwi_peak = run_between_kiwi(cmd, jsonl)
    kiwi_tokenize = sum(r[0] for r in kiwi_runs) / 2
    kiwi_cpu = sum(r[1] for r in kiwi_runs) / 2
    stats = json.loads(subprocess.run([sys.executable, "-m", "curator.cli", "stats", ws, "--json"],
                                      capture_output=True, text=True, cwd=ROOT).stdout)
    mb = os.path.getsize(jsonl) / 1e6
    docs = stats["documents"]
    split = json.load(open(os.path.join(ws, "workspace.json"), encoding="utf-8"))["analysis_cpu"]
    other = run_cpu - split["kiwi"] - split["signals"] - split["driver"]
    return ["## `curator run` end to end vs Kiwi alone", "",
            f"Generated {mb:.0f} MB Korean JSONL (real sentences; `BENCH_RUN_MB` sets the size), {workers} workers. "
            f"`curator run` wall time includes process start, Kiwi loading, reading, all signals, PII, "
            f"Parquet writing and verdicts; Kiwi alone is `Kiwi(num_workers=2).tokenize(texts)` on the "
            f"same texts (tokenize time only, model load excluded). Target: run ≥ 0.9 × Kiwi alone, "
            f"peak RSS ≤ 1.5 GB per worker.", "",
            "| what | MB | docs | seconds | MB/s | docs/s | peak RSS |", "|---|---|---|---|---|---|---|",
            f"| curator run (`{' '.join(cmd[4:])}`) | {mb:.0f} | {docs:,} | {seconds:.1f} | **{mb / seconds:.2f}** | "
            f"{docs / seconds:,.0f} | {peak / 2**20:.0f} MiB (tree, {workers} workers + driver) |",
            f"| Kiwi alone, 2 threads (mean of a run before and after: {kiwi_runs[0][0]:.1f} / {kiwi_runs[1][0]:.1f} s) | "
            f"{mb:.0f} | {docs:,} | {kiwi_tokenize:.1f} | **{mb / kiwi_tokenize:.2f}** | "
            f"{docs / kiwi_tokenize:,.0f} | {kiwi_peak / 2**20:.0f} MiB |",
            "", f"Ratio run / Kiwi-alone throughput (wall): **{kiwi_tokenize / seconds:.2f}**. CPU seconds: run "
            f"{run_cpu:.0f} (all processes, incl. start, model loads, dedup, verdicts) vs Kiwi alone {kiwi_cpu:.0f} "
            f"(incl. its model load): ratio **{kiwi_cpu / run_cpu:.2f}**.", "",
            "The same run's own CPU split (`analysis_cpu` in workspace.json, measured inside the run, so "
            "immune to the machine's drift between separate runs): Kiwi in the workers (tokenize + reading "
            f"its tokens) {split['kiwi']:.0f} CPU-s, the other signals {split['signals']:.0f}, driver "
            f"{split['driver']:.0f}, the rest (process starts, model loads, dedup, verdicts) {other:.0f}: "
            f"Kiwi is **{split['kiwi'] / run_cpu:.2f}** of all CPU the run used."]


def _real_jsonl(path: str, rows: list[dict], size_mb: float) -> str:
    """Real documents repeated (each copy its own id) to about ``size_mb`` MB of text."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    target, written, copy = size_mb * 10**6, 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < target:
            for row in rows:
                fh.write(json.dumps({"id": f"{row['id']}~{copy}", "text": row["text"]}, ensure_ascii=False) + "\n")
                written += len(row["text"].encode("utf-8"))
                if written >= target:
                    break
            copy += 1
    return path


def bench_run_real(size_mb: float = float(os.environ.get("BENCH_REAL_MB", 12)), workers: int = 2) -> list[str]:
    """``curator run`` next to Kiwi alone on real text of the styles a lab crawls, and on real help
    pages; with the share of documents (and characters) each analysis step reads. Per text: Kiwi
    alone, the run (default local mode: stream), Kiwi alone, the run with the process pool
    (``CURATOR_LOCAL_MODE=pool``, the mode before), Kiwi alone; each run against the mean of the
    two Kiwi runs beside it (this machine drifts within minutes)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from order_model import realtext, reference

    web = [r for r in realtext() if len(r["text"]) >= 100]
    docs = [r for r in reference(os.path.join(ROOT, ".cache", "reference.jsonl")) if r["style"] in ("help", "manual")]
    lines = ["## `curator run` vs Kiwi alone on real text", "",
             f"Real documents repeated to about {size_mb:g} MB (`BENCH_REAL_MB`; each copy its own id, so dedup "
             f"has clusters to build): web = resources/realtext (Wikipedia, Wikinews, comment pages, reviews, blog, "
             f"chat; documents of ≥ 100 characters), help = the reference's help pages and manuals (`make reference`). "
             f"`--workers {workers}`, default preset (web). Local modes: **stream** (the default: one process, one Kiwi "
             f"whose {workers} threads share its model, next batches queued in Kiwi while Python computes the signals "
             f"of the previous one) and pool (`CURATOR_LOCAL_MODE=pool`: {workers} processes, each its own "
             f"single-threaded Kiwi; the mode before). Kiwi alone: `Kiwi(num_workers=2).tokenize(texts)` on the same "
             f"texts. Per text, one after another: Kiwi alone, run (stream), Kiwi alone, run (pool), Kiwi alone; each "
             f"run is compared with the mean of the two Kiwi runs beside it (this machine drifts). Two wall ratios: "
             f"against Kiwi's tokenize call alone, and against Kiwi's whole process (Python start, imports, model "
             f"load, reading the JSONL: what the run's own wall time counts). Load: the 1-minute load average when "
             f"the run started (2 cores; other work on the machine slows both sides).", "",
             "| text | mode | MB | docs | run s | Kiwi tokenize s | Kiwi process s | run / Kiwi tokenize (wall) | "
             "**run / Kiwi process (wall)** | CPU Kiwi / run | Kiwi share of run CPU | load | "
             "Kiwi analysed (docs / chars) | word order scored (docs / chars) | second Kiwi pass | peak RSS (tree) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, rows in (("web", web), ("help pages", docs)):
        if not rows:
            lines.append(f"| {label} | – | – | – | – | – | – | missing input (make reference) | | | | | | | | |")
            continue
        jsonl = _real_jsonl(os.path.join(WORK, f"real-{label.split()[0]}.jsonl"), rows, size_mb)
        kiwi_runs = [_kiwi_alone(jsonl)]
        for mode in ("stream", "pool"):
            ws = os.path.join(WORK, f"real-{label.split()[0]}-{mode}-ws")
            cmd = [sys.executable, "-m", "curator.cli", "run", jsonl, "--out", ws, "--overwrite", "--workers", str(workers)]
            shutil.rmtree(ws, ignore_errors=True)  # a fresh workspace each time
            load = os.getloadavg()[0]
            cpu = children_cpu()
            os.environ["CURATOR_LOCAL_MODE"] = mode
            try:
                seconds, peak, _ = peak_rss_of(cmd)
            finally:
                del os.environ["CURATOR_LOCAL_MODE"]
            run_cpu = children_cpu() - cpu
            kiwi_runs.append(_kiwi_alone(jsonl))
            beside = kiwi_runs[-2:]
            kiwi, kiwi_cpu, kiwi_process = (sum(r[k] for r in beside) / 2 for k in range(3))
            split = json.load(open(os.path.join(ws, "workspace.json"), encoding="utf-8"))["analysis_cpu"]
            table = pa_concat([pq.read_table(p, columns=["n_chars", "n_morphs", "order_gain_upper"])
                               for p in sorted(glob.glob(os.path.join(ws, "documents", "*.parquet")))])
            chars = table.column("n_chars").to_numpy(zero_copy_only=False)

            def share(mask, chars=chars) -> str:
                return f"{mask.mean():.2f} / {chars[mask].sum() / max(chars.sum(), 1):.2f}"
            analysed = table.column("n_morphs").to_numpy(zero_copy_only=False) > 0
            scored = pc.is_valid(table.column("order_gain_upper")).to_numpy(zero_copy_only=False)
            mb = os.path.getsize(jsonl) / 1e6
            name = "**stream** (default)" if mode == "stream" else "pool (before)"
            lines.append(f"| {label} | {name} | {mb:.1f} | {table.num_rows:,} | {seconds:.1f} | {kiwi:.1f} | "
                         f"{kiwi_process:.1f} | {kiwi / seconds:.2f} | **{kiwi_process / seconds:.2f}** | "
                         f"{kiwi_cpu / run_cpu:.2f} | {split['kiwi'] / run_cpu:.2f} | {load:.1f} | {share(analysed)} | "
                         f"{share(scored)} (no Kiwi call) | none (0 docs) | {peak / 2**30:.1f} GiB |")
    lines += ["", "Every document is tokenized by Kiwi once (\"Kiwi analysed\": documents with at least one morpheme); "
              "the word-order signal reads those tokens (bench/order_eval.py: ~1 % of Kiwi's CPU); the earlier second "
              "Kiwi pass (two shuffled windows) ran on 80 % of real web documents and is gone. \"Kiwi share of run "
              "CPU\": Kiwi's CPU as the run measures it (`analysis_cpu` in workspace.json; in stream mode Kiwi's "
              "threads, chunking and reading its tokens) over all CPU of the run's process tree."]
    return lines


def _kiwi_alone(jsonl: str) -> tuple[float, float, float]:
    """(tokenize seconds, CPU seconds, process seconds) of Kiwi alone on ``jsonl``."""
    cpu = children_cpu()
    process, _, out = peak_rss_of([sys.executable, "-c", KIWI_ALONE, jsonl])
    return float(out.strip().splitlines()[-1]), children_cpu() - cpu, process


def pa_concat(tables):
    import pyarrow as pa
    return pa.concat_tables(tables)


def bench_reevaluate(n_rows: int = 1_000_000) -> list[str]:
    """Threshold re-evaluation on 1M rows of generated signals (no analysis)."""
    import numpy as np

    from curator.config import DEFAULT_CONFIG
    from curator.filters.rules import rules_from_config
    import pyarrow as pa

    from curator.workspace.verdict import Verdicts

    rng = np.random.default_rng(0)
    columns = {r.signal: rng.random(n_rows) * (2 * (r.max or r.min or 1)) for r in rules_from_config(DEFAULT_CONFIG)}
    columns["n_chars"] = rng.integers(0, 5000, n_rows).astype(float)
    columns["n_words"] = rng.integers(0, 2000, n_rows).astype(float)
    columns["morph_lm_score"] = -rng.random(n_rows) * 15
    # one cluster of two in every 20 rows: counting re-chooses their representatives, as the app does
    clusters = pa.array([f"c{i // 2}" if i % 20 < 2 else None for i in range(n_rows)], pa.string())
    start = time.perf_counter()
    verdicts = Verdicts(DEFAULT_CONFIG, pa.table({"id": pa.array([str(i) for i in range(n_rows)]),
                                                  "dup_cluster": clusters, **columns}))
    build = time.perf_counter() - start
    timings = []
    for step in range(7):
        start = time.perf_counter()
        counts = verdicts.counts({"length:min_chars": (100 + 50 * step, None)})
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    verdicts.reasons_column()
    full = time.perf_counter() - start
    return ["## Threshold re-evaluation (1M rows)", "",
            f"{n_rows:,} rows × {len(columns)} generated signal columns, {len(rules_from_config(DEFAULT_CONFIG))} rules, "
            f"{n_rows // 20:,} two-member clusters. The verdict engine (`Verdicts`, what `apply`, export and the app "
            f"use). Target < 100 ms per count.", "",
            "| operation | median ms | max ms |", "|---|---|---|",
            f"| build the engine (rule masks, clusters) | {1000 * build:.0f} | |",
            f"| counts with one rule moved, representatives re-chosen (`Verdicts.counts`) | **{1000 * sorted(timings)[3]:.0f}** | {1000 * max(timings):.0f} |",
            f"| the `reasons` list column of every row (`Verdicts.reasons_column`) | {1000 * full:.0f} | |",
            "", f"(last count: {counts.kept:,} kept of {counts.documents:,})"]


def bench_filters() -> list[str]:
    import eval_filters
    from curator.config import DEFAULT_CONFIG
    from curator.filters.defaults import STARTING_RULES

    return ["## Filter quality", "", "Clean real Korean per style (the calibration reference), the labelled set "
            "`tests/data/labelled.jsonl` (built by `tests/data/make_labelled.py`) and Debian's gimp-help-ko pages, "
            "default thresholds (`python bench/eval_filters.py`).", ""] + eval_filters.markdown(
                DEFAULT_CONFIG, {**DEFAULT_CONFIG, "rules": STARTING_RULES})


def bench_memory(sizes=(int(os.environ.get("BENCH_MEM_SMALL_MB", 5)), int(os.environ.get("BENCH_MEM_LARGE_MB", 50))),
                 workers: int = 2) -> list[str]:
    rows = ["| input MB | seconds | MB/s | peak RSS (process tree) |", "|---|---|---|---|"]
    peaks = []
    for size in sizes:
        jsonl = corpus.write_jsonl(os.path.join(WORK, f"mem-{size}mb.jsonl"), size * 10**6, seed=size)
        ws = os.path.join(WORK, f"mem-ws-{size}")
        seconds, peak, _ = peak_rss_of([sys.executable, "-m", "curator.cli", "run", jsonl, "--out", ws,
                                        "--overwrite", "--workers", str(workers)])
        peaks.append(peak)
        rows.append(f"| {os.path.getsize(jsonl) / 1e6:.0f} | {seconds:.1f} | {os.path.getsize(jsonl) / 1e6 / seconds:.1f} | "
                    f"{peak / 2**20:.0f} MiB |")
    growth = (peaks[-1] - peaks[0]) / 2**20
    return ["## Streaming memory", "",
            f"Peak RSS of `curator run` (driver + {workers} workers) at two input sizes. "
            f"Target: flat within ~200 MB. Measured growth: **{growth:+.0f} MiB** for 10× the input.", ""] + rows


def bench_export(size_mb: int = int(os.environ.get("BENCH_EXPORT_MB", 200))) -> list[str]:
    """``export`` (read parts, verdicts, redaction, split, bounded shards, sha256, card) next to a
    plain ``pyarrow.parquet.write_table(zstd)`` of the same exported table."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    import synthetic_ws
    from curator.export.export import export_workspace

    ws = synthetic_ws.make_workspace(os.path.join(WORK, f"export-ws-{size_mb}"), size_mb * 10**6)
    out = os.path.join(WORK, "export-out")
    timings = []
    for _ in range(3):  # median of three: the first run also pays imports and a cold page cache
        shutil.rmtree(out, ignore_errors=True)
        start = time.monotonic()
        manifest = export_workspace(ws, out, 256 * 10**6, val_fraction=0.01, seed=0, show_progress=False)
        timings.append(time.monotonic() - start)
    seconds = sorted(timings)[1]
    mb = manifest["totals"]["text_bytes"] / 1e6
    table = pa.concat_tables([pq.read_table(os.path.join(out, s["file"])) for s in manifest["shards"]])
    plain = os.path.join(WORK, "plain.parquet")
    start = time.monotonic()
    pq.write_table(table, plain, compression="zstd")
    plain_seconds = time.monotonic() - start
    start = time.monotonic()
    parts = [pq.read_table(p, columns=["id", "text", "source", "meta", "kept"]) for p in ws.part_paths()]
    copied = pa.concat_tables([t.filter(t.column("kept")).drop_columns(["kept"]) for t in parts])
    pq.write_table(copied, plain, compression="zstd")
    copy_seconds = time.monotonic() - start
    return ["## Export throughput", "",
            f"Synthetic workspace of {size_mb} MB generated Korean text (`bench/synthetic_ws.py`, no "
            f"analysis), {manifest['totals']['documents']:,} documents, 10 % removed, every tenth with a "
            f"phone number to redact; `--shard-size 256MB --val-fraction 0.01`. Target: ≥ 0.7 × plain write.", "",
            "| step | exported text MB | seconds | MB/s |", "|---|---|---|---|",
            f"| `curator export` (read parts, verdicts + decisions, redact, split, shards, sha256, card) | "
            f"{mb:.0f} | {seconds:.2f} | **{mb / seconds:.0f}** |",
            f"| plain `pq.write_table(zstd)` of the same exported table (in memory → one file) | {mb:.0f} | "
            f"{plain_seconds:.2f} | {mb / plain_seconds:.0f} |",
            f"| plain read of the parts + filter kept + `write_table(zstd)` (no redaction, split, bound, meta parse) | "
            f"{mb:.0f} | {copy_seconds:.2f} | {mb / copy_seconds:.0f} |",
            "", f"Ratio export / plain write: **{plain_seconds / seconds:.2f}**; export / plain read+write: "
            f"**{copy_seconds / seconds:.2f}** "
            f"({manifest['totals']['shards']} shards, {manifest['totals']['bytes'] / 1e6:.0f} MB on disk)."]


def _signatures_worker(args):
    texts, config = args
    import pyarrow as pa

    from curator.dedup.minhash import text_hashes
    from curator.dedup.stage import dedup_settings, hasher
    return hasher(dedup_settings(config)).signatures(pa.array(texts, pa.string())), text_hashes(texts)


def bench_dedup(n_docs: int = int(os.environ.get("BENCH_DEDUP_DOCS", 200_000)),
                datasketch_docs: int = int(os.environ.get("BENCH_DATASKETCH_DOCS", 20_000))) -> list[str]:
    """Near-dup stage end to end (normalize, shingle, signatures in 2 processes, LSH, clusters)
    next to datasketch (MinHash + MinHashLSH, same shingles/perms/threshold) on the same corpus."""
    import multiprocessing

    import numpy as np

    import dedup_corpus
    from curator.config import DEFAULT_CONFIG
    from curator.dedup.lsh import find_clusters

    config = DEFAULT_CONFIG
    d = config["dedup"]
    texts = dedup_corpus.documents(n_docs)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    start = time.monotonic()
    batches = [(texts[i:i + 2000], config) for i in range(0, len(texts), 2000)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_signatures_worker, batches)
    signature_seconds = time.monotonic() - start
    signatures = np.concatenate([r[0] for r in results])
    hashes = np.array([h for r in results for h in r[1]], dtype=np.int64)
    del results
    import tracemalloc  # numpy reports its allocations to tracemalloc
    tracemalloc.start()
    start = time.monotonic()
    clusters = find_clusters(signatures, hashes, d["bands"], d["rows"], d["threshold"])
    cluster_seconds = time.monotonic() - start
    cluster_extra = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    total = signature_seconds + cluster_seconds
    n_clusters = int((clusters.sizes() >= 2).sum())
    in_clusters = int(clusters.in_cluster().sum())
    signature_bytes = signatures.nbytes

    from datasketch import MinHash, MinHashLSH
    import re
    sub = texts[:datasketch_docs]
    start = time.monotonic()
    lsh = MinHashLSH(threshold=d["threshold"], num_perm=d["num_perm"])
    for i, text in enumerate(sub):
        words = re.sub(r"[^\w\s]|_", " ", text.lower()).split()
        shingles = {" ".join(words[j:j + 5]) for j in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=d["num_perm"])
        m.update_batch([s.encode("utf-8") for s in shingles])
        lsh.query(m)
        lsh.insert(str(i), m)
    ds_seconds = time.monotonic() - start
    ours = n_docs / total
    theirs = datasketch_docs / ds_seconds
    per_million = (signature_bytes + cluster_extra) / n_docs * 1e6 / 2**20
    return ["## Near-duplicate stage", "",
            f"{n_docs:,} generated Korean documents ({mb:.0f} MB, ≈ {mb * 1e6 / n_docs:,.0f} B each; every 10th "
            f"followed by a 5 %-edited copy, every 20th by an exact copy: `bench/dedup_corpus.py`). "
            f"Word 5-gram shingles, {d['num_perm']} hashes, LSH {d['bands']} × {d['rows']}, confirm at "
            f"estimated Jaccard ≥ {d['threshold']}. Target ≥ 20k docs/s and ≥ 10× datasketch.", "",
            "| step | docs | seconds | docs/s |", "|---|---|---|---|",
            f"| normalize + shingle + signatures (2 processes) | {n_docs:,} | {signature_seconds:.1f} | {n_docs / signature_seconds:,.0f} |",
            f"| LSH + confirm + clusters (driver) | {n_docs:,} | {cluster_seconds:.1f} | {n_docs / cluster_seconds:,.0f} |",
            f"| **curator near-dup stage, end to end** | {n_docs:,} | {total:.1f} | **{ours:,.0f}** |",
            f"| datasketch 2.0 MinHash + MinHashLSH (same shingles, {d['num_perm']} perms, one process) | "
            f"{datasketch_docs:,} (first) | {ds_seconds:.1f} | {theirs:,.0f} |",
            "", f"Speed-up over datasketch: **{ours / theirs:.0f}×**. Found {n_clusters:,} clusters holding "
            f"{in_clusters:,} documents ({len(clusters.pairs):,} confirmed pairs).",
            f"Memory per million documents: signatures {signature_bytes / n_docs * 1e6 / 2**20:.0f} MiB "
            f"(a memory map in `WS/dedup/`) + clustering working set {cluster_extra / n_docs * 1e6 / 2**20:.0f} MiB "
            f"(tracemalloc peak of `find_clusters`) = **{per_million:.0f} MiB**; 10M documents ≈ {per_million * 10 / 1024:.1f} GiB."]


def _gui_workspace(kind: str, n_rows: int) -> tuple[str, str]:
    """A generated workspace of ``n_rows`` documents, short (≈ 300 bytes) or real-size (≈ 2 KB)."""
    import itertools

    import synthetic_ws

    root = os.path.join(WORK, f"gui-ws-{n_rows}" + ("" if kind == "short" else f"-{kind}"))
    existed = os.path.exists(os.path.join(root, "workspace.json"))
    start = time.monotonic()
    documents = (corpus.short_documents(n_rows) if kind == "short"
                 else itertools.islice(corpus.documents(10 ** 15), n_rows))
    synthetic_ws.make_workspace(root, 0, documents=documents, spread=True)
    return root, "reused from bench/work" if existed else f"built in {time.monotonic() - start:.0f} s"


def bench_gui(n_rows: int = int(os.environ.get("BENCH_GUI_ROWS", 1_000_000))) -> list[str]:
    """The desktop app on generated workspaces of ``n_rows`` documents (no analysis): short ones
    for the table and threshold figures, real-size ones for the time until the window is ready."""
    root, build = _gui_workspace("short", n_rows)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gui_bench.py"), root], capture_output=True,
                         text=True, cwd=ROOT, env=env, check=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    shot = os.path.join(WORK, "gui-ready.png")
    ready, peak, _ = peak_rss_of([sys.executable, "-m", "curator.cli", "gui", root, "--screenshot", shot])
    big_root, big_build = _gui_workspace("2kb", n_rows)
    big_size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(big_root, "documents", "*.parquet")))
    # this machine's timing wanders (1.8-2.9 s for the same run): one warm-up (a freshly built
    # workspace is not in the page cache yet), then the median of five, and the range
    peak_rss_of([sys.executable, "-m", "curator.cli", "gui", big_root, "--screenshot", shot])
    big_runs = sorted((peak_rss_of([sys.executable, "-m", "curator.cli", "gui", big_root, "--screenshot", shot])[:2]
                       for _ in range(5)), key=lambda run: run[0])
    big_ready, big_peak = big_runs[2]
    big_range = f"{big_runs[0][0]:.2f}–{big_runs[-1][0]:.2f}"
    return ["## Desktop app on a large workspace", "",
            f"{r['rows']:,} generated short Korean documents (`bench/synthetic_ws.py`, signals drawn around "
            f"their thresholds, {build}), offscreen Qt, `bench/gui_bench.py`; and {n_rows:,} real-size documents "
            f"(≈ 2 KB of real sentences each, {big_size / 2**30:.1f} GiB of Parquet, {big_build}) for the time "
            "until the window is ready.", "",
            "| measure | figure | target |", "|---|---|---|",
            f"| open the workspace (`WorkspaceView` + table model + panels) | **{r['open_s']:.2f} s** | < 2 s |",
            f"| first paint of the table with data (from the start of opening) | **{r['first_paint_s']:.2f} s** | < 2 s |",
            f"| fetch of one block of {r['block_rows']} text previews (a worker's job, row groups not cached), median / p90 | "
            f"**{r['fetch_ms_median']:.1f}** / {r['fetch_ms_p90']:.1f} ms | < 16 ms per page |",
            f"| scroll to a random page ({r['page_rows']} rows) until its previews are painted, median / p90 | "
            f"{r['scroll_page_ms_median']:.1f} / {r['scroll_page_ms_p90']:.1f} ms | |",
            f"| threshold re-count (`{r['rule']}`), median / max of 20 | **{r['recount_ms_median']:.1f}** / "
            f"{r['recount_ms_max']:.1f} ms | < 100 ms |",
            f"| drag step → counts label (30 ms coalescing + worker), median | {r['drag_to_label_ms_median']:.0f} ms | |",
            f"| \"ready\": `curator gui WS --screenshot` as a whole process (start, open, first paint, save), short documents | "
            f"{ready:.2f} s, peak RSS {peak / 2**20:.0f} MiB | |",
            f"| \"ready\", the same, {n_rows:,} documents of ≈ 2 KB, median of 5 after a warm-up (range) | **{big_ready:.2f} s** "
            f"({big_range}), peak RSS {big_peak / 2**20:.0f} MiB | ≤ 2.0 s, quiet machine |"]


def bench_scale(size_mb: int = int(os.environ.get("BENCH_SCALE_MB", 20)), workers: int = 2) -> list[str]:
    """The whole ``curator run`` with the local and the Ray executor on one generated corpus:
    wall time, MB/s and peak RSS of the process tree (driver, workers or Ray's processes).
    ``BENCH_SCALE_MB=2000 python bench/run.py --only scale`` is the large run (≈ 2 h per executor
    on 2 cores: analysis runs at Kiwi's speed)."""
    jsonl = corpus.write_jsonl(os.path.join(WORK, f"scale-{size_mb}mb.jsonl"), size_mb * 10**6, seed=7)
    mb = os.path.getsize(jsonl) / 1e6
    rows = ["| executor | input MB | seconds | MB/s | peak RSS (process tree) | per worker |", "|---|---|---|---|---|---|"]
    tables = {}
    for executor in ("local", "ray"):
        ws = os.path.join(WORK, f"scale-ws-{executor}")
        seconds, peak, _ = peak_rss_of([sys.executable, "-m", "curator.cli", "run", jsonl, "--out", ws, "--overwrite",
                                        "--workers", str(workers), "--executor", executor])
        rows.append(f"| {executor} | {mb:.0f} | {seconds:.1f} | **{mb / seconds:.2f}** | {peak / 2**20:,.0f} MiB | "
                    f"{peak / workers / 2**20:,.0f} MiB |")
        import pyarrow as pa
        import pyarrow.parquet as pq
        parts = sorted(os.path.join(ws, "documents", f) for f in os.listdir(os.path.join(ws, "documents")))
        tables[executor] = pa.concat_tables([pq.read_table(p) for p in parts])
    same = tables["local"].equals(tables["ray"])
    return ["## Scale: local and Ray executors", "",
            f"`curator run` on a generated {mb:.0f} MB Korean corpus ({tables['local'].num_rows:,} documents), "
            f"{workers} workers each, whole process tree measured (for Ray: driver, raylet, GCS and the actors). "
            f"Documents tables identical: **{same}**. Target: peak RSS ≤ 1.5 GB per worker plus the dedup index. "
            f"The large run is `BENCH_SCALE_MB=2000 python bench/run.py --only scale`.", ""] + rows


def bench_package() -> list[str]:
    """The packaged app (``make package``): unpacked size and its largest parts, start to first
    paint and ``curator run`` throughput, each against the venv on the same machine and minutes."""
    import tarfile
    import tempfile

    archives = sorted(glob.glob(os.path.join(ROOT, "dist", "hangul-curator-*-linux-x86_64.tar.gz")), key=os.path.getmtime)
    if not archives:
        subprocess.run(["make", "package"], cwd=ROOT, check=True, capture_output=True)
        archives = sorted(glob.glob(os.path.join(ROOT, "dist", "hangul-curator-*-linux-x86_64.tar.gz")), key=os.path.getmtime)
    archive = archives[-1]
    root = tempfile.mkdtemp(prefix="pkg-", dir=WORK)
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="tar")
    bundle = glob.glob(os.path.join(root, "*", "hangul-curator"))[0]
    exe = os.path.join(bundle, "hangul-curator")

    def size(path: str) -> int:
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs
                   if not os.path.islink(os.path.join(d, f))) if os.path.isdir(path) else os.lstat(path).st_size
    internal = os.path.join(bundle, "_internal")
    parts = sorted(((size(os.path.join(internal, n)), n) for n in os.listdir(internal)), reverse=True)[:8]
    total = size(bundle)
    demo = os.path.join(WORK, "pkg-demo-ws")
    subprocess.run([sys.executable, "-m", "curator.cli", "run", os.path.join(ROOT, "resources", "corpus"), "--out", demo,
                    "--overwrite"], check=True, capture_output=True, cwd=ROOT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def timed(cmd: list[str], repeat: int = 3) -> float:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=WORK)
            runs.append(time.perf_counter() - start)
        return sorted(runs)[len(runs) // 2]
    shot = os.path.join(WORK, "pkg-shot.png")
    venv_gui = timed([sys.executable, "-m", "curator.cli", "gui", demo, "--screenshot", shot])
    bundle_gui = timed([exe, "gui", demo, "--screenshot", shot])
    corpus_path = corpus.write_jsonl(os.path.join(WORK, "pkg-5mb.jsonl"), 5_000_000)
    venv_run = timed([sys.executable, "-m", "curator.cli", "run", corpus_path, "--out", os.path.join(WORK, "pkg-run-venv"),
                      "--overwrite", "--workers", "2"], repeat=1)
    bundle_run = timed([exe, "run", corpus_path, "--out", os.path.join(WORK, "pkg-run-bundle"), "--overwrite", "--workers", "2"],
                       repeat=1)
    shutil.rmtree(root, ignore_errors=True)
    return ["## Packaged app (`make package`)", "",
            f"`{os.path.basename(archive)}` ({os.path.getsize(archive) / 2**20:.0f} MiB), unpacked "
            f"**{total / 2**20:.0f} MiB = {total / 1e6:.0f} MB** (target ≤ 450 MB). Largest parts: "
            + ", ".join(f"{name} {n / 2**20:.0f}" for n, name in parts) + " MiB.", "",
            "| measure | venv | bundle | ratio | target |", "|---|---|---|---|---|",
            f"| `gui WS --screenshot` on the demo workspace, whole process, median of 3 | {venv_gui:.2f} s | "
            f"{bundle_gui:.2f} s | {bundle_gui / venv_gui:.2f} | ≤ 1.5 |",
            f"| `curator run --workers 2`, 5 MB generated Korean | {venv_run:.1f} s | {bundle_run:.1f} s | "
            f"{bundle_run / venv_run:.2f} | ≈ 1 |"]


def bench_gui_stalls() -> list[str]:
    """The longest UI-thread stall per workflow, idle and with both cores loaded by other
    processes, on heavy documents and on real web text (``bench/gui_stalls.py``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gui_stalls.py"), os.path.join(WORK, "gui-stalls"),
                          "--repeat", "3"], capture_output=True, text=True, cwd=ROOT, env=env, check=True).stdout
    return stall_table(json.loads(out.strip().splitlines()[-1]))


def stall_table(r: dict) -> list[str]:
    """bench/results.md's stall section from ``bench/gui_stalls.py``'s JSON."""
    names = list(dict.fromkeys(n for ws in r["stall_ms"].values() for n in ws if not n.startswith("_")))

    def cell(ws: str, name: str, run: str) -> str:
        m = r["stall_ms"].get(ws, {}).get(name, {}).get(run)
        if not m or m.get("max") is None:
            return "–"
        text = f"{m['max']:.0f} / {m['median']:.0f}"
        return f"**{text}**" if m["max"] > r["budget_ms"] else text
    spaces = list(r["stall_ms"])
    head = " | ".join(f"{ws} {run}" for ws in spaces for run in ("idle", "loaded"))
    rows = [f"| {name} | " + " | ".join(cell(ws, name, run) for ws in spaces for run in ("idle", "loaded")) + " |"
            for name in names]
    docs = ", ".join(f"{ws}: {v['documents']:,} documents, longest {v['longest_document_chars']:,} characters"
                     for ws, v in r["workspaces"].items())
    return ["## Desktop app: UI-thread stalls, idle and with both cores loaded", "",
            f"`bench/gui_stalls.py` ({docs}; offscreen Qt). A 2 ms timer ticks on the UI thread; a workflow's stall "
            f"is the longest gap between ticks until its result is painted; each workflow {r['repeats']} times, max / "
            f"median in ms; loaded: {r['load_processes']} busy-loop processes on {r['cores']} cores (cores kept busy by "
            "other processes: " + ", ".join(f"{k} {v}" for k, v in r["other_processes_cores"].items())
            + f"). Budget **{r['budget_ms']} ms**; over it in bold; worst: "
            + ", ".join(f"{k} {v:.0f} ms" for k, v in r["worst_ms"].items()) + ".", "",
            f"| workflow | {head} |", "|---" * (1 + 2 * len(spaces)) + "|", *rows]


def bench_learn() -> list[str]:
    """Simulated curators (``bench/simulated_curator.py``): F1 of the model learnt from decisions
    per curator, random and informative order, clean and with 10 % of decisions flipped; the cost
    of scoring against Kiwi's; a whole ``learn`` on generated documents."""
    out = os.path.join(WORK, "simulated_curator.json")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "simulated_curator.py"), "--out", out],
                   check=True, capture_output=True, cwd=ROOT)
    r = json.load(open(out, encoding="utf-8"))
    scale = json.loads(subprocess.run([sys.executable, os.path.join(ROOT, "bench", "simulated_curator.py"),
                                       "--scale", "100000"], check=True, capture_output=True, cwd=ROOT,
                                      text=True).stdout.strip().splitlines()[-1])
    return ["## Learning from decisions: simulated curators", "", *learn_table(r), "",
            f"`curator learn` on {scale['documents']:,} generated documents of about 2 KB ({scale['parquet_mb']} MB of "
            f"Parquet, 600 decisions, 2 scoring processes): **{scale['learn_s']} s**, "
            f"{scale['per_million_s']} s per million documents."]


def learn_table(r: dict) -> list[str]:
    """The per-curator table of ``simulated_curator.py``'s JSON (learnt model's F1 on held-out
    documents; rules + model and the fixed rules beside it at 200 decisions)."""
    rows = ["| curator (rejects) | docs (rejected) | order | 50 | 100 | 200 | 400 | rules alone / rules + model at 200 | "
            "informative reaches random's F1 at 100 / 200 / 400 after |", "|---|---|---|---|---|---|---|---|---|"]
    for name, c in r["curators"].items():
        match = " / ".join(str(v["active_decisions"] or ">400") for v in c["decisions_to_match"].values())
        for order in ("random", "active"):
            f = c[order]
            cells = " | ".join(f"{f[n]['learned']:.3f}" if n in f else "–" for n in ("50", "100", "200", "400"))
            at200 = f.get("200", {})
            rows.append(f"| {name} ({c['rejects']}) | {c['documents']} ({c['rejected_share']:.0%}) | "
                        f"{'informative' if order == 'active' else 'random'} | {cells} | "
                        f"{at200.get('rules', 0):.3f} / {at200.get('rules+learned', 0):.3f} | "
                        f"{match if order == 'active' else ''} |")
    if "cost" in r:
        cost = r["cost"]
        rows += ["", f"Scoring with the model costs {cost['score_s']:.3f} s for {cost['mb']} MB ({cost['documents']} "
                 f"documents) against Kiwi's {cost['kiwi_s']:.2f} s on the same text: **{cost['ratio']:.1%}** of Kiwi "
                 f"(target ≤ 10 %). Training as `curator learn` does (penalty and C by cross-validation, then the final "
                 f"fit) on {r['training']['decisions']:,} decisions: **{r['training']['seconds']} s**."]
    return rows


def bench_decontaminate() -> list[str]:
    """Benchmark decontamination (issue 31): recall and false positives on real KLUE items and real
    documents (``bench/decontam_eval.py``), the choice of n and share, speed and memory against
    100,000 items."""
    import decontam_eval as D
    from curator.decontam.index import MatchSettings

    default = MatchSettings()
    docs, bench = D.realtext(), D.klue_items()
    r = D.evaluate(default, 400, 0, docs, bench)
    rows = []
    for n, share, ref in ((8, 0.4, 30), (10, 0.4, 30), (13, 0.4, 30), (15, 0.4, 30), (16, 0.4, 30),
                          (15, 0.4, 1), (15, 0.3, 30), (15, 0.5, 30), (10, 0.4, 1), (10, 0.5, 40)):
        s = MatchSettings(n=n, min_item_chars=max(n, int(share * ref) + 1), min_share=share, ref_chars=ref)
        e = r if s == default else D.evaluate(s, 200, 0, docs, bench)
        rows.append(f"| {n} | {share:g} | {ref} | {e['items_checked'] / e['items']:.1%} | "
                    + " | ".join(f"{e['recall'][v]:.3f}" for v in D.VARIANTS)
                    + f" | {e['false_positive_rate']:.2%} ({e['false_positive_docs']}) | "
                      f"{e['unrelated_false_positive_rate']:.2%} ({e['unrelated_false_positive_docs']}) |"
                    + (" **default**" if s == default else ""))
    sp = D.speed(settings=default)
    return ["## Benchmark decontamination", "",
            f"`bench/decontam_eval.py`: the KLUE dev items of `resources/benchmarks` ({r['items']:,} distinct; "
            f"{r['items_checked']:,} of ≥ {default.min_item_chars} normalised characters are looked for) inserted into "
            f"the real documents of `resources/realtext` ({r['per_variant']} per variant; a doc and an item drawn at "
            "random): verbatim, re-spaced (spaces dropped or added), punctuation changed and the item broken over "
            "lines, and half an item (cut at the space nearest its middle). False positives: documents marked among "
            f"the {r['clean_docs']:,} real documents that hold no whole item (“strict”), and among the "
            f"{r['unrelated_docs']:,} that share no 20-character passage with an item (“unrelated”: KLUE NLI cut its "
            "premises from Korean Wikinews, where our news documents come from, so some of them hold edited "
            "premises; they are real contamination).", "",
            "| n | share > | ref chars | items checked | verbatim | re-spaced | punctuation/lines | half | "
            "false pos. strict | false pos. unrelated |", "|---|---|---|---|---|---|---|---|---|---|", *rows, "",
            f"Real contamination in the committed text: {r['holding_found']} of the {r['holding_docs']} documents "
            "that hold a whole KLUE item (the review sentences KLUE took from Airbnb, Wikinews articles holding a "
            "premise) are found.", "",
            f"Speed (one process, numpy {sp['numpy']}): {sp['items']:,} items (KLUE's, sentences of half the real "
            f"documents, spliced halves of two such sentences), {sp['ngrams']:,} distinct {default.n}-grams, index built "
            f"in {sp['build_s']:.1f} s; matching {sp['haystack_mb']:.1f} MB of the other half's documents "
            f"({sp['docs']:,} documents, {sp['docs_marked']:,} marked: they share a sentence with the items made from the other half) took "
            f"{sp['cpu_s']:.2f} s CPU ({sp['seconds']:.2f} s wall): **{sp['mb_per_s']:.1f} MB/s per core** "
            f"(target ≥ 20).", "",
            f"Memory: the index holds 14 bytes per distinct n-gram plus a two-probe filter of 32–64 bits per n-gram: "
            f"{sp['index_mb']:.1f} MB for these 100,000 items, **{sp['mb_per_million_items']:.0f} MB per million "
            f"items** of this size (~{sp['ngrams_per_item']:.0f} n-grams each); building it peaks at "
            f"{sp['build_peak_mb']:.0f} MB (items hashed {20_000:,} at a time), matching a batch of "
            f"{sp['batch_docs']:,} documents adds {sp['match_peak_mb']:.0f} MB."]


def bench_write_once() -> list[str]:
    """What apply, decide, import and export read and write on a million documents (write_once.py)."""
    import write_once
    return write_once.bench_write_once()


SECTIONS = {"ingest": bench_ingest, "run": bench_run, "run_real": bench_run_real, "reevaluate": bench_reevaluate,
            "filters": bench_filters, "memory": bench_memory, "export": bench_export,
            "dedup": bench_dedup, "gui": bench_gui, "gui_stalls": bench_gui_stalls, "package": bench_package,
            "scale": bench_scale, "learn": bench_learn, "decontaminate": bench_decontaminate,
            "write_once": bench_write_once}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS))
    args = parser.parse_args()
    chosen = args.only or list(SECTIONS)
    existing = {}
    if os.path.exists(RESULTS) and args.only:
        # keep the sections we do not re-run
        current, name = [], None
        for line in open(RESULTS, encoding="utf-8").read().splitlines():
            if line.startswith("<!-- section:"):
                name = line.split(":", 1)[1].strip(" ->")
                current = existing.setdefault(name, [])
            elif name:
                current.append(line)
    out = ["# Benchmark results", "", f"Machine: {machine()}", f"Written by `make bench` "
           f"(`python bench/run.py`) on {time.strftime('%Y-%m-%d %H:%M')}.", ""]
    for name in SECTIONS:
        if name in chosen:
            print(f"bench: {name} ...", flush=True)
            lines = SECTIONS[name]() + [""]
            print("\n".join(lines), flush=True)
        elif name in existing:
            lines = existing[name]
        else:
            continue
        out += [f"<!-- section: {name} -->"] + lines
    with open(RESULTS, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out).rstrip() + "\n")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()

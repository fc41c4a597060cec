"""``make bench``: measure, and write the figures to bench/results.md.

Sections (run all, or pick with ``--only NAME``): ingest (reader throughput, JSONL and Parquet),
run (the whole ``curator run`` end to end), memory (peak RSS at 50 MB vs 500 MB input).
"""

import argparse
import io
import json
import os
import platform
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
    from curator.io.readers import ReadOptions
    from curator.pipeline.ingest import Ingest
    import pyarrow.json as pj

    jsonl = corpus.write_jsonl(os.path.join(WORK, f"ingest-{size_mb}mb.jsonl"), size_mb * 10**6)
    parquet = corpus.write_parquet(os.path.join(WORK, f"ingest-{size_mb}mb.parquet"), size_mb * 10**6)
    text_bytes = None
    rows = ["| input | file MB | text MB | docs | seconds | text MB/s |", "|---|---|---|---|---|---|"]
    for path in (jsonl, parquet):
        start = time.monotonic()
        ingest = Ingest([path], ReadOptions(), io.StringIO())
        docs = chars_bytes = 0
        for batch in ingest.batches(512, 4_000_000):
            docs += len(batch.ids)
            chars_bytes += sum(len(t.encode("utf-8")) for t in batch.texts)
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


def bench_run(size_mb: int = 50, workers: int = 2) -> list[str]:
    jsonl = corpus.write_jsonl(os.path.join(WORK, f"run-{size_mb}mb.jsonl"), size_mb * 10**6)
    ws = os.path.join(WORK, "run-ws")
    cmd = [sys.executable, "-m", "curator.cli", "run", jsonl, "--out", ws, "--overwrite", "--workers", str(workers)]
    seconds, peak, _ = peak_rss_of(cmd)
    stats = json.loads(subprocess.run([sys.executable, "-m", "curator.cli", "stats", ws, "--json"],
                                      capture_output=True, text=True, cwd=ROOT).stdout)
    mb = os.path.getsize(jsonl) / 1e6
    return ["## `curator run` end to end", "",
            f"`curator run` on a generated {mb:.0f} MB JSONL corpus, {workers} workers "
            f"(command: `{' '.join(cmd[2:])}`).", "",
            "| MB | docs | seconds | MB/s | docs/s | peak RSS (process tree) |", "|---|---|---|---|---|---|",
            f"| {mb:.0f} | {stats['documents']:,} | {seconds:.1f} | **{mb / seconds:.1f}** | "
            f"{stats['documents'] / seconds:,.0f} | {peak / 2**20:.0f} MiB |"]


def bench_memory(sizes=(50, 500), workers: int = 2) -> list[str]:
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


SECTIONS = {"ingest": bench_ingest, "run": bench_run, "memory": bench_memory}


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

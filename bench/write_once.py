"""What each command after `run` reads and writes on a million documents (issue 29).

The analysis parts are written once; `apply`, `decide`, `decisions import`, `learn` and `export`
write the small derived table (or nothing, or the export) and must leave every part as it was.
Each command runs in its own process, which reports its own I/O (``/proc/self/io``: ``rchar`` and
``wchar`` count every byte passed to read/write, page cache included, Python's own imports too) at
exit; the parts' inode, size and modification time are compared before and after.

    python bench/write_once.py [N_ROWS]        (bench/run.py --only write_once writes the table)
"""

import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
WRAPPER = ("import sys, curator.cli\n"
           "sys.argv = ['curator'] + sys.argv[1:]\n"
           "try:\n    code = curator.cli.main()\n"
           "finally:\n    sys.stderr.write('\\nIO ' + open('/proc/self/io').read().replace('\\n', ' ') + '\\n')\n"
           "sys.exit(code)\n")


def measured(*args: str) -> dict:
    """Run ``curator ARGS`` in a process of its own; its wall time and its own I/O counters."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if done.returncode:
        raise SystemExit(f"curator {' '.join(args)} failed: {done.stderr[-2000:]}")
    tokens = next(line for line in done.stderr.splitlines() if line.startswith("IO ")).split()[1:]
    fields = {key.rstrip(":"): int(value) for key, value in zip(tokens[::2], tokens[1::2])}
    return {"seconds": seconds, "rchar": fields["rchar"], "wchar": fields["wchar"]}


STAGES = ("import curator.progress, sys\n"
          "marks = []\n"
          "def io():\n"
          "    fields = dict(l.split(': ') for l in open('/proc/self/io').read().splitlines())\n"
          "    return int(fields['rchar']), int(fields['wchar'])\n"
          "stage = curator.progress.Progress.stage\n"
          "def marked(self, text):\n"
          "    marks.append((text.split(';')[0][:60], *io()))\n"
          "    return stage(self, text)\n"
          "curator.progress.Progress.stage = marked\n"
          "import curator.cli\n"
          "sys.argv = ['curator'] + sys.argv[1:]\n"
          "try:\n    code = curator.cli.main()\n"
          "finally:\n    marks.append(('end', *io()))\n"
          "    sys.stderr.write('\\nSTAGES ' + repr(marks) + '\\n')\n"
          "sys.exit(code)\n")


def run_stages(inputs: list[str], out: str) -> tuple[float, list[tuple[str, int, int]]]:
    """``curator run`` with the driver's own I/O counters read at each stage it announces."""
    import ast
    shutil.rmtree(out, ignore_errors=True)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", STAGES, "run", *inputs, "--out", out, "--workers", "2"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"curator run failed: {done.stderr[-2000:]}")
    marks = ast.literal_eval(next(line for line in done.stderr.splitlines() if line.startswith("STAGES "))[7:])
    return time.monotonic() - start, marks


def bench_run_io() -> list[str]:
    """Bytes the run's driver reads and writes in each stage, against the parts' size."""
    real = os.path.join(ROOT, "resources", "realtext")
    inputs = sorted(os.path.join(real, n) for n in os.listdir(real) if n.endswith(".jsonl.gz"))
    out = os.path.join(WORK, "write-once-run-ws")
    seconds, marks = run_stages(inputs, out)
    parts = sum(os.path.getsize(os.path.join(out, "documents", n)) for n in os.listdir(os.path.join(out, "documents")))
    derived = os.path.getsize(os.path.join(out, "derived.parquet"))
    rows = []
    for (name, r0, w0), (_, r1, w1) in zip(marks, marks[1:]):
        rows.append(f"| {name} | {(r1 - r0) / 1e6:,.1f} | {(w1 - w0) / 1e6:,.1f} |")
    return ["", f"`curator run` on resources/realtext (every `*.jsonl.gz`, 2 workers, {seconds:.0f} s): the driver's own "
            f"I/O between the stages it announces (the workers read no file; the driver writes the parts). Parts: "
            f"{parts / 1e6:,.1f} MB, derived.parquet {derived / 1e6:,.2f} MB.", "",
            "| stage (from its start to the next) | MB read | MB written |", "|---|---|---|", *rows]


def part_stamps(ws: str) -> dict:
    folder = os.path.join(ws, "documents")
    return {n: (os.stat(os.path.join(folder, n)).st_ino, os.stat(os.path.join(folder, n)).st_size,
                os.stat(os.path.join(folder, n)).st_mtime_ns) for n in sorted(os.listdir(folder))}


def workspace(n_rows: int) -> tuple[str, str]:
    import corpus
    import synthetic_ws

    root = os.path.join(WORK, f"write-once-ws-{n_rows}")
    existed = os.path.exists(os.path.join(root, "derived.parquet"))
    start = time.monotonic()
    synthetic_ws.make_workspace(root, 0, documents=corpus.short_documents(n_rows), spread=True)
    return root, "reused from bench/work" if existed else f"built in {time.monotonic() - start:.0f} s"


def bench_write_once(n_rows: int = int(os.environ.get("BENCH_WRITE_ONCE_ROWS", 1_000_000))) -> list[str]:
    ws, how = workspace(n_rows)
    parts_bytes = sum(s for _, s, _ in part_stamps(ws).values())
    tmp = os.path.join(WORK, "write-once-tmp")
    os.makedirs(tmp, exist_ok=True)
    moved = os.path.join(tmp, "moved.yaml")
    with open(moved, "w", encoding="utf-8") as fh:
        fh.write("rules:\n  length:min_chars: {min: 120}\n")
    back = os.path.join(tmp, "back.yaml")
    with open(back, "w", encoding="utf-8") as fh:
        fh.write("rules:\n  length:min_chars: {min: 100}\n")
    ids = [f"doc-{i:08d}" for i in range(0, n_rows, max(1, n_rows // 1000))][:1000]
    decisions = os.path.join(tmp, "decisions.jsonl")
    with open(decisions, "w", encoding="utf-8") as fh:
        for n, doc_id in enumerate(ids):
            fh.write(json.dumps({"id": doc_id, "decision": "reject" if n % 2 else "accept"}) + "\n")
    out = os.path.join(tmp, "export")
    steps = [("stats (a reader, for scale)", ["stats", ws]),
             ("apply, one threshold moved", ["apply", ws, "--config", moved]),
             ("apply, moved back", ["apply", ws, "--config", back]),
             ("decide, one document", ["decide", ws, ids[3], "reject"]),
             ("decisions import, 1,000 decisions", ["decisions", "import", ws, decisions]),
             ("export", ["export", ws, "--out", out])]
    rows = []
    for name, args in steps:
        before = part_stamps(ws)
        derived = os.path.join(ws, "derived.parquet")
        if args[0] == "export" and os.path.isdir(out):
            shutil.rmtree(out)
        r = measured(*args)
        same = part_stamps(ws) == before
        rows.append(f"| {name} | {r['seconds']:.1f} | {r['rchar'] / 1e6:,.0f} | {r['wchar'] / 1e6:,.1f} | "
                    f"{os.path.getsize(derived) / 1e6:.1f} | {'yes' if same else '**no**'} |")
    return [
        "## Write-once parts: what each command reads and writes (1M documents)", "",
        f"`bench/write_once.py`: {n_rows:,} generated short Korean documents (`bench/synthetic_ws.py`, {how}), "
        f"{len(part_stamps(ws))} parts, {parts_bytes / 1e6:,.0f} MB of Parquet. Each command in its own process; "
        f"read/written: the process's own `rchar`/`wchar` (`/proc/self/io`: every byte passed to read/write, "
        f"Python's imports and the page cache included: `stats`, which reads only light columns, shows the "
        f"floor). Parts untouched: the same inode, size and modification time before and after. The "
        f"generated signals leave few documents kept, so the export is small; it writes outside the "
        f"workspace.", "",
        "| command | seconds | MB read | MB written | derived.parquet MB after | parts untouched |",
        "|---|---|---|---|---|---|", *rows] + bench_run_io() + [""]


if __name__ == "__main__":
    print("\n".join(bench_write_once(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)))

"""Nothing lost, nothing deleted: concurrent writers, unfinished runs, foreign files, failed runs and
exports, full disks, orphaned workers (issue 18, data loss). Every test drives the real CLI."""

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pyarrow.parquet as pq
import pytest

from conftest import RESOURCES, ROOT, documents_table, run_cli, write_jsonl
from curator.workspace.layout import Workspace
from curator.workspace.store import DecisionStore

CORPUS = os.path.join(RESOURCES, "corpus")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mount namespaces for a full disk need root")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A finished workspace of the sample corpus, copied by each test that writes to it."""
    ws = tmp_path_factory.mktemp("template") / "ws"
    small = tmp_path_factory.mktemp("cfg") / "small.yaml"
    small.write_text("run:\n  part_rows: 10\n", encoding="utf-8")  # several parts: writers meet on some
    result = run_cli("run", CORPUS, "--out", str(ws), "--workers", "1", "--config", str(small))
    assert result.returncode == 0, result.stderr
    return ws


@pytest.fixture
def ws(template, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(template, copy)
    return copy


def _ids(ws) -> list[str]:
    return documents_table(ws).column("id").to_pylist()


def _python(code: str, env: dict | None = None) -> subprocess.Popen:
    full_env = dict(os.environ, **(env or {}))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_parallel_writers_of_every_kind_never_corrupt_the_workspace(ws, tmp_path):
    """decide ×4, apply, export and the app's flush at once (before: 96 of 100 decides failed and a
    part was left unreadable, "Parquet magic bytes not found")."""
    ids = _ids(ws)
    groups = [ids[i::4] for i in range(4)]
    deciders = [_python(f"""
        from curator.cli import main
        codes = [main(["decide", {str(ws)!r}, doc, {"'reject'" if g % 2 else "'accept'"}, "--note", "병렬 {g}"])
                 for doc in {group!r}]
        assert codes == [0] * len(codes), codes
        """) for g, group in enumerate(groups)]
    config = tmp_path / "strict.yaml"
    config.write_text("rules:\n  length:min_chars: {signal: n_chars, min: 300}\n", encoding="utf-8")
    appliers = [_python(f"""
        from curator.cli import main
        assert all(main(["apply", {str(ws)!r}, "--config", {str(config)!r}]) == 0 for _ in range(3))
        """)]
    exporters = [_python(f"""
        from curator.cli import main
        assert all(main(["export", {str(ws)!r}, "--out", {str(tmp_path / "export")!r}]) == 0 for _ in range(2))
        """)]
    gui_writers = [_python(f"""
        from curator.workspace.view import WorkspaceView
        view = WorkspaceView({str(ws)!r})  # the app's read model: its flush is the GUI's write
        for _ in range(3):
            view.dirty = True
            view.flush()
        view.close()
        """)]
    for proc in deciders + appliers + exporters + gui_writers:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["length:min_chars"]["min"] == 300  # the app's flush kept apply's value
    table = documents_table(ws)  # every part readable
    assert table.num_rows == len(ids)
    assert not [p for p in os.listdir(ws / "documents") if not p.startswith("part-")]  # no temp debris
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["decisions"] == {"accept": len(groups[0]) + len(groups[2]), "reject": len(groups[1]) + len(groups[3])}
    rows = {r["id"]: r for r in table.select(["id", "kept", "reasons"]).to_pylist()}
    for g, group in enumerate(groups):
        for doc in group:  # every row agrees with the store
            if g % 2:
                assert not rows[doc]["kept"] and "review:rejected" in rows[doc]["reasons"], doc
            else:
                assert rows[doc]["kept"] and rows[doc]["reasons"] == [], doc
    assert run_cli("export", str(ws), "--out", str(tmp_path / "final")).returncode == 0
    assert run_cli("verify", str(tmp_path / "final")).returncode == 0
    exported = pq.read_table(tmp_path / "final" / "data").num_rows
    assert exported == stats["kept"]


def test_a_busy_workspace_names_its_holder(ws):
    from curator.workspace.lock import write_lock

    with write_lock(str(ws), "curator gui"):
        busy = run_cli("decide", str(ws), _ids(ws)[0], "reject", env={"CURATOR_LOCK_WAIT": "0.5"})
    assert busy.returncode == 1
    assert f"workspace busy: held by PID {os.getpid()} (curator gui)" in busy.stderr
    assert len(busy.stderr.strip().splitlines()) == 1
    assert run_cli("decide", str(ws), _ids(ws)[0], "reject").returncode == 0  # released: goes through


@pytest.mark.parametrize("point", ["analysed", "dedup", "meta"])
def test_an_interrupted_run_is_refused_until_resumed(tmp_path, point):
    ws = tmp_path / "ws"
    small = tmp_path / "small.yaml"
    small.write_text("run:\n  part_rows: 10\n", encoding="utf-8")
    killed = run_cli("run", CORPUS, "--out", str(ws), "--workers", "1", "--config", str(small),
                     env={"CURATOR_KILL_AT": point})
    assert killed.returncode == -9
    some_id = pq.read_table(ws / "documents" / "part-00000.parquet").column("id")[0].as_py()
    config = tmp_path / "c.yaml"
    config.write_text("rules: {}\n", encoding="utf-8")
    for args in (["stats", str(ws)], ["export", str(ws), "--out", str(tmp_path / "e")],
                 ["apply", str(ws), "--config", str(config)], ["decide", str(ws), some_id, "reject"],
                 ["gui", str(ws), "--screenshot", str(tmp_path / "s.png")],
                 ["tokenizer", "train", str(ws), "--vocab-size", "300", "--out", str(tmp_path / "t")],
                 ["run", CORPUS, "--out", str(tmp_path / "ws2"), "--dedup-against", str(ws)]):
        refused = run_cli(*args)
        assert refused.returncode == 1, args
        assert "run did not finish" in refused.stderr and "curator run --resume" in refused.stderr, args
    assert not (tmp_path / "e").exists() and not (tmp_path / "ws2").exists()
    assert run_cli("run", CORPUS, "--out", str(ws), "--workers", "1", "--config", str(small),
                   "--resume").returncode == 0
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["removed_by_family"].get("dedup", 0) > 0  # the duplicates are found now


def test_export_deletes_only_its_own_files(ws, tmp_path):
    out = tmp_path / "export"
    (out / "data").mkdir(parents=True)
    (out / "data" / "users.csv").write_text("id,phone\n1,010-1234-5678\n", encoding="utf-8")
    (out / "manifest.json").write_text('{"someone": "else"}', encoding="utf-8")
    refused = run_cli("export", str(ws), "--out", str(out))
    assert refused.returncode == 1 and "holds no earlier export" in refused.stderr
    assert (out / "data" / "users.csv").exists() and (out / "manifest.json").read_text() == '{"someone": "else"}'

    ours = tmp_path / "ours"
    assert run_cli("export", str(ws), "--out", str(ours)).returncode == 0
    (ours / "data" / "users.csv").write_text("id\n1\n", encoding="utf-8")
    refused = run_cli("export", str(ws), "--out", str(ours))
    assert refused.returncode == 1 and "users.csv: not written by curator export" in refused.stderr
    assert (ours / "data" / "users.csv").exists()
    flagged = run_cli("verify", str(ours))  # a loader of data/ would read it: the export is not clean
    assert flagged.returncode == 1 and "users.csv: not listed in the manifest" in flagged.stderr
    os.remove(ours / "data" / "users.csv")
    (ours / "NOTES.txt").write_text("내 메모", encoding="utf-8")
    again = run_cli("export", str(ws), "--out", str(ours), "--shard-size", "64KB")
    assert again.returncode == 0, again.stderr
    assert (ours / "NOTES.txt").read_text(encoding="utf-8") == "내 메모"
    assert run_cli("verify", str(ours)).returncode == 0


def test_run_overwrite_replaces_only_a_workspace_and_only_its_files(ws, tmp_path):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "thesis.txt").write_text("졸업 논문 초고", encoding="utf-8")
    refused = run_cli("run", CORPUS, "--out", str(thesis), "--overwrite")
    assert refused.returncode == 1 and "is not a workspace" in refused.stderr
    assert (thesis / "thesis.txt").read_text(encoding="utf-8") == "졸업 논문 초고"

    first = _ids(ws)[0]
    assert run_cli("decide", str(ws), first, "reject", "--note", "광고").returncode == 0
    (ws / "my-notes.md").write_text("keep me", encoding="utf-8")
    replaced = run_cli("run", CORPUS, "--out", str(ws), "--overwrite", "--workers", "1")
    assert replaced.returncode == 0, replaced.stderr
    assert "replaced the earlier workspace" in replaced.stdout
    assert "1 decisions and 1 notes were carried over, 1 decisions match" in replaced.stdout
    assert (ws / "my-notes.md").read_text(encoding="utf-8") == "keep me"
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 0, "reject": 1}
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".ws.curator")]  # no staging left
    dropped = run_cli("run", CORPUS, "--out", str(ws), "--overwrite", "--workers", "1", "--drop-decisions")
    assert dropped.returncode == 0 and "were dropped (--drop-decisions)" in dropped.stdout
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 0, "reject": 0}


def _decided_workspace(ws, n: int = 5) -> dict:
    ids = _ids(ws)[:n]
    for i, doc in enumerate(ids):
        assert run_cli("decide", str(ws), doc, "reject" if i % 2 else "accept", "--note", f"메모 {i}").returncode == 0
    return json.loads(run_cli("stats", str(ws), "--json").stdout)


@pytest.mark.parametrize("failure", ["text-field", "missing-input", "input-inside", "killed-analysing", "killed-finishing"])
def test_a_failed_overwrite_leaves_the_old_workspace_and_its_decisions(ws, tmp_path, failure):
    """Issue 27: `run --overwrite` deleted the old workspace, decisions included, before the new run
    had succeeded. Now the new one is built beside it and swapped in at success only."""
    before = _decided_workspace(ws)
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "대한민국은 민주공화국이다. " * 20}])
    args, env = [src, "--text-field", "nope"], None
    if failure == "missing-input":
        args = [str(tmp_path / "nowhere.jsonl")]
    elif failure == "input-inside":
        args = [str(ws / "documents")]
    elif failure == "killed-analysing":
        args, env = [CORPUS], {"CURATOR_KILL_AT": "batch:1"}
    elif failure == "killed-finishing":
        args, env = [CORPUS], {"CURATOR_KILL_AT": "meta"}
    failed = run_cli("run", *args, "--out", str(ws), "--overwrite", "--workers", "1", env=env)
    assert failed.returncode != 0
    if failure == "input-inside":
        assert "lies inside the output" in failed.stderr
    after = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert after == before and after["decisions"] == {"accept": 3, "reject": 2}
    assert len(DecisionStore.for_workspace(Workspace(str(ws))).notes()) == 5
    again = run_cli("run", CORPUS, "--out", str(ws), "--overwrite", "--workers", "1")  # a leftover is cleared
    assert again.returncode == 0, again.stderr
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 3, "reject": 2}
    assert sorted(os.listdir(tmp_path)) == sorted(n for n in os.listdir(tmp_path) if not n.startswith(".ws.curator"))


def test_a_run_does_not_read_its_own_or_another_output_inside_its_input(tmp_path, korean_docs):
    """Issue 27: `--out` inside the input folder: the second run read its own workspace and export
    back (1,115 bogus errors)."""
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "docs.jsonl", [{"text": d} for d in korean_docs])
    first = run_cli("run", str(data), "--out", str(data / "ws"), "--workers", "1")
    assert first.returncode == 0, first.stderr
    assert run_cli("export", str(data / "ws"), "--out", str(data / "export")).returncode == 0
    second = run_cli("run", str(data), "--out", str(data / "ws2"), "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert "did not read 3 folder(s) this tool wrote" in second.stdout
    one = json.loads(run_cli("stats", str(data / "ws"), "--json").stdout)
    two = json.loads(run_cli("stats", str(data / "ws2"), "--json").stdout)
    assert (two["documents"], two["errors"]) == (one["documents"], one["errors"]) == (len(korean_docs), 0)
    again = run_cli("run", str(data), "--out", str(data / "ws2"), "--workers", "1", "--overwrite")
    assert again.returncode == 0, again.stderr
    assert json.loads(run_cli("stats", str(data / "ws2"), "--json").stdout)["documents"] == len(korean_docs)


def test_a_run_that_fails_at_once_leaves_nothing_and_names_the_fields(tmp_path, korean_docs):
    src = write_jsonl(tmp_path / "d.jsonl", [{"body": d, "title": "제목"} for d in korean_docs])
    ws = tmp_path / "ws"
    failed = run_cli("run", src, "--out", str(ws))
    assert failed.returncode == 1
    assert "field 'text' is missing (fields: body, title)" in failed.stderr
    assert not ws.exists()
    ok = run_cli("run", src, "--out", str(ws), "--text-field", "body", "--workers", "1")
    assert ok.returncode == 0, ok.stderr


def test_a_killed_export_never_verifies_and_can_be_redone(ws, tmp_path):
    out = tmp_path / "export"
    assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
    killed = run_cli("export", str(ws), "--out", str(out), "--shard-size", "64KB",
                     env={"CURATOR_KILL_AT": "export:1"})
    assert killed.returncode == -9
    assert run_cli("verify", str(out)).returncode == 1  # the old manifest went first
    again = run_cli("export", str(ws), "--out", str(out), "--shard-size", "64KB")
    assert again.returncode == 0, again.stderr
    assert run_cli("verify", str(out)).returncode == 0


def _in_small_mount(script: str, mount: str, size: str) -> subprocess.CompletedProcess:
    """Run ``script`` (bash) in a private mount namespace with a tmpfs of ``size`` on ``mount``."""
    os.makedirs(mount, exist_ok=True)
    body = f"set -u\nmount -t tmpfs -o size={size} tmpfs {mount}\n{script}"
    return subprocess.run(["unshare", "-m", "bash", "-c", body], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@needs_root
def test_export_cut_by_a_full_disk_fails_and_does_not_verify(ws, tmp_path):
    out = tmp_path / "small"
    cli = f"{sys.executable} -m curator.cli"
    result = _in_small_mount(f"""
        {cli} export {ws} --out {out}/e --shard-size 64KB; echo "export=$?"
        {cli} verify {out}/e; echo "verify=$?"
        ls -A {out}/e/data 2>/dev/null | wc -l | sed 's/^/left=/'
        """, str(out), "48k")
    assert "export=1" in result.stdout and "verify=1" in result.stdout, result.stdout + result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert "left=0" in result.stdout  # partial shards removed


@needs_root
def test_disk_full_during_dedup_is_one_line_and_resumable(tmp_path, korean_docs):
    rows = [{"id": f"n{i}", "text": f"{korean_docs[i % len(korean_docs)]} {i}"} for i in range(3000)]
    src = write_jsonl(tmp_path / "many.jsonl", rows)
    probe = tmp_path / "probe"
    assert run_cli("run", src, "--out", str(probe), "--workers", "1").returncode == 0
    used = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(probe) for f in fs
               if "dedup" not in d)
    signatures = os.path.getsize(probe / "dedup" / "signatures.npy")
    size_kb = (used + signatures // 3) // 1024 + 64
    mount = tmp_path / "mnt"
    cli = f"{sys.executable} -m curator.cli"
    result = _in_small_mount(f"""
        {cli} run {src} --out {mount}/ws --workers 1; echo "run=$?"
        {cli} stats {mount}/ws; echo "stats=$?"
        mount -o remount,size=64m {mount}
        {cli} run {src} --out {mount}/ws --workers 1 --resume > /dev/null; echo "resume=$?"
        {cli} stats {mount}/ws --json
        """, str(mount), f"{size_kb}k")
    out = result.stdout + result.stderr
    assert "run=1" in result.stdout, out  # not 135 (SIGBUS)
    assert "cannot reserve" in result.stderr and "curator run --resume" in result.stderr, out
    assert "stats=1" in result.stdout and "resume=0" in result.stdout, out
    assert json.loads(result.stdout.strip().splitlines()[-1])["documents"] == 3000


@pytest.mark.parametrize("mode, processes", [("stream", 1), ("pool", 2)])
def test_workers_die_with_a_killed_driver(tmp_path, constitution, mode, processes):
    """Both local modes: the stream (one analysis process sharing one Kiwi between its threads, the
    default for 2 workers) and the pool (a process per worker)."""
    rows = [{"id": f"w{i}", "text": constitution[i * 37 % 5000:][:4000]} for i in range(3000)]
    src = tmp_path / "big.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    driver = subprocess.Popen([sys.executable, "-m", "curator.cli", "run", str(src), "--out",
                               str(tmp_path / "ws"), "--workers", "2"], cwd=ROOT,
                              env={**os.environ, "CURATOR_LOCAL_MODE": mode},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: list = []
        while time.monotonic() < deadline and len(workers) < processes:
            time.sleep(0.2)
            workers = [p for p in psutil.Process(driver.pid).children(recursive=True)
                       if "resource_tracker" not in " ".join(p.cmdline())]
        assert len(workers) >= processes, "the workers did not start"
        time.sleep(2)  # the workers are analysing (Kiwi loaded)
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        gone, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == [], f"{len(alive)} worker(s) outlived the driver"
    finally:
        if driver.poll() is None:
            driver.kill()


def test_a_damaged_workspace_record_says_what_recovers_it(ws, tmp_path):
    """Issue 27: a truncated workspace.json made every command say "use run --resume", and
    --resume said "unreadable workspace.json"."""
    assert run_cli("decide", str(ws), _ids(ws)[0], "reject").returncode == 0  # a write: the record is kept
    before = json.loads(run_cli("stats", str(ws), "--json").stdout)
    record = (ws / "workspace.json").read_bytes()
    (ws / "workspace.json").write_bytes(record[: len(record) // 2])
    for args in (["stats", str(ws)], ["export", str(ws), "--out", str(tmp_path / "e")], ["gui", str(ws), "--screenshot", str(tmp_path / "s.png")]):
        said = run_cli(*args)
        assert said.returncode == 1 and "workspace.json: damaged" in said.stderr and "run --resume" not in said.stderr, said.stderr
        assert "restore it with `cp " in said.stderr and said.stderr.count("\n") == 1
    command = said.stderr.split("`")[1]
    subprocess.run(command, shell=True, check=True)
    assert json.loads(run_cli("stats", str(ws), "--json").stdout) == before  # decisions included
    # with no earlier copy: make it again, and an --overwrite keeps the decisions
    (ws / "workspace.json").write_text("{", encoding="utf-8")
    (ws / "workspace.json.bak").unlink()
    said = run_cli("stats", str(ws))
    assert "no earlier copy to restore" in said.stderr
    again = run_cli("run", CORPUS, "--out", str(ws), "--overwrite", "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 0, "reject": 1}


def test_a_missing_extra_or_swapped_part_is_named_by_every_command(ws, tmp_path):
    """Issue 27: `rm part-00001.parquet` → stats said fewer documents and export wrote "of N" with no
    warning; a copied part exported duplicate ids. The run records its parts; commands check."""
    parts = sorted((ws / "documents").glob("part-*.parquet"))
    assert len(parts) >= 3
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in meta["parts"]] == [p.name for p in parts]
    moved = tmp_path / parts[1].name
    shutil.move(parts[1], moved)
    for args in (["stats", str(ws)], ["export", str(ws), "--out", str(tmp_path / "e")], ["decide", str(ws), "x", "reject"],
                 ["apply", str(ws), "--config", str(moved)]):
        said = run_cli(*args)
        assert said.returncode == 1 and f"{parts[1].name}: missing" in said.stderr, (args, said.stderr)
        assert said.stderr.count("\n") == 1
    shutil.move(moved, parts[1])
    shutil.copy(parts[0], ws / "documents" / "part-00099.parquet")  # a stray copy
    said = run_cli("stats", str(ws))
    assert said.returncode == 1 and "part-00099.parquet: not one of the workspace's" in said.stderr
    os.remove(ws / "documents" / "part-00099.parquet")
    shutil.copy(parts[-1], parts[0])  # a part replaced by another (the last part has fewer rows)
    said = run_cli("stats", str(ws))
    assert said.returncode == 1 and f"{parts[0].name}: " in said.stderr and "the run wrote" in said.stderr, said.stderr


# ------------------------------------------------------- issue 27: hostile files and commands


def _tree(root) -> dict:
    """Every file under ``root`` with its size and modification time: what a reader must not change."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = (os.path.getsize(path), os.stat(path).st_mtime_ns)
    return found


def _in_read_only(script: str, folder: str) -> subprocess.CompletedProcess:
    """Run ``script`` (bash) in a private mount namespace where ``folder`` is a read-only bind
    mount: writes fail with EROFS even for root (a chmod would not stop root)."""
    body = f"set -u\nmount --bind {folder} {folder}\nmount -o remount,ro,bind {folder} {folder}\n{script}"
    return subprocess.run(["unshare", "-m", "bash", "-c", body], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


@needs_root
def test_reading_commands_work_on_a_read_only_workspace(ws, tmp_path):
    """Issue 27: export wanted a write lock on WS/.lock ("Read-only file system"), and stats, the
    tokenizer and `decisions export` opened the decision store for writing ("unable to open
    database file"). Readers now write nothing: export takes no lock there and rewrites no part,
    its verdicts (from the engine) honour a decision no part holds yet all the same."""
    ids = _ids(ws)
    assert run_cli("decide", str(ws), ids[0], "reject", "--note", "읽기 전용 검사").returncode == 0
    store = DecisionStore.for_workspace(Workspace(str(ws)))
    store.set(ids[1], "reject")  # as the app records a decision: in the store, its part not rewritten yet
    store.close()
    expected = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert expected["decisions"]["reject"] == 2
    for leftover in ("-wal", "-shm"):  # as after the last connection closed: SQLite must make them to read
        if os.path.exists(str(ws / "decisions.sqlite") + leftover):
            os.remove(str(ws / "decisions.sqlite") + leftover)
    before = _tree(ws)
    out = tmp_path / "out"
    out.mkdir()
    cli = f"{sys.executable} -m curator.cli"
    result = _in_read_only(f"""
        touch {ws}/probe 2>/dev/null && echo "writable" || echo "read-only"
        {cli} stats {ws} --json > {out}/stats.json; echo "stats=$?"
        {cli} export {ws} --out {out}/e; echo "export=$?"
        {cli} verify {out}/e; echo "verify=$?"
        {cli} decisions export {ws} {out}/d.jsonl; echo "decisions=$?"
        {cli} tokenizer compare {ws} > /dev/null; echo "compare=$?"
        {cli} decide {ws} {ids[2]} reject; echo "decide=$?"
        QT_QPA_PLATFORM=offscreen {cli} gui {ws} --screenshot {out}/ro.png --language en; echo "gui=$?"
        """, str(ws))
    said = result.stdout + result.stderr
    assert "read-only" in result.stdout and "writable" not in result.stdout, said
    for command in ("stats", "export", "verify", "decisions", "compare", "gui"):  # the app opens it too
        assert f"{command}=0" in result.stdout, said
    assert json.loads((out / "stats.json").read_text(encoding="utf-8")) == expected
    assert "is read-only: nothing was written there" in result.stdout
    exported = pq.read_table(out / "e" / "data").column("id").to_pylist()
    assert len(exported) == expected["kept"] and ids[1] not in exported  # the store's decision, not the part's
    assert [json.loads(line)["note"] for line in (out / "d.jsonl").read_text(encoding="utf-8").splitlines()
            if json.loads(line)["id"] == ids[0]] == ["읽기 전용 검사"]
    assert "decide=1" in result.stdout and ".lock: cannot take the write lock (Read-only file system)" in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("curator")] == \
        [line for line in result.stderr.splitlines() if "cannot take the write lock" in line]  # one line, no other error
    assert _tree(ws) == before


@needs_root
def test_stats_on_a_full_disk_reads_the_decision_store_without_writing(ws, tmp_path):
    """Issue 27: with the disk full, `stats` failed with "disk I/O error" (SQLite could not make
    the store's -wal/-shm). It reads the store read-only now; a writer names the file and says the
    disk is full, in one line."""
    ids = _ids(ws)
    assert run_cli("decide", str(ws), ids[0], "reject", "--note", "디스크 가득").returncode == 0
    expected = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert expected["decisions"]["reject"] == 1
    mount = tmp_path / "mnt"
    size_kb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ws) for f in fs) // 1024 + 256
    cli = f"{sys.executable} -m curator.cli"
    result = _in_small_mount(f"""
        cp -a {ws} {mount}/ws
        rm -f {mount}/ws/decisions.sqlite-wal {mount}/ws/decisions.sqlite-shm  # SQLite must make them to read
        dd if=/dev/zero of={mount}/fill bs=4k 2>/dev/null
        df -k {mount} | tail -1 | awk '{{print "free=" $4}}'
        {cli} stats {mount}/ws --json; echo "stats=$?"
        {cli} decide {mount}/ws {ids[1]} reject; echo "decide=$?"
        """, str(mount), f"{size_kb}k")
    said = result.stdout + result.stderr
    assert "free=0" in result.stdout and "stats=0" in result.stdout, said
    assert json.loads(result.stdout.split("stats=")[0].strip().splitlines()[-1]) == expected
    assert "decide=1" in result.stdout, said
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "ws/decisions.sqlite: cannot open the decision store: the disk is full" in result.stderr, said


def test_a_killed_learn_leaves_no_temporary_behind(ws, tmp_path):
    """Issue 27: a `learn` killed while writing left `.model.npz.PID.….tmp` (or a part's or the
    record's temporary) in the workspace for good. The next writer to take the lock removes them."""
    decisions = [{"id": row["id"], "decision": "accept" if row["kept"] else "reject"}
                 for row in documents_table(ws).select(["id", "kept"]).to_pylist()]
    assert run_cli("decisions", "import", str(ws), write_jsonl(tmp_path / "d.jsonl", decisions)).returncode == 0

    def temporaries():
        return sorted(os.path.relpath(os.path.join(d, f), ws) for d, _, fs in os.walk(ws) for f in fs
                      if f.endswith(".tmp"))
    learn = ["learn", str(ws), "--min-decisions", "10", "--workers", "1"]
    killed = run_cli(*learn, env={"CURATOR_KILL_AT": "write:model.npz"})
    assert killed.returncode == -9
    assert [os.path.dirname(t) for t in temporaries()] == ["learned"]
    assert run_cli("decide", str(ws), decisions[0]["id"], "accept").returncode == 0  # any writer clears them
    assert temporaries() == []
    killed = run_cli(*learn, env={"CURATOR_KILL_AT": "write:derived.parquet"})  # learn writes no part
    assert killed.returncode == -9
    assert [os.path.dirname(t) for t in temporaries()] == [""]  # the derived table's, beside the parts
    assert run_cli("stats", str(ws)).returncode == 0 and len(temporaries()) == 1  # a reader writes nothing
    again = run_cli(*learn)
    assert again.returncode == 0, again.stderr
    assert temporaries() == [] and Workspace(str(ws)).foreign_names() == []


def _break_part(path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":  # a copy cut short: the footer is gone
        path.write_bytes(bytes(data[: len(data) // 2]))
    else:  # the footer intact, every column chunk zeroed: only reading the data shows it
        footer = int.from_bytes(data[-8:-4], "little")
        data[4: len(data) - 8 - footer] = bytes(len(data) - 12 - footer)
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("how, said", [("empty", "empty (0 bytes)"), ("truncated", "truncated or not Parquet"),
                                        ("damaged", "damaged (")])
def test_an_empty_truncated_or_damaged_part_is_named_by_every_command(ws, tmp_path, how, said):
    """Issue 27: a 0-byte or cut part gave `ArrowInvalid: Parquet file size is 0 bytes` or
    `OSError: ZSTD decompression failed` (no file named) from a workspace whose record lists no parts
    (made before parts were recorded), or whose part has its footer but not its data."""
    part = sorted((ws / "documents").glob("part-*.parquet"))[1]
    if how == "empty":  # a workspace from before parts were recorded: only reading them finds it
        meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
        del meta["parts"]
        (ws / "workspace.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    _break_part(part, how)
    config = tmp_path / "c.yaml"
    config.write_text("rules:\n  length:min_chars: {signal: n_chars, min: 120}\n", encoding="utf-8")
    for args in (["stats", str(ws)], ["export", str(ws), "--out", str(tmp_path / "e")],
                 ["apply", str(ws), "--config", str(config)], ["learn", str(ws), "--min-decisions", "1"],
                 ["tokenizer", "train", str(ws), "--vocab-size", "900", "--out", str(tmp_path / "t")],
                 ["calibrate", CORPUS, "--workspace", str(ws)]):
        result = run_cli(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.startswith(f"curator: error: {part}: {said}"), (args, result.stderr)
        assert result.stderr.count("\n") == 1, (args, result.stderr)

"""Issue 29: the analysis parts are written once, by `run`; what later commands decide lives in
the derived table (`tables.py`) beside them and the decision store. Each command that changes the verdicts
leaves every part byte-identical, while `stats`, `curator rows` and the export follow the change."""

import hashlib
import json
import os

import pyarrow.parquet as pq

from conftest import RESOURCES, documents_table, run_cli, write_jsonl


def part_digests(ws) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((ws / "documents").glob("*.parquet"))}


def rows(ws) -> dict[str, dict]:
    out = run_cli("rows", str(ws), "--columns", "id,kept,reasons,decision")
    assert out.returncode == 0, out.stderr
    return {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}


def exported_ids(ws, out) -> set[str]:
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return set(pq.read_table(out / "data").column("id").to_pylist())


def test_decide_import_apply_learn_and_export_never_rewrite_a_part(tmp_path):
    ws = tmp_path / "ws"
    config = tmp_path / "c.yaml"
    config.write_text("run:\n  part_rows: 12\n", encoding="utf-8")  # several parts
    assert run_cli("run", os.path.join(RESOURCES, "corpus"), "--out", str(ws), "--workers", "1",
                   "--config", str(config)).returncode == 0
    parts = part_digests(ws)
    assert len(parts) >= 3
    columns = pq.read_schema(next((ws / "documents").glob("*.parquet"))).names
    assert not {"kept", "reasons", "dup_cluster", "dup_reason", "repeated_line_ratio"} & set(columns)  # derived: beside
    before = rows(ws)
    kept = sorted(i for i, r in before.items() if r["kept"])
    removed = sorted(i for i, r in before.items() if not r["kept"])
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)

    # decide: the verdict, stats and rows follow; the parts do not move
    assert run_cli("decide", str(ws), kept[0], "reject").returncode == 0
    assert rows(ws)[kept[0]]["reasons"] == ["review:rejected"]
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["kept"] == stats["kept"] - 1
    joined = {r["id"]: r for r in documents_table(ws).select(["id", "kept", "reasons"]).to_pylist()}
    assert joined[kept[0]] == {"id": kept[0], "kept": False, "reasons": ["review:rejected"]}
    assert part_digests(ws) == parts

    # decisions import
    decisions = write_jsonl(tmp_path / "d.jsonl", [{"id": removed[0], "decision": "accept", "note": "가져옴"}])
    assert run_cli("decisions", "import", str(ws), decisions).returncode == 0
    assert rows(ws)[removed[0]]["kept"] and part_digests(ws) == parts

    # apply with other thresholds
    moved = tmp_path / "moved.yaml"
    moved.write_text("rules:\n  length:min_chars: {min: 1500}\n", encoding="utf-8")
    result = run_cli("apply", str(ws), "--config", str(moved))
    assert result.returncode == 0 and "no analysis part rewritten" in result.stdout, result.stderr
    after = rows(ws)
    newly = [i for i, r in after.items() if "length:min_chars" in r["reasons"] and before[i]["kept"]]
    assert newly  # kept before, removed by the moved threshold now
    assert part_digests(ws) == parts

    # learn: enough decisions of both kinds on real documents
    decided = {i: ("reject" if n % 2 else "accept") for n, i in enumerate(sorted(after)[:24])}
    write_jsonl(tmp_path / "many.jsonl", [{"id": i, "decision": d} for i, d in decided.items()])
    assert run_cli("decisions", "import", str(ws), str(tmp_path / "many.jsonl")).returncode == 0
    learned = run_cli("learn", str(ws), "--no-enable", "--workers", "1")
    assert learned.returncode == 0, learned.stderr
    quality = documents_table(ws).column("learned_quality").to_pylist()
    assert all(q is not None for q in quality)  # written beside the parts, for every document
    assert part_digests(ws) == parts

    # export follows the store and writes nothing in the workspace
    exported = exported_ids(ws, tmp_path / "out")
    now = rows(ws)
    assert exported == {i for i, r in now.items() if r["kept"]}
    assert part_digests(ws) == parts

"""``curator rows``: the stable outside view of a workspace follows every decision and threshold
at once, reads only what it is asked for and writes nothing to the workspace."""

import csv
import hashlib
import io
import json
import shutil

import pyarrow.parquet as pq
import pytest

from conftest import run_cli


@pytest.fixture()
def ws(demo, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(demo, copy)
    return copy


def snapshot(root) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def rows(ws, *args) -> list[dict]:
    result = run_cli("rows", str(ws), *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_rows_follow_a_decision_and_agree_with_stats(ws):
    before = {r["id"]: r for r in rows(ws)}
    assert len(before) == 33 and before["constitution-03"]["kept"] is True
    assert run_cli("decide", str(ws), "constitution-03", "reject", "--note", "=HYPERLINK(\"x\")").returncode == 0
    after = {r["id"]: r for r in rows(ws)}
    assert after["constitution-03"]["kept"] is False and after["constitution-03"]["reasons"] == ["review:rejected"]
    assert after["constitution-03"]["decision"] == "reject" and after["constitution-03"]["note"].startswith("=HYPER")
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert sum(r["kept"] for r in after.values()) == stats["kept"]
    assert len(rows(ws, "--removed", "--columns", "id")) == stats["removed"]
    assert len(rows(ws, "--kept", "--columns", "id")) == stats["kept"]
    for rule in ("quality:stopwords", "length:min_chars"):
        with_reason = [r["id"] for r in after.values() if rule in r["reasons"]]
        assert [r["id"] for r in rows(ws, "--rule", rule, "--columns", "id")] == with_reason and with_reason


def test_rows_follow_new_thresholds_and_give_stored_columns(ws, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"min": 1500}}}), encoding="utf-8")
    assert run_cli("apply", str(ws), "--config", str(config)).returncode == 0
    got = rows(ws, "--columns", "id,n_chars,kept,reasons")
    assert list(got[0]) == ["id", "n_chars", "kept", "reasons"]
    for r in got:
        assert ("length:min_chars" in r["reasons"]) == (r["n_chars"] < 1500)


def test_rows_write_nothing_to_the_workspace_and_escape_csv(ws, tmp_path):
    assert run_cli("decide", str(ws), "defect-short", "accept", "--note", "=1+2").returncode == 0
    before = snapshot(ws)
    out = tmp_path / "rows.csv"
    assert run_cli("rows", str(ws), "--format", "csv", "--out", str(out)).returncode == 0
    assert run_cli("rows", str(ws), "--format", "parquet", "--out", str(tmp_path / "rows.parquet"),
                   "--columns", "id,text,kept").returncode == 0
    assert snapshot(ws) == before
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    short = next(r for r in table if r["id"] == "defect-short")
    assert short["note"] == "'=1+2" and short["decision"] == "accept" and short["kept"] == "true"
    parquet = pq.read_table(tmp_path / "rows.parquet")
    assert parquet.num_rows == 33 and parquet.column_names == ["id", "text", "kept"]
    assert parquet.column("text")[0].as_py().startswith("대한민국헌법")


def test_rows_refuse_unknown_columns_and_rules_in_one_line(ws):
    bad = run_cli("rows", str(ws), "--columns", "id,hangul_ratoi")
    assert bad.returncode == 1 and "hangul_ratoi" in bad.stderr and "hangul_ratio" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    bad = run_cli("rows", str(ws), "--rule", "quality:nope")
    assert bad.returncode == 1 and "quality:nope" in bad.stderr
    assert run_cli("rows", str(ws), "--format", "parquet").returncode == 1

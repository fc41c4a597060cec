"""Resume after SIGKILL at several points gives output identical to an uninterrupted run."""

import json

import pytest

from conftest import documents_table, run_cli

SMALL_PARTS = "run:\n  batch_docs: 3\n  part_rows: 5\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, korean_docs):
    root = tmp_path_factory.mktemp("resume")
    rows = [{"id": f"d{i}", "text": korean_docs[i % len(korean_docs)] + f" 문서 {i}."} for i in range(17)]
    rows.append({"id": "copy", "text": rows[2]["text"]})  # an exact duplicate: dedup has work
    rows.insert(5, "not json")
    src = root / "docs.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
            fh.write("\n")
    config = root / "small.yaml"
    config.write_text(SMALL_PARTS, encoding="utf-8")
    reference = root / "reference"
    result = run_cli("run", str(src), "--out", str(reference), "--config", str(config), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return src, config, documents_table(reference), reference


@pytest.mark.parametrize("point", ["start", "batch:2", "part:1", "batch:5", "analysed", "dedup", "meta"])
def test_sigkill_then_resume_is_identical(corpus, tmp_path, point):
    src, config, expected, reference = corpus
    ws = tmp_path / "ws"
    killed = run_cli("run", str(src), "--out", str(ws), "--config", str(config), "--workers", "1",
                     env={"CURATOR_KILL_AT": point})
    assert killed.returncode == -9, (point, killed.returncode, killed.stderr)
    again = run_cli("run", str(src), "--out", str(ws), "--resume")
    assert again.returncode == 1 and "config changed" in again.stderr  # no --config: a different config
    resumed = run_cli("run", str(src), "--out", str(ws), "--config", str(config), "--workers", "1", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    table = documents_table(ws)
    assert table.num_rows == expected.num_rows == 18
    assert table.equals(expected)  # same ids, signals, verdicts, clusters, row by row
    assert (ws / "errors.jsonl").read_text() == (reference / "errors.jsonl").read_text()
    assert len(list((ws / "documents").glob("part-*.parquet"))) == 4


def test_resume_refuses_a_changed_input_unless_forced(corpus, tmp_path, korean_docs):
    src, config, expected, _ = corpus
    copy = tmp_path / "docs.jsonl"
    copy.write_bytes(src.read_bytes())
    ws = tmp_path / "ws"
    killed = run_cli("run", str(copy), "--out", str(ws), "--config", str(config), "--workers", "1",
                     env={"CURATOR_KILL_AT": "part:1"})
    assert killed.returncode == -9
    with open(copy, "a", encoding="utf-8") as fh:
        fh.write('{"id": "late", "text": "나중에 추가된 문서입니다."}\n')
    refused = run_cli("run", str(copy), "--out", str(ws), "--config", str(config), "--resume")
    assert refused.returncode == 1 and "input changed" in refused.stderr and "--force" in refused.stderr
    forced = run_cli("run", str(copy), "--out", str(ws), "--config", str(config), "--resume", "--force",
                     "--workers", "1")
    assert forced.returncode == 0, forced.stderr
    assert documents_table(ws).num_rows == 19


def test_resume_of_a_finished_run_changes_nothing(corpus, tmp_path):
    src, config, expected, _ = corpus
    ws = tmp_path / "ws"
    assert run_cli("run", str(src), "--out", str(ws), "--config", str(config), "--workers", "1").returncode == 0
    before = {p.name: p.stat().st_mtime_ns for p in (ws / "documents").glob("*.parquet")}
    assert run_cli("run", str(src), "--out", str(ws), "--config", str(config), "--resume").returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in (ws / "documents").glob("*.parquet")} == before

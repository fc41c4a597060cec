"""End to end through the real ``curator`` command: run, stats, errors, ids."""

import json
import os

import pytest

from conftest import RESOURCES, documents_table, run_cli, write_jsonl
from curator.config import DEFAULT_CONFIG


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    ws = tmp_path_factory.mktemp("demo") / "ws"
    result = run_cli("run", os.path.join(RESOURCES, "corpus"), "--out", str(ws), "--workers", "2")
    assert result.returncode == 0, result.stderr
    return ws, result


def test_run_on_sample_corpus(demo_ws):
    ws, result = demo_ws
    assert "documents" in result.stdout and "kept" in result.stdout
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    table = documents_table(ws)
    assert stats["documents"] == table.num_rows == stats["kept"] + stats["removed"]
    # Accounting: every input record is a row or an error line.
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert sum(i["records"] for i in meta["inputs"]) == table.num_rows
    assert sum(i["errors"] for i in meta["inputs"]) == stats["errors"] == 2
    errors = [json.loads(l) for l in (ws / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["position"] for e in errors} == {"line 14", "line 15"}
    # CP949 bills were detected and decoded.
    encodings = {os.path.basename(i["path"]): i["encoding"] for i in meta["inputs"]}
    assert encodings["1809890.txt"] in ("cp949", "euc-kr") and encodings["1809891.txt"] == "utf-8"
    bill = table.filter(table.column("source").to_numpy(zero_copy_only=False) == os.path.join("corpus", "bills", "1809890.txt"))  # relative to the input named
    assert "지방공무원법" in bill.column("text")[0].as_py()
    # Reasons follow the rules and the verdict.
    rows = {r["id"]: r for r in table.select(["id", "kept", "reasons"]).to_pylist()}
    assert "length:min_chars" in rows["defect-short"]["reasons"]
    assert "quality:jamo_runs" in rows["defect-jamo-spam"]["reasons"]
    assert "encoding:mojibake" in rows["defect-mojibake"]["reasons"]
    assert "quality:spam_terms" in rows["defect-gambling-spam"]["reasons"]
    assert "boilerplate:lines" in rows["defect-boilerplate"]["reasons"]
    assert "language:hangul_ratio" in rows["defect-english"]["reasons"]
    assert rows["constitution-03"]["kept"] and rows["constitution-03"]["reasons"] == []
    assert all(r["kept"] == (r["reasons"] == []) for r in rows.values())
    assert meta["config"]["rules"]["length:min_chars"]["min"] == 100


def test_stats_json_schema(demo_ws):
    ws, _ = demo_ws
    result = run_cli("stats", str(ws), "--json")
    assert result.returncode == 0
    stats = json.loads(result.stdout)
    assert set(stats) == {"documents", "kept", "removed", "errors", "removed_by_family",
                          "removed_by_rule", "near_dup_clusters", "decisions"}
    reasons = documents_table(ws).column("reasons").to_pylist()
    for family, count in stats["removed_by_family"].items():  # a document counts once per family
        assert count == sum(1 for rs in reasons if any(r.startswith(family + ":") for r in rs))
    assert stats["removed_by_rule"]["length:min_chars"] == sum("length:min_chars" in rs for rs in reasons)
    assert stats["removed_by_family"]["length"] > stats["removed_by_rule"]["length:min_chars"]
    assert stats["decisions"] == {"accept": 0, "reject": 0}


def test_ids_are_stable_and_unique(tmp_path, korean_docs):
    rows = [{"id": "같은-id", "text": korean_docs[0]}, {"id": "같은-id", "text": korean_docs[1]},
            {"text": korean_docs[2]}, {"id": 7, "text": korean_docs[3]}, {"id": "같은-id", "text": korean_docs[4]}]
    src = write_jsonl(tmp_path / "ids.jsonl", rows)
    ids = []
    for name in ("a", "b"):
        assert run_cli("run", src, "--out", str(tmp_path / name), "--workers", "1").returncode == 0
        ids.append(documents_table(tmp_path / name).column("id").to_pylist())
    assert ids[0] == ids[1]
    assert ids[0][:2] == ["같은-id", "같은-id~2"] and ids[0][3:] == ["7", "같은-id~3"]
    assert len(ids[0][2]) == 16


def test_config_overrides_thresholds(tmp_path, korean_docs):
    src = write_jsonl(tmp_path / "d.jsonl", [{"text": d} for d in korean_docs])
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  length:min_chars: {signal: n_chars, min: 100000}\n", encoding="utf-8")
    assert run_cli("run", src, "--out", str(tmp_path / "ws"), "--config", str(cfg)).returncode == 0
    stats = json.loads(run_cli("stats", str(tmp_path / "ws"), "--json").stdout)
    assert stats["kept"] == 0 and stats["removed_by_rule"]["length:min_chars"] == len(korean_docs)


def test_errors_are_one_line_with_exit_codes(tmp_path):
    missing = run_cli("run", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "ws"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "nope.jsonl" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = run_cli("run", "--bogus")
    assert usage.returncode == 2
    (tmp_path / "x.docx").write_bytes(b"PK")
    wrong = run_cli("run", str(tmp_path / "x.docx"), "--out", str(tmp_path / "ws2"))
    assert wrong.returncode == 1 and "x.docx" in wrong.stderr and "unsupported" in wrong.stderr
    (tmp_path / "bad.jsonl").write_text("not json\n{]\n", encoding="utf-8")
    nothing = run_cli("run", str(tmp_path / "bad.jsonl"), "--out", str(tmp_path / "ws3"))
    assert nothing.returncode == 1 and "no document could be read" in nothing.stderr
    assert "2 problem(s), first: " in nothing.stderr and "line 1: invalid JSON" in nothing.stderr
    assert not (tmp_path / "ws3").exists()  # a run that fails at once leaves nothing behind
    not_ws = run_cli("stats", str(tmp_path))
    assert not_ws.returncode == 1 and "not a workspace" in not_ws.stderr


def test_existing_workspace_is_not_clobbered(tmp_path, korean_docs):
    src = write_jsonl(tmp_path / "d.jsonl", [{"text": d} for d in korean_docs])
    assert run_cli("run", src, "--out", str(tmp_path / "ws")).returncode == 0
    again = run_cli("run", src, "--out", str(tmp_path / "ws"))
    assert again.returncode == 1 and "--overwrite" in again.stderr
    assert run_cli("run", src, "--out", str(tmp_path / "ws"), "--overwrite").returncode == 0


def test_help_for_every_command():
    for command in ("run", "stats", "apply", "decide", "export", "verify", "tokenizer", "decisions"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage" in result.stdout


def test_apply_changes_verdicts_without_reanalysis(tmp_path, korean_docs):
    src = write_jsonl(tmp_path / "d.jsonl", [{"text": d} for d in korean_docs])
    ws = tmp_path / "ws"
    assert run_cli("run", src, "--out", str(ws)).returncode == 0
    before = json.loads(run_cli("stats", str(ws), "--json").stdout)
    signals_before = documents_table(ws).drop_columns(["kept", "reasons"])
    strict = tmp_path / "strict.yaml"
    strict.write_text("rules:\n  length:min_chars: {signal: n_chars, min: 250}\n", encoding="utf-8")
    result = run_cli("apply", str(ws), "--config", str(strict))
    assert result.returncode == 0, result.stderr
    after = json.loads(run_cli("stats", str(ws), "--json").stdout)
    expected = sum(1 for d in korean_docs if len(d) < 250)
    assert after["removed_by_rule"].get("length:min_chars", 0) == expected > 0
    assert after["kept"] < before["kept"] or before["kept"] == 0
    assert documents_table(ws).drop_columns(["kept", "reasons"]).equals(signals_before)
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["length:min_chars"]["min"] == 250
    assert meta["config"]["rules"]["quality:stopwords"] == DEFAULT_CONFIG["rules"]["quality:stopwords"]  # the rest is kept

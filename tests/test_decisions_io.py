"""`curator decisions export|import`: JSONL and CSV round trips with Korean notes, all-or-nothing
imports with one-line errors, verdicts updated (SPEC.md, issue 16)."""

import csv
import json
import shutil

import pytest

from conftest import RESOURCES, documents_table, run_cli


@pytest.fixture
def ws(demo, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(demo, copy)
    return copy


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_round_trip_into_another_workspace(ws, tmp_path, suffix):
    assert run_cli("decide", str(ws), "constitution-03", "reject", "--note", "조문 일부만, \"따옴표\"\n두 줄").returncode == 0
    assert run_cli("decide", str(ws), "defect-short", "accept").returncode == 0
    from curator.workspace.layout import Workspace
    from curator.workspace.store import DecisionStore
    store = DecisionStore.for_workspace(Workspace(str(ws)))
    store.set_note("constitution-05", "결정 없이 남긴 메모")
    store.close()
    out = tmp_path / f"decisions{suffix}"
    exported = run_cli("decisions", "export", str(ws), str(out))
    assert exported.returncode == 0 and "wrote 3" in exported.stdout, exported.stderr
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"constitution-03", "defect-short", "constitution-05"}
    assert by_id["constitution-03"]["decision"] == "reject"
    assert by_id["constitution-03"]["note"] == "조문 일부만, \"따옴표\"\n두 줄"
    assert by_id["constitution-03"]["who"] and by_id["constitution-03"]["when"].startswith("20")
    assert not by_id["constitution-05"]["decision"]

    fresh = tmp_path / "fresh"
    assert run_cli("run", f"{RESOURCES}/corpus", "--out", str(fresh), "--workers", "1").returncode == 0
    imported = run_cli("decisions", "import", str(fresh), str(out))
    assert imported.returncode == 0, imported.stderr
    assert "accept 1, reject 1, notes 2" in imported.stdout
    stats = json.loads(run_cli("stats", str(fresh), "--json").stdout)
    assert stats["decisions"] == {"accept": 1, "reject": 1}
    rows = {r["id"]: r for r in documents_table(fresh).select(["id", "kept", "reasons"]).to_pylist()}
    assert not rows["constitution-03"]["kept"] and "review:rejected" in rows["constitution-03"]["reasons"]
    assert rows["defect-short"]["kept"]
    again = tmp_path / f"again{suffix}"
    assert run_cli("decisions", "export", str(fresh), str(again)).returncode == 0
    def strip(rows):
        return {(r["id"], r["decision"] or None, r["note"] or None, r["when"]) for r in rows}
    if suffix == ".jsonl":
        second = [json.loads(line) for line in again.read_text(encoding="utf-8").splitlines()]
        first = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        second = list(csv.DictReader(again.open(encoding="utf-8", newline="")))
        first = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert strip(second) == strip(first)  # the same decisions, notes and times came back


def test_import_lists_unknown_ids_and_stops_on_a_malformed_row_with_one_line_errors(ws, tmp_path):
    # a malformed row: nothing of the file is recorded
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "constitution-03", "decision": "reject"}) + "\n"
                   + json.dumps({"decision": "accept"}) + "\n", encoding="utf-8")
    result = run_cli("decisions", "import", str(ws), str(bad))
    assert result.returncode == 1 and f"{bad}:2: no id" in result.stderr
    assert "nothing imported" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 0, "reject": 0}
    # ids of another project: listed with their lines, not fatal; the known ones are recorded
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "constitution-03", "decision": "reject"}) + "\n"
                     + json.dumps({"id": "no-such-doc", "decision": "accept"}) + "\n"
                     + json.dumps({"id": "다른-과제-7", "decision": "reject"}) + "\n", encoding="utf-8")
    result = run_cli("decisions", "import", str(ws), str(other))
    assert result.returncode == 0, result.stderr
    assert "imported 1 row(s)" in result.stdout
    assert "skipped 2 row(s) whose id is not in" in result.stdout and "no-such-doc (2), 다른-과제-7 (3)" in result.stdout
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["decisions"] == {"accept": 0, "reject": 1}
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,decision\nconstitution-03,maybe\n", encoding="utf-8")
    result = run_cli("decisions", "import", str(ws), str(wrong))
    assert result.returncode == 1 and f"{wrong}:2: decision must be accept or reject" in result.stderr
    odd = tmp_path / "decisions.txt"
    odd.write_text("", encoding="utf-8")
    result = run_cli("decisions", "export", str(ws), str(odd))
    assert result.returncode == 1 and ".jsonl or .csv" in result.stderr


def test_csv_cells_a_spreadsheet_would_run_are_escaped_and_read_back_unchanged(ws, tmp_path):
    """Issue 27: notes beginning with =, +, -, @ were written as they are (=HYPERLINK(...) opens in a
    spreadsheet). OWASP's advice: a leading quote; import strips exactly one."""
    from curator.workspace.layout import Workspace
    from curator.workspace.store import DecisionStore

    notes = {"constitution-03": '=HYPERLINK("http://evil.example","클릭")', "constitution-04": "+82 10 문의",
             "constitution-05": "-2+3 계산", "constitution-06": "@관리자 확인", "constitution-07": "'인용'으로 시작",
             "constitution-08": "'=이미 따옴표", "constitution-09": "보통 메모"}
    store = DecisionStore.for_workspace(Workspace(str(ws)))
    for doc_id, note in notes.items():
        store.set(doc_id, "reject", note=note)
    store.close()
    out = tmp_path / "d.csv"
    assert run_cli("decisions", "export", str(ws), str(out)).returncode == 0
    cells = {r["id"]: r["note"] for r in csv.DictReader(out.open(encoding="utf-8", newline=""))}
    assert not [c for c in cells.values() if c[:1] in "=+-@"]  # nothing a spreadsheet would run
    assert cells["constitution-03"].startswith("'=HYPERLINK") and cells["constitution-09"] == "보통 메모"
    other = tmp_path / "other"
    shutil.copytree(ws, other)
    (other / "decisions.sqlite").unlink()
    assert run_cli("decisions", "import", str(other), str(out)).returncode == 0
    store = DecisionStore.for_workspace(Workspace(str(other)))
    assert store.notes() == notes  # read back unchanged, quotes of the writer's own included
    store.close()

"""The GUI's Qt-free read model: counts agree with the core, selection, search, sampling, decisions."""

import json
import shutil

import numpy as np
import pytest

from conftest import run_cli
from curator.workspace.store import load_decisions
from curator.workspace.view import WorkspaceView


@pytest.fixture()
def view(demo, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(demo, copy)
    v = WorkspaceView(str(copy))
    yield v
    v.close()


def test_counts_match_the_stored_verdicts(view):
    stats = json.loads(run_cli("stats", view.ws.root, "--json").stdout)
    counts = view.counts()
    assert (counts.documents, counts.kept, counts.removed) == (stats["documents"], stats["kept"], stats["removed"])
    assert counts.by_rule == stats["removed_by_rule"]


def test_moving_a_threshold_counts_what_apply_saves(view, tmp_path):
    counts = view.counts("length:min_chars", 1500, None)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"min": 1500}}}), encoding="utf-8")
    saved_ws = tmp_path / "saved"
    shutil.copytree(view.ws.root, saved_ws)
    assert run_cli("apply", str(saved_ws), "--config", str(config)).returncode == 0
    saved = json.loads(run_cli("stats", str(saved_ws), "--json").stdout)
    assert counts.kept == saved["kept"] and counts.kept < view.counts().kept
    assert counts.by_rule == saved["removed_by_rule"]
    newly_removed, newly_kept = view.flips("length:min_chars", 1500, None)
    assert len(newly_removed) == view.counts().kept - counts.kept and len(newly_kept) == 0
    assert all(view.n_chars[r] < 1500 for r in newly_removed)


def test_select_search_and_sort(view):
    removed = view.select("removed")
    assert len(removed) == view.counts().removed
    short = view.select(reason="length:min_chars")
    assert len(short) and all(view.n_chars[r] < 100 for r in short)
    bills = view.select(source="bills/")
    assert len(bills) == 10
    hits = view.search("대한민국")
    assert len(hits) >= 3 and all("대한민국" in t for t in view.texts(hits))
    ordered = view.sort(np.arange(view.n), "n_chars", descending=True)
    assert view.n_chars[ordered[0]] == view.n_chars.max()


def test_document_and_texts(view):
    row = view.row_of("constitution-01")
    doc = view.document(row)
    assert doc["id"] == "constitution-01" and doc["kept"] and doc["text"].startswith("대한민국헌법")
    assert "hangul_ratio" in doc and doc["decision"] is None
    assert view.texts([row], limit=6) == ["대한민국헌법"]


def test_decisions_undo_agreement_and_flush(view):
    row = view.row_of("constitution-03")
    kept_before = view.counts().kept
    assert view.decide(row, "reject") is None
    assert view.counts().kept == kept_before - 1 and view.reasons(row) == ["review:rejected"]
    assert load_decisions(view.ws) == {"constitution-03": "reject"}  # stored at once
    assert view.decide(row, None) == "reject"  # undo
    assert view.counts().kept == kept_before
    spam = view.row_of("defect-gambling-spam")
    view.decide(spam, "reject")
    view.decide(row, "reject")
    assert view.agreement() == (2, 0.5)
    view.flush()
    stats = json.loads(run_cli("stats", view.ws.root, "--json").stdout)
    assert stats["kept"] == kept_before - 1 and stats["decisions"]["reject"] == 2


def test_sampling_strategies_draw_from_what_the_cli_reports(view):
    """Each strategy's pool is checked against `curator rows` (the stored verdicts, read by another
    process), not against the view's own selection it is built from."""
    rows = [json.loads(line) for line in run_cli("rows", view.ws.root, "--format", "jsonl").stdout.splitlines()]
    row_of = {r["id"]: view.row_of(r["id"]) for r in rows}
    removed = {row_of[r["id"]] for r in rows if not r["kept"]}
    kept = {row_of[r["id"]] for r in rows if r["kept"]}
    with_stopwords = {row_of[r["id"]] for r in rows if "quality:stopwords" in r["reasons"]}
    assert removed and kept and with_stopwords
    assert set(view.sample("removed", view.n).tolist()) == removed  # all of them, nothing else
    assert set(view.sample("kept", view.n).tolist()) == kept
    assert set(view.sample("reason", view.n, reason="quality:stopwords").tolist()) == with_stopwords
    assert len(view.sample("removed", 3)) == 3
    # a decided document leaves the pools of documents still to review
    decided = sorted(kept)[0]
    view.decide(decided, "reject")  # removed now, by the curator
    assert decided not in set(view.sample("removed", view.n).tolist())
    assert decided in set(view.sample("removed", view.n, exclude_decided=False).tolist())
    assert decided not in set(view.sample("borderline", view.n).tolist())
    # random: every row once, the same order for the same seed, another order for another seed
    first = view.sample("random", view.n, seed=1, exclude_decided=False).tolist()
    assert sorted(first) == list(range(view.n))
    assert view.sample("random", view.n, seed=1, exclude_decided=False).tolist() == first
    assert view.sample("random", view.n, seed=2, exclude_decided=False).tolist() != first
    # borderline: nearest a threshold first, in units of the signal's spread
    borderline = view.sample("borderline", 3)
    distances = view.borderline_distance()
    undecided = np.flatnonzero(view.decision == 0)
    assert distances[borderline[0]] == distances[undecided].min()
    assert list(distances[borderline]) == sorted(distances[borderline])


def test_clusters_and_changing_the_representative(view):
    sizes = view.cluster_sizes()
    assert sizes and sizes[0][1] >= 2
    cluster = sizes[0][0]
    members = view.cluster_members(cluster)
    rep = view.representative(cluster)
    other = next(int(m) for m in members if m != rep)
    assert view.cluster_pairs(cluster)
    view.make_representative(other)
    assert other not in view.select("removed") and rep in view.select("removed")


SEARCH_DOCS = [
    "어제 오래된 파일을 모두 삭제했다. 디스크에 공간이 생겨서 새 프로그램을 설치할 수 있었다.",
    "필요 없는 기록은 관리자가 매주 삭제합니다. 삭제된 기록은 되돌릴 수 없으니 주의하십시오.",
    "삭제 버튼은 화면 오른쪽 위에 있습니다. 버튼을 누르기 전에 목록을 확인하세요.",
    "Kiwi 사용법: KIWI는 한국어 형태소 분석기이고 kiwipiepy로 파이썬에서 씁니다.",
    "친구가 이사할 때 짐 나르는 일을 도와 주었다. 저녁에는 함께 음악을 들었다.",
]


@pytest.fixture()
def search_view(tmp_path):
    source = tmp_path / "search.jsonl"
    source.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                              for i, t in enumerate(SEARCH_DOCS)), encoding="utf-8")
    assert run_cli("run", str(source), "--out", str(tmp_path / "ws")).returncode == 0
    v = WorkspaceView(str(tmp_path / "ws"))
    yield v
    v.close()


def test_search_as_typed_is_nfc_and_ignores_latin_case(search_view):
    import unicodedata

    ids = lambda rows: sorted(search_view.document(int(r))["id"] for r in rows)  # noqa: E731
    assert ids(search_view.search("kiwi")) == ["d3"]  # Kiwi, KIWI and kiwipiepy: one document
    assert ids(search_view.search(unicodedata.normalize("NFD", "삭제했다"))) == ["d0"]  # typed in NFD
    assert ids(search_view.search("삭제")) == ["d0", "d1", "d2"]
    assert ids(search_view.search("삭제", rows=np.array([1, 2, 3]))) == ["d1", "d2"]


def test_search_by_lemma_finds_inflected_forms_through_kiwi(search_view):
    from curator.korean.kiwi_pool import analyse
    from curator.workspace import search

    ids = lambda rows: sorted(search_view.document(int(r))["id"] for r in rows)  # noqa: E731
    # 삭제하다 finds 삭제했다 and 삭제합니다, not the noun 삭제 of "삭제 버튼"
    assert ids(search_view.search("삭제하다", mode="lemma", analyse=analyse)) == ["d0", "d1"]
    assert ids(search_view.search("돕다", mode="lemma", analyse=analyse)) == ["d4"]  # irregular: 도와
    assert ids(search_view.search("듣다", mode="lemma", analyse=analyse)) == ["d4"]  # irregular: 들었다
    at = SEARCH_DOCS[1].index("삭제합니다")  # the passive 삭제된 (삭제 + 되) is another lemma
    assert search.lemma_spans(SEARCH_DOCS[1], search.lemma_pattern(analyse(["삭제하다"])[0]), analyse) == [(at, at + 3)]


def test_an_apply_beside_the_view_is_noticed_and_its_flush_says_its_numbers_are_stale(view, tmp_path):
    """Issue 26: the app saved a threshold after a CLI apply and kept showing its own (older)
    counts; the view must notice the record changed and say its numbers are not the store's."""
    assert view.outside_change() is None
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"min": 500}}}), encoding="utf-8")
    assert run_cli("apply", view.ws.root, "--config", str(config)).returncode == 0
    assert view.outside_change() == "workspace"
    view.set_rule("quality:line_punct", 0.3, None)
    assert view.flush() is False  # saved on top of the apply, but this view's counts are old
    stats = json.loads(run_cli("stats", view.ws.root, "--json").stdout)
    fresh = WorkspaceView(view.ws.root)
    try:
        assert fresh.outside_change() is None and fresh.counts().kept == stats["kept"]
        assert fresh.config["rules"]["length:min_chars"]["min"] == 500  # the apply was not reverted
        assert fresh.config["rules"]["quality:line_punct"]["min"] == 0.3
        fresh.set_rule("quality:line_punct", 0.2, None)
        assert fresh.flush() is True and fresh.outside_change() is None  # its own write is not "outside"
    finally:
        fresh.close()


def test_a_decide_beside_the_view_is_noticed(view):
    assert run_cli("decide", view.ws.root, "constitution-03", "reject").returncode == 0
    assert view.outside_change() == "decisions"
    view.decide(view.row_of("constitution-04"), "reject")  # its own decisions are not outside changes
    fresh = WorkspaceView(view.ws.root)
    try:
        fresh.decide(fresh.row_of("constitution-05"), "accept")
        assert fresh.outside_change() is None
    finally:
        fresh.close()

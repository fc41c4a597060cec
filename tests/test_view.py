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


def test_sampling_strategies(view):
    removed = set(view.select("removed").tolist())
    assert set(view.sample("removed", 5).tolist()) <= removed
    assert not set(view.sample("kept", 5).tolist()) & removed
    assert set(view.sample("reason", 3, reason="quality:stopwords").tolist()) <= set(view.select(reason="quality:stopwords").tolist())
    borderline = view.sample("borderline", 3)
    distances = view.borderline_distance()
    assert distances[borderline[0]] == distances.min()
    assert len(set(view.sample("random", view.n).tolist())) == view.n


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

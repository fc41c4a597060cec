"""Dedup: MinHash, LSH clusters against true 5-gram Jaccard, representatives, determinism."""

import itertools
import json
import os
import re

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import documents_table, run_cli, write_jsonl
from curator.config import DEFAULT_CONFIG
from curator.dedup.lsh import find_clusters
from curator.dedup.minhash import EMPTY, MinHasher, normalize_for_dedup, shingle_hashes, text_hashes, word_hashes
from curator.dedup.stage import LINE_HASHES_TYPE, dedup_reasons, dedup_settings, hasher, line_hashes, repeated_lines

DATA = os.path.join(os.path.dirname(__file__), "data", "neardup.jsonl")


def shingle_set(text: str, n: int = 5) -> set:
    """Reference shingles, in plain Python: the same normalization as the vectorized code."""
    words = re.sub(r"[^\w\s]|_", " ", text.lower()).split()
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def cluster_rows(rows, config=DEFAULT_CONFIG):
    texts = [r["text"] for r in rows]
    d = config["dedup"]
    signatures = hasher(dedup_settings(config)).signatures(pa.array(texts))
    hashes = np.array(text_hashes(texts), dtype=np.int64)
    return find_clusters(signatures, hashes, d["bands"], d["rows"], d["threshold"])


def neardup_metrics(rows, clusters):
    sets = [shingle_set(r["text"]) for r in rows]
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(rows)), 2):
        truth = jaccard(sets[i], sets[j]) >= 0.7
        predicted = clusters.labels[i] == clusters.labels[j]
        tp += truth and predicted
        fp += predicted and not truth
        fn += truth and not predicted
    return tp / (tp + fp), tp / (tp + fn), tp


@pytest.fixture(scope="module")
def labelled():
    with open(DATA, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_word_hashes_match_words_across_documents():
    texts = normalize_for_dedup(pa.array(["대한민국은 민주공화국이다.", "민주공화국이다 대한민국은", "",
                                          "아주아주아주긴단어입니다아주아주긴 x"]))
    hashes, doc = word_hashes(texts)
    assert doc.tolist() == [0, 0, 1, 1, 3, 3]
    assert hashes[0] == hashes[3] and hashes[1] == hashes[2] and hashes[0] != hashes[1]
    # a word longer than 16 bytes differs from its 16-byte prefix
    long_words = word_hashes(normalize_for_dedup(pa.array(["아주아주아주긴단어입니다아주아주긴", "아주아주아"])))[0]
    assert long_words[0] != long_words[1]


def test_shingles_ignore_spacing_and_punctuation_and_count_right():
    a = "대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다."
    b = "대한민국의  주권은 국민에게 있고 모든 권력은… 국민으로부터 나온다"
    sh, doc = shingle_hashes(normalize_for_dedup(pa.array([a, b, "두 단어"])), 5)
    assert sorted(sh[doc == 0]) == sorted(sh[doc == 1])
    assert (doc == 0).sum() == 8 - 5 + 1 and (doc == 2).sum() == 1  # short doc: one shingle


def test_minhash_estimates_jaccard(labelled):
    mh = MinHasher(num_perm=128)
    errors = []
    originals = [r for r in labelled if r["kind"] == "original"]
    variants = {r["group"]: r for r in labelled if r["kind"] in ("edit5", "edit10", "added", "removed")}
    for original in originals:
        if original["id"] not in variants:
            continue
        variant = variants[original["id"]]
        sig = mh.signatures(pa.array([original["text"], variant["text"]]))
        estimate = float((sig[0] == sig[1]).mean())
        errors.append(estimate - jaccard(shingle_set(original["text"]), shingle_set(variant["text"])))
    assert len(errors) >= 30
    assert abs(np.mean(errors)) < 0.02 and np.std(errors) < 0.06  # unbiased, ~sqrt(J(1-J)/128)
    assert (mh.signatures(pa.array(["", "   "])) == EMPTY).all()


def test_labelled_set_precision_recall(labelled):
    clusters = cluster_rows(labelled)
    precision, recall, true_pairs = neardup_metrics(labelled, clusters)
    assert true_pairs >= 40
    assert precision >= 0.95, precision
    assert recall >= 0.90, recall
    by_id = {r["id"]: i for i, r in enumerate(labelled)}
    for row in labelled:  # exact copies always caught
        if row["kind"] == "exact":
            assert clusters.labels[by_id[row["id"]]] == clusters.labels[by_id[row["group"]]]
    templates = [by_id[r["id"]] for r in labelled if r["kind"] == "template"]
    assert len({clusters.labels[i] for i in templates}) == len(templates)  # no template chaining


def test_clusters_are_deterministic(labelled):
    first, second = cluster_rows(labelled), cluster_rows(list(labelled))
    assert np.array_equal(first.labels, second.labels)
    assert np.array_equal(first.pairs, second.pairs)


def test_representative_follows_spec_order():
    # cluster 0: rows 0..3; row 1 is longest but fails another rule; rows 2 and 3 tie on length
    cluster = np.array([0, 0, 0, 0, -1, 1, 1])
    other_fail = np.array([False, True, False, False, False, False, False])
    n_chars = np.array([100, 500, 300, 300, 50, 80, 80])
    text_hash = np.array([1, 2, 3, 3, 9, 7, 7])
    codes = dedup_reasons(cluster, other_fail, n_chars, text_hash)
    assert codes.tolist() == [2, 2, 0, 1, 0, 0, 1]  # rep 2 (kept, longest, first); 3 is its exact copy
    # an exact pair that is not the representative: the later copy is exact, the earlier near
    codes = dedup_reasons(np.array([0, 0, 0]), np.zeros(3, bool), np.array([100, 100, 120]), np.array([5, 5, 6]))
    assert codes.tolist() == [2, 1, 0]


def test_run_marks_clusters_in_the_workspace(tmp_path, korean_docs):
    base = "\n".join(korean_docs[:4])
    rows = [{"id": "a", "text": base}, {"id": "b", "text": base},  # exact
            {"id": "c", "text": base.replace(". ", ".  ").replace("다.", "다!")},  # spacing/punct only
            {"id": "d", "text": "\n".join(korean_docs[4:8])}]
    src = write_jsonl(tmp_path / "docs.jsonl", rows)
    ws = tmp_path / "ws"
    assert run_cli("run", src, "--out", str(ws), "--workers", "1").returncode == 0
    table = documents_table(ws).select(["id", "dup_cluster", "reasons", "kept"]).to_pylist()
    by_id = {r["id"]: r for r in table}
    assert by_id["a"]["dup_cluster"] == by_id["b"]["dup_cluster"] == by_id["c"]["dup_cluster"] == "a"
    assert by_id["d"]["dup_cluster"] is None
    # c is the longest (extra spaces), so it represents the cluster; b is an exact copy of a
    assert by_id["c"]["kept"] and by_id["d"]["kept"]
    assert by_id["a"]["reasons"] == ["dedup:near"] and by_id["b"]["reasons"] == ["dedup:exact"]
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["near_dup_clusters"] == 1
    pairs = pq.read_table(ws / "dedup" / "pairs.parquet").to_pylist()
    assert {(p["a"], p["b"]) for p in pairs} >= {("a", "b")} and all(p["similarity"] >= 0.7 for p in pairs)
    # accepting a removed duplicate keeps it; the representative stays kept
    assert run_cli("decide", str(ws), "b", "accept").returncode == 0
    assert json.loads(run_cli("stats", str(ws), "--json").stdout)["kept"] == 3  # c, d and now b


# lines the Korean boilerplate patterns do not know: only their corpus frequency gives them away
FOOTER = ["본 자료는 국회 법제실에서 제공합니다.", "자세한 내용은 누리집을 참고하십시오.", "한국일보 뉴스레터를 구독하세요"]


def test_repeated_lines_signal_and_recorded_stripping(tmp_path, korean_docs):
    rows = [{"id": f"news-{i}", "text": korean_docs[i] + "\n" + "\n".join(FOOTER)} for i in range(6)]
    rows.append({"id": "menu-page", "text": "\n".join(FOOTER * 2)})
    rows.append({"id": "plain", "text": korean_docs[7]})
    src = write_jsonl(tmp_path / "docs.jsonl", rows)
    config = tmp_path / "strip.yaml"
    config.write_text("dedup:\n  strip_repeated_lines: true\n", encoding="utf-8")
    for name, extra in (("ws", []), ("stripped", ["--config", str(config)])):
        assert run_cli("run", src, "--out", str(tmp_path / name), "--workers", "1", *extra).returncode == 0
    plain = {r["id"]: r for r in documents_table(tmp_path / "ws").to_pylist()}
    assert plain["news-0"]["repeated_line_ratio"] == pytest.approx(3 / 4)  # 3 of its 4 lines
    assert plain["plain"]["repeated_line_ratio"] == 0
    assert plain["menu-page"]["repeated_line_ratio"] == 1
    assert "boilerplate:repeated_lines" in plain["menu-page"]["reasons"] and plain["news-0"]["kept"]
    assert plain["news-0"]["text"].endswith(FOOTER[-1])  # off by default: text untouched
    stripped = {r["id"]: r for r in documents_table(tmp_path / "stripped").to_pylist()}
    assert stripped["news-0"]["text"] == korean_docs[0]
    assert stripped["news-0"]["stripped_lines"] == FOOTER
    assert stripped["news-0"]["n_chars"] == len(korean_docs[0])
    assert stripped["menu-page"]["text"] == plain["menu-page"]["text"]  # all-boilerplate: left to the rule


def test_repeated_lines_takes_the_column_in_any_chunking(korean_docs):
    """dedup gets arrays, not a workspace: the line_hashes column as the parts give it (a chunk per
    part, sliced chunks included) counts as the whole column does; an exact copy counts once."""
    texts = [korean_docs[i] + "\n" + "\n".join(FOOTER) for i in range(6)]
    texts += [texts[0], korean_docs[7]]  # an exact copy of the first, and a page without the footer
    column = pa.array([line_hashes(t) for t in texts], LINE_HASHES_TYPE)
    hashes = np.array(text_hashes(texts), np.int64)
    whole = repeated_lines(pa.chunked_array([column]), hashes, 6)
    parts = repeated_lines(pa.chunked_array([column.slice(0, 2), column.slice(2, 3), column.slice(5)]), hashes, 6)
    assert np.array_equal(whole[0], parts[0]) and np.array_equal(whole[1], parts[1])
    assert sorted(whole[0].tolist()) == sorted(line_hashes("\n".join(FOOTER)))  # in 6 distinct texts
    assert whole[1].tolist() == [0.75] * 7 + [0.0]  # 3 of 4 lines; the copy shares its original's
    assert len(repeated_lines(pa.chunked_array([column]), hashes, 7)[0]) == 0  # the copy does not make 7


def test_dedup_against_an_earlier_workspace_and_export(tmp_path, korean_docs):
    docs = ["\n".join(korean_docs[i:i + 3]) for i in (0, 3, 6, 9)]
    old = write_jsonl(tmp_path / "old.jsonl", [{"id": f"old-{i}", "text": docs[i]} for i in range(3)])
    assert run_cli("run", old, "--out", str(tmp_path / "ws1"), "--workers", "1").returncode == 0
    assert run_cli("export", str(tmp_path / "ws1"), "--out", str(tmp_path / "ex1")).returncode == 0
    new = write_jsonl(tmp_path / "new.jsonl", [
        {"id": "copy-of-0", "text": docs[0]},
        {"id": "edit-of-1", "text": docs[1].replace(". ", ".  ").replace("다.", "다!")},
        {"id": "fresh", "text": docs[3]}, {"id": "fresh-copy", "text": docs[3]}])
    for reference in ("ws1", "ex1"):
        ws2 = tmp_path / f"ws2-{reference}"
        result = run_cli("run", new, "--out", str(ws2), "--workers", "1", "--dedup-against", str(tmp_path / reference))
        assert result.returncode == 0, result.stderr
        rows = {r["id"]: r for r in documents_table(ws2).select(["id", "kept", "reasons", "dup_cluster"]).to_pylist()}
        assert rows["copy-of-0"]["reasons"] == ["dedup:exact"] and rows["copy-of-0"]["dup_cluster"] == "old-0"
        assert rows["edit-of-1"]["reasons"] == ["dedup:near"] and rows["edit-of-1"]["dup_cluster"] == "old-1"
        assert rows["fresh"]["kept"] and rows["fresh-copy"]["reasons"] == ["dedup:exact"]
        assert rows["fresh"]["dup_cluster"] == rows["fresh-copy"]["dup_cluster"] == "fresh"
    bad = run_cli("run", new, "--out", str(tmp_path / "ws3"), "--dedup-against", str(tmp_path / "nothing"))
    assert bad.returncode == 1 and "--dedup-against" in bad.stderr

"""PII outside the text never reaches an export (issue 27): ids, source file names (rows, manifest,
card), the workspace's name, ``meta`` keys and values, numbers shaped like a mobile number."""

import hashlib
import json
import os

import pyarrow.parquet as pq
import pytest

from conftest import run_cli, write_jsonl
from curator.export.redact import redact_meta

SOURCE_NAME = "홍길동_010-1111-2222.jsonl"
PHONE_ID, EMAIL_ID, NUMBER_ID, PLAIN_ID = "010-3333-4444", "kim.chulsoo@example.com", 1087654321, "doc-17"
RAW = ["010-1111-2222", "010-3333-4444", "kim.chulsoo@example.com", "1087654321", "1098765432",
       "lee.younghee@example.kr", "01055556666", "010-7777-8888"]


def _hash(doc_id: str) -> str:
    return "pii-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, korean_docs):
    root = tmp_path_factory.mktemp("pii_outside")
    (root / "corpus").mkdir()
    ids = [PHONE_ID, EMAIL_ID, NUMBER_ID, PLAIN_ID, "doc-18", "doc-19"]
    rows = [{"id": doc_id, "text": korean_docs[i], "title": f"조항 {i}", "phone_as_number": 1098765432,
             "phone_as_text": "01055556666", "reviewers": {"lee.younghee@example.kr": "검토"}}
            for i, doc_id in enumerate(ids)]
    write_jsonl(root / "corpus" / SOURCE_NAME, rows)
    config = root / "all.yaml"
    config.write_text("rules: {}\n", encoding="utf-8")
    ws = root / "작업_010-7777-8888"  # the workspace's folder name is in the manifest
    result = run_cli("run", str(root / "corpus"), "--out", str(ws), "--config", str(config), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return ws


def _export(ws, out):
    result = run_cli("export", str(ws), "--out", str(out), "--val-fraction", "0.3")
    assert result.returncode == 0, result.stderr
    return pq.read_table(os.path.join(out, "data")).to_pylist()


def _every_file(out) -> str:
    """Every file of the export directory as text; Parquet as its rows and its schema."""
    texts = []
    for folder, _, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            texts.append(path[len(str(out)):])
            if name.endswith(".parquet"):
                table = pq.read_table(path)
                texts += [json.dumps(table.to_pylist(), ensure_ascii=False, default=str), str(table.schema)]
            else:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
    return "\n".join(texts)


def test_no_pii_in_any_exported_file(workspace, tmp_path):
    out = tmp_path / "export"
    rows = _export(workspace, out)
    assert len(rows) == 6
    everything = _every_file(out)
    assert [raw for raw in RAW if raw in everything] == []
    # the file name keeps its shape, its phone a placeholder: in rows, manifest and card
    assert all(r["source"].startswith("corpus/홍길동_<|phone|>.jsonl:") for r in rows)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [i["name"] for i in manifest["inputs"]] == ["corpus/홍길동_<|phone|>.jsonl"]
    assert manifest["workspace"] == "작업_<|phone|>"
    assert "`corpus/홍길동_<|phone|>.jsonl`" in (out / "README.md").read_text(encoding="utf-8")
    meta = rows[0]["meta"]
    assert meta["phone_as_number"] == "<|phone|>" and meta["phone_as_text"] == "<|phone|>"
    assert meta["reviewers"] == {"<|email|>": "검토"} and meta["title"].startswith("조항 ")


def test_ids_holding_pii_become_stable_hashes(workspace, tmp_path):
    first = _export(workspace, tmp_path / "one")
    second = _export(workspace, tmp_path / "two")
    ids = sorted(r["id"] for r in first)
    assert ids == sorted(r["id"] for r in second)  # re-exports agree
    assert ids == sorted([_hash(PHONE_ID), _hash(EMAIL_ID), _hash(str(NUMBER_ID)), PLAIN_ID, "doc-18", "doc-19"])
    # the same row gets the same hash (and split) both times
    assert {r["id"]: r["text"] for r in first} == {r["id"]: r["text"] for r in second}


def test_meta_numbers_and_keys_shaped_like_pii():
    counts: dict = {}
    meta = json.dumps({"mobile": 1098765432, "mobile11": 10987654321, "count": 1234567890, "year": 2024,
                       "hong@example.co.kr": {"tel": "01012345678"}, "plain": "doc-17"})
    assert json.loads(redact_meta(meta, "redact", counts)) == {
        "mobile": "<|phone|>", "mobile11": "<|phone|>", "count": 1234567890, "year": 2024,
        "<|email|>": {"tel": "<|phone|>"}, "plain": "doc-17"}
    assert counts == {"phone": 3, "email": 1}
    # two e-mail keys both redact to <|email|>: neither value is lost
    both = json.loads(redact_meta(json.dumps({"a@example.kr": 1, "b@example.kr": 2}), "redact", {}))
    assert both == {"<|email|>": 1, "<|email|>~2": 2}

"""Decisions, export, verify and the tokenizer, through the real ``curator`` command."""

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import RESOURCES, documents_table, run_cli, write_jsonl
from curator.errors import CuratorError
from curator.export.redact import redact
from curator.export.sizes import parse_size

PII = {"phone": "010-2345-6789", "email": "hong.gildong@example.co.kr", "rrn": "800101-1234567",
       "card": "4111-1111-1111-1111", "seoul": "02-312-4567"}
NOT_PII = ["2024년 3월 1일", "2024-03-01", "1,234,567원", "버전 3.10.2", "ISBN 978-89-01-12345-6"]


def documents(korean_docs):
    rows = []
    for i, text in enumerate(korean_docs[:10]):
        if i == 1:
            text += f" 문의는 {PII['phone']} 또는 {PII['email']}로 하며, 2024년 3월 1일까지 1,234,567원을 납부한다."
        if i == 2:
            text += f" 주민등록번호 {PII['rrn']}, 카드 {PII['card']}, 사무실 {PII['seoul']}. 2024-03-01 기준 버전 3.10.2, ISBN 978-89-01-12345-6."
        rows.append({"id": f"doc-{i}", "text": text, "topic": "헌법", "n": i})
    rows.append({"id": "short-1", "text": "짧은 글.", "topic": "잡문", "n": 99})
    rows.append({"id": "short-2", "text": "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ", "topic": "잡문", "n": 98})
    return rows


@pytest.fixture(scope="module")
def base_ws(tmp_path_factory, korean_docs):
    root = tmp_path_factory.mktemp("export")
    src = write_jsonl(root / "docs.jsonl", documents(korean_docs))
    ws = root / "ws"
    result = run_cli("run", src, "--out", str(ws), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return ws


@pytest.fixture()
def ws(base_ws, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(base_ws, copy)
    return copy


def stats(ws):
    return json.loads(run_cli("stats", str(ws), "--json").stdout)


def row(ws, doc_id):
    """A document's verdict as the on-disk tables hold it (parts joined with derived.parquet)."""
    for r in documents_table(ws).select(["id", "kept", "reasons"]).to_pylist():
        if r["id"] == doc_id:
            return r
    raise KeyError(doc_id)


def shard_rows(out):
    return pa.concat_tables([pq.read_table(p) for p in sorted(glob.glob(os.path.join(out, "data", "*.parquet")))])


def test_decide_changes_kept_reasons_and_stats(ws):
    before = stats(ws)
    assert row(ws, "doc-0")["kept"] and not row(ws, "short-1")["kept"]

    result = run_cli("decide", str(ws), "doc-0", "reject", "--note", "법률 조문 중복")
    assert result.returncode == 0, result.stderr
    assert row(ws, "doc-0") == {"id": "doc-0", "kept": False, "reasons": ["review:rejected"]}
    assert run_cli("decide", str(ws), "short-1", "accept").returncode == 0
    assert row(ws, "short-1") == {"id": "short-1", "kept": True, "reasons": []}
    after = stats(ws)
    assert after["kept"] == before["kept"]  # one in, one out
    assert after["removed_by_rule"]["review:rejected"] == 1
    assert after["decisions"] == {"accept": 1, "reject": 1}

    assert run_cli("decide", str(ws), "doc-0", "clear").returncode == 0
    assert row(ws, "doc-0")["kept"] and stats(ws)["decisions"] == {"accept": 1, "reject": 0}


def test_decide_unknown_id_is_one_line_error(ws):
    result = run_cli("decide", str(ws), "없는-문서", "reject")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "없는-문서" in result.stderr
    assert run_cli("decide", str(ws), "doc-0", "maybe").returncode == 2


def test_export_honours_decisions(ws, tmp_path):
    assert run_cli("decide", str(ws), "doc-3", "reject").returncode == 0
    assert run_cli("decide", str(ws), "short-2", "accept").returncode == 0
    out = tmp_path / "out"
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    ids = set(shard_rows(out).column("id").to_pylist())
    assert "doc-3" not in ids and "short-2" in ids and "short-1" not in ids
    assert ids == {f"doc-{i}" for i in range(10)} - {"doc-3"} | {"short-2"}


_WRITER = """
import sys
from curator.workspace.store import DecisionStore
store = DecisionStore(sys.argv[1])
i = 0
while True:
    store.set(f"doc-{i}", "reject" if i % 2 else "accept", note="결정 %d" % i)
    print(i, flush=True)   # acknowledged: set() returned
    i += 1
"""


def test_sigkill_while_writing_loses_no_acknowledged_decision(tmp_path):
    path = str(tmp_path / "decisions.sqlite")
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, path], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the next write
    proc.wait()
    assert len(acknowledged) == 200
    from curator.workspace.store import DecisionStore
    store = DecisionStore(path)
    decisions = store.all()
    for i in acknowledged:
        assert decisions[f"doc-{i}"] == ("reject" if i % 2 else "accept")
    assert len(store.history(limit=10_000)) >= len(acknowledged)


def test_export_twice_gives_identical_bytes(ws, tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        result = run_cli("export", str(ws), "--out", str(out), "--shard-size", "4KB",
                         "--val-fraction", "0.3", "--seed", "7")
        assert result.returncode == 0, result.stderr
    files = sorted(os.listdir(outs[0] / "data"))
    assert len(files) > 2 and files == sorted(os.listdir(outs[1] / "data"))
    for name in files:
        assert (outs[0] / "data" / name).read_bytes() == (outs[1] / "data" / name).read_bytes()
    manifests = [json.loads((o / "manifest.json").read_text()) for o in outs]
    assert manifests[0]["shards"] == manifests[1]["shards"]
    # a different seed gives a different split
    other = tmp_path / "c"
    run_cli("export", str(ws), "--out", str(other), "--val-fraction", "0.3", "--seed", "8")
    ids_by_seed = [set(pq.read_table(glob.glob(str(o / "data" / "validation-*"))[0]).column("id").to_pylist())
                   for o in (outs[0], other)]
    assert ids_by_seed[0] != ids_by_seed[1]


def test_shards_respect_the_size_bound(ws, tmp_path):
    out = tmp_path / "out"
    assert run_cli("export", str(ws), "--out", str(out), "--shard-size", "5KB").returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["shards"]) >= 3
    for shard in manifest["shards"]:
        assert shard["bytes"] <= 5000 or shard["rows"] == 1, shard
        assert shard["file"].startswith("data/train-") and shard["file"].endswith(
            f"-of-{len(manifest['shards']):05d}.parquet")
    assert sum(s["rows"] for s in manifest["shards"]) == manifest["totals"]["exported"] == 10
    # one document bigger than the bound gets a shard of its own
    tiny = tmp_path / "tiny"
    assert run_cli("export", str(ws), "--out", str(tiny), "--shard-size", "500B").returncode == 0
    assert all(s["rows"] == 1 for s in json.loads((tiny / "manifest.json").read_text())["shards"])


def test_datasets_loads_the_splits_offline(ws, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run_cli("export", str(ws), "--out", str(out), "--val-fraction", "0.3").returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    import datasets
    loaded = datasets.load_dataset("parquet", data_dir=str(out))
    assert set(loaded) == {"train", "validation"}
    for split in ("train", "validation"):
        assert loaded[split].num_rows == manifest["totals"]["rows"][split] > 0
    assert {"id", "text", "source", "meta"} <= set(loaded["train"].column_names)
    assert loaded["train"][0]["meta"]["topic"] == "헌법"
    import pyarrow.dataset as ds
    assert ds.dataset(str(out / "data")).count_rows() == manifest["totals"]["exported"]
    card = (out / "README.md").read_text()
    assert card.startswith("---\n") and "split: validation" in card and "length:" in card


def test_verify_names_the_bad_shard(ws, tmp_path):
    out = tmp_path / "out"
    assert run_cli("export", str(ws), "--out", str(out), "--shard-size", "4KB").returncode == 0
    ok = run_cli("verify", str(out))
    assert ok.returncode == 0, ok.stderr
    victim = sorted(glob.glob(str(out / "data" / "*.parquet")))[1]
    data = bytearray(open(victim, "rb").read())
    data[len(data) // 2] ^= 0x01
    open(victim, "wb").write(bytes(data))
    bad = run_cli("verify", str(out))
    assert bad.returncode == 1 and os.path.basename(victim) in bad.stderr
    assert bad.stderr.count("\n") == 1


def test_verify_checks_every_file_a_loader_reads(ws, tmp_path):
    """Issue 27: an extra parquet in data/sub/ passed verify while pyarrow.dataset loaded its rows."""
    import pyarrow.dataset as ds

    out = tmp_path / "out"
    assert run_cli("export", str(ws), "--out", str(out), "--shard-size", "4KB").returncode == 0
    first = sorted(glob.glob(str(out / "data" / "*.parquet")))[0]
    exported = ds.dataset(str(out / "data")).count_rows()
    (out / "data" / "sub").mkdir()
    shutil.copy(first, out / "data" / "sub" / "copy.parquet")
    assert ds.dataset(str(out / "data")).count_rows() > exported  # a loader reads it
    bad = run_cli("verify", str(out))
    assert bad.returncode == 1 and "sub/copy.parquet: not listed in the manifest" in bad.stderr
    os.remove(out / "data" / "sub" / "copy.parquet")
    (out / "data" / "sub" / "notes.txt").write_text("메모", encoding="utf-8")  # any file: pyarrow would fail on it
    assert run_cli("verify", str(out)).returncode == 1
    os.remove(out / "data" / "sub" / "notes.txt")
    (out / "data" / ".hidden.parquet").write_bytes(b"x")  # loaders skip names starting with . or _
    assert run_cli("verify", str(out)).returncode == 0


def test_no_pii_reaches_the_shards_but_dates_and_amounts_do(ws, tmp_path):
    out = tmp_path / "out"
    assert run_cli("export", str(ws), "--out", str(out), "--shard-size", "4KB").returncode == 0
    raw = b"".join(open(p, "rb").read() for p in glob.glob(str(out / "data" / "*.parquet")))
    texts = "\n".join(shard_rows(out).column("text").to_pylist())
    for value in PII.values():
        assert value not in texts
        assert value.encode() not in raw
    for value in NOT_PII:
        assert value in texts
    for placeholder in ("<|phone|>", "<|email|>", "<|rrn|>", "<|card|>"):
        assert placeholder in texts
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["redactions"] == {"card": 1, "email": 1, "phone": 2, "rrn": 1}


def test_redact_and_parse_size_units():
    text = "전화 010-1234-5678, 메일 a@b.kr 끝"
    spans = [{"kind": "phone", "start": 3, "end": 16}, {"kind": "email", "start": 21, "end": 27}]
    assert redact(text, spans) == "전화 <|phone|>, 메일 <|email|> 끝"
    assert parse_size("256MB") == 256_000_000 and parse_size("1MiB") == 1_048_576
    assert parse_size("1.5GB") == 1_500_000_000 and parse_size("500") == 500
    with pytest.raises(CuratorError):
        parse_size("lots")


@pytest.fixture(scope="module")
def corpus_ws(tmp_path_factory):
    """The shipped sample corpus (constitution, bills, defects): enough text for a vocabulary."""
    ws = tmp_path_factory.mktemp("tok") / "ws"
    result = run_cli("run", os.path.join(RESOURCES, "corpus"), "--out", str(ws), "--workers", "1", "--preset", "books-law")
    assert result.returncode == 0, result.stderr
    return ws


def test_tokenizer_round_trips_korean_and_reports(corpus_ws, tmp_path):
    import sentencepiece as spm
    out = tmp_path / "tok"
    result = run_cli("tokenizer", "train", str(corpus_ws), "--vocab-size", "1200", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["chars_per_token"] > 1.0 and report["roundtrip_failures"] == 0
    assert report["settings"]["normalization_rule_name"] == "identity"
    assert report["uncurated"]["lines"] == report["lines"]  # same held-out lines for both models
    # no folder of this machine in what is shared (issue 27: the model recorded its input and prefix)
    for name in ("tokenizer.model", "tokenizer.vocab", "report.json"):
        assert str(tmp_path).encode() not in (out / name).read_bytes() and b"/tmp/" not in (out / name).read_bytes(), name
    model = spm.SentencePieceProcessor(model_file=str(out / "tokenizer.model"))
    for line in ["ㅋㅋㅋㅋ 진짜 웃기다ㅎㅎ", "大韓民國 憲法 제1조", "  두 칸  띄어쓰기와 ㄱㄴㄷ 자모, 😀 이모지",
                 "전화는 <|phone|>로 주세요"]:
        assert model.decode(model.encode(line)) == line
    assert model.piece_to_id("<|phone|>") != model.unk_id()


def test_tokenizer_vocab_too_large_says_the_largest(corpus_ws, tmp_path):
    result = run_cli("tokenizer", "train", str(corpus_ws), "--vocab-size", "500000", "--out", str(tmp_path / "t"))
    assert result.returncode == 1 and "at most" in result.stderr and result.stderr.count("\n") == 1


def _cuts_respected(model, lines):
    """Share of Kiwi morpheme boundaries inside eojeols that are also token boundaries."""
    from curator.export.tokenizer import MORPH_DELIMITER, morpheme_marked
    total = hit = 0
    for line, marked in zip(lines, morpheme_marked(lines)):
        cuts, pos = set(), 0
        for ch in marked:
            if ch == MORPH_DELIMITER:
                cuts.add(pos)
            else:
                pos += 1
        pieces = model.encode(line, out_type=str)
        assert not any(p.startswith("<0x") for p in pieces)  # offsets below count characters
        offset = -1 if pieces[0].startswith("\u2581") and not line.startswith(" ") else 0  # dummy prefix
        bounds = set()
        for piece in pieces:
            bounds.add(offset)
            offset += len(piece)
        total += len(cuts)
        hit += len(cuts & bounds)
    return hit / total


def test_morpheme_aware_tokenizer(corpus_ws, tmp_path):
    import sentencepiece as spm
    models = {}
    for name, extra in (("plain", []), ("morph", ["--morpheme-aware"])):
        out = tmp_path / name
        result = run_cli("tokenizer", "train", str(corpus_ws), "--vocab-size", "1100", "--out", str(out), *extra)
        assert result.returncode == 0, result.stderr
        report = json.loads((out / "report.json").read_text())
        assert report["settings"]["morpheme_aware"] == bool(extra) and report["roundtrip_failures"] == 0
        models[name] = spm.SentencePieceProcessor(model_file=str(out / "tokenizer.model"))
    lines = ["대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.",
             "국회의원은 국회에서 직무상 행한 발언과 표결에 관하여 국회외에서 책임을 지지 아니한다."]
    assert _cuts_respected(models["morph"], lines) == 1.0  # pieces never cross a morpheme boundary
    assert _cuts_respected(models["plain"], lines) < 1.0   # while plain SentencePiece does


def test_export_leaves_out_duplicates_and_matches_stats(corpus_ws, tmp_path):
    """The sample corpus has an exact copy and a near-duplicate bill: neither may be exported."""
    stats = json.loads(run_cli("stats", str(corpus_ws), "--json").stdout)
    assert stats["removed_by_rule"].get("dedup:exact") == 1 and stats["removed_by_rule"].get("dedup:near") == 1
    out = tmp_path / "out"
    assert run_cli("export", str(corpus_ws), "--out", str(out)).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["totals"]["exported"] == stats["kept"]
    ids = set(shard_rows(out).column("id").to_pylist())
    assert "constitution-copy" not in ids and "constitution-02" in ids
    documents = documents_table(corpus_ws)
    removed = {r["id"] for r in documents.select(["id", "kept"]).to_pylist() if not r["kept"]}
    assert not ids & removed


def test_meta_of_many_parts_is_one_type_redacted_once(korean_docs, tmp_path):
    """meta whose shape changes from part to part (an int field that becomes a float, a field
    only in the last part, a nested object with a phone number) exports as one struct type, each
    value redacted, its redactions counted once; the spooled values are gone afterwards."""
    rows = []
    for i in range(40):
        meta = {"score": i if i < 20 else i + 0.5}
        if i % 3 == 0:
            meta["author"] = {"name": f"홍길동{i}", "phone": PII["phone"]}
        if i >= 35:
            meta["late"] = "마지막 부분에만"
        rows.append({"id": f"m{i:02d}", "text": korean_docs[i % len(korean_docs)] + f" 문서 {i}.", **meta})
    src = write_jsonl(tmp_path / "meta.jsonl", rows)
    config = tmp_path / "c.yaml"
    config.write_text("run:\n  part_rows: 8\ndedup:\n  enabled: false\nrules:\n  length:min_words: {min: 0}\n",
                      encoding="utf-8")
    ws, out = tmp_path / "ws", tmp_path / "out"
    assert run_cli("run", src, "--out", str(ws), "--config", str(config), "--workers", "1").returncode == 0
    assert len(os.listdir(ws / "documents")) == 5
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    exported = {r["id"]: r["meta"] for r in shard_rows(out).to_pylist()}
    kept = {r["id"] for r in rows} & set(exported)
    assert len(kept) >= 30
    schema = pq.read_schema(glob.glob(str(out / "data" / "*.parquet"))[0])
    assert schema.field("meta").type.field("score").type == pa.float64()
    for doc in rows:
        if doc["id"] not in kept:
            continue
        meta = exported[doc["id"]]
        assert meta["score"] == doc["score"] and meta["late"] == doc.get("late")
        if "author" in doc:
            assert meta["author"] == {"name": doc["author"]["name"], "phone": "<|phone|>"}
        else:
            assert meta["author"] is None
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["redactions"]["phone"] == sum(1 for d in rows if d["id"] in kept and "author" in d)
    assert not [n for n in os.listdir(out / "data") if not n.endswith(".parquet")]
    assert run_cli("verify", str(out)).returncode == 0

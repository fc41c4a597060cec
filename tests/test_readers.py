"""Every accepted format and encoding, on real Korean text, and every kind of bad input."""

import csv
import gzip
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from curator.io.encoding import detect_encoding
from curator.io.readers import FileReport, ReadError, ReadOptions, Record, expand_inputs, format_of, read_file
from curator.errors import CuratorError


def read_all(path, **options):
    report = FileReport(str(path), os.path.getsize(path) if os.path.isfile(path) else 0, format_of(str(path)))
    items = list(read_file(str(path), ReadOptions(**options), report))
    records = [i for i in items if isinstance(i, Record)]
    errors = [i for i in items if isinstance(i, ReadError)]
    return records, errors, report


def jsonl_bytes(docs, encoding="utf-8"):
    return "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in docs).encode(encoding)


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("cp949", "cp949"), ("euc-kr", "euc-kr"),
])
def test_jsonl_in_every_encoding(tmp_path, korean_docs, encoding, expected):
    docs = korean_docs
    if encoding == "cp949":  # a syllable outside EUC-KR's 2,350 makes the file CP949-only
        docs = [d + " 똠방각하 햏" for d in docs]
    path = tmp_path / "docs.jsonl"
    path.write_bytes(jsonl_bytes(docs, encoding))
    records, errors, report = read_all(path)
    assert errors == []
    assert [r.text for r in records] == docs
    assert report.encoding == expected
    assert records[0].source == f"{path}:1"


def test_euc_kr_txt_with_ascii_head(tmp_path, korean_docs):
    """A long ASCII prefix must not make detection guess UTF-8 for an EUC-KR file."""
    text = "x" * (2 << 20) + "\n" + korean_docs[0]
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("euc-kr"))
    assert detect_encoding(str(path)) == "euc-kr"
    records, errors, _ = read_all(path)
    assert records[0].text.endswith(korean_docs[0])


@pytest.mark.parametrize("suffix, compress", [
    (".jsonl.gz", gzip.compress), (".jsonl.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_compressed_jsonl(tmp_path, korean_docs, suffix, compress):
    path = tmp_path / f"docs{suffix}"
    path.write_bytes(compress(jsonl_bytes(korean_docs)))
    records, errors, report = read_all(path)
    assert errors == [] and [r.text for r in records] == korean_docs
    assert report.sha256 == __import__("hashlib").sha256(path.read_bytes()).hexdigest()


def test_json_array_with_ids_and_meta(tmp_path, korean_docs):
    rows = [{"id": i, "text": d, "title": f"조항 {i}"} for i, d in enumerate(korean_docs)]
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    records, errors, _ = read_all(path)
    assert errors == []
    assert [r.text for r in records] == korean_docs
    assert records[3].input_id == "3"
    assert json.loads(records[3].meta) == {"title": "조항 3"}
    assert records[3].source == f"{path}:4"


def test_json_array_truncated_keeps_earlier_elements(tmp_path, korean_docs):
    rows = [{"text": d} for d in korean_docs[:3]]
    text = json.dumps(rows, ensure_ascii=False)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == korean_docs[:2]
    assert len(errors) == 1 and "element 3" in errors[0].position


def test_txt_whole_file_and_paragraphs(tmp_path, korean_docs):
    path = tmp_path / "doc.txt"
    path.write_text("\n\n".join(korean_docs[:3]) + "\n", encoding="utf-8")
    records, _, _ = read_all(path)
    assert len(records) == 1 and records[0].source == str(path)
    assert records[0].text == "\n\n".join(korean_docs[:3]) + "\n"
    records, _, _ = read_all(path, txt_split="paragraph")
    assert [r.text for r in records] == korean_docs[:3]
    assert [r.source for r in records] == [f"{path}:1", f"{path}:3", f"{path}:5"]


def test_csv_with_quoted_multiline_fields(tmp_path, korean_docs):
    path = tmp_path / "docs.csv"
    multi = korean_docs[0] + "\n" + korean_docs[1] + "\n\"인용\"된 줄"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "분류"])
        writer.writerow(["a", multi, "헌법"])
        writer.writerow(["b", korean_docs[2], "헌법"])
        writer.writerow(["c", "필드가 모자란 줄"])  # wrong number of fields
        writer.writerow(["d", korean_docs[3], "헌법"])
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == [multi, korean_docs[2], korean_docs[3]]
    assert records[0].input_id == "a" and json.loads(records[0].meta) == {"분류": "헌법"}
    assert records[1].source == f"{path}:5"  # the multi-line record spanned lines 2-4
    assert len(errors) == 1 and errors[0].position == "line 6"


def test_tsv_cp949(tmp_path, korean_docs):
    path = tmp_path / "docs.tsv"
    body = "text\tsource\n" + "".join(f"{d}\t헌법\n" for d in korean_docs[:4])
    path.write_bytes(body.encode("cp949"))
    records, errors, report = read_all(path)
    assert errors == [] and [r.text for r in records] == korean_docs[:4]
    assert report.encoding in ("euc-kr", "cp949")


def test_parquet_with_null_text(tmp_path, korean_docs):
    path = tmp_path / "docs.parquet"
    texts = korean_docs[:5] + [None]
    pq.write_table(pa.table({"id": list(range(6)), "text": texts, "year": [1987] * 6}), path)
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == korean_docs[:5]
    assert records[1].input_id == "1" and json.loads(records[1].meta) == {"year": 1987}
    assert len(errors) == 1 and errors[0].position == "row 6"


def test_hf_save_to_disk_directory(tmp_path, korean_docs):
    datasets = pytest.importorskip("datasets")
    path = tmp_path / "hfds"
    datasets.Dataset.from_dict({"text": korean_docs, "n": list(range(len(korean_docs)))}).save_to_disk(str(path))
    assert format_of(str(path)) == "hf_dataset"
    records, errors, report = read_all(path)
    assert errors == [] and [r.text for r in records] == korean_docs
    assert report.sha256 and len(report.sha256) == 64
    found = expand_inputs([str(tmp_path)])
    assert found.paths == [str(path)]
    assert found.names[str(path)] == os.path.join(tmp_path.name, path.name)


def test_nfd_input_is_stored_nfc(tmp_path):
    import unicodedata
    nfc = "한국어 자연어 처리는 형태소 분석에서 시작합니다."
    path = tmp_path / "nfd.jsonl"
    path.write_text(json.dumps({"text": unicodedata.normalize("NFD", nfc)}, ensure_ascii=False) + "\n", encoding="utf-8")
    records, _, _ = read_all(path)
    assert records[0].text == nfc


# ---------------------------------------------------------------- bad input


def test_invalid_json_and_bad_text_fields(tmp_path, korean_docs):
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"text": korean_docs[0]}, ensure_ascii=False),
             '{"text": "닫히지 않은',
             json.dumps({"body": korean_docs[1]}, ensure_ascii=False),
             json.dumps({"text": 42}),
             json.dumps(["목록"], ensure_ascii=False),
             "",
             json.dumps({"text": korean_docs[2]}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == [korean_docs[0], korean_docs[2]]
    assert [e.position for e in errors] == ["line 2", "line 3", "line 4", "line 5"]
    assert "invalid JSON" in errors[0].reason
    assert "missing" in errors[1].reason and "not a string (int)" in errors[2].reason


@pytest.mark.parametrize("suffix, compress", [
    (".jsonl.gz", gzip.compress), (".jsonl.zst", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_truncated_compressed_file_keeps_good_records(tmp_path, korean_docs, suffix, compress):
    docs = [f"{i}번째 문서. {d}" for i, d in enumerate(korean_docs * 200)]  # several zstd blocks
    blob = compress(jsonl_bytes(docs))
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(blob[: len(blob) * 2 // 3])
    records, errors, _ = read_all(path)
    assert 0 < len(records) < len(docs)
    assert [r.text for r in records] == docs[: len(records)]
    assert len(errors) == 1 and "truncated" in errors[0].reason
    assert errors[0].position == f"after record {len(records)}"


def test_binary_garbage_lines(tmp_path, korean_docs):
    path = tmp_path / "garbage.jsonl"
    good = jsonl_bytes(korean_docs[:2])
    path.write_bytes(good + bytes(range(256)) * 4 + b"\n" + jsonl_bytes(korean_docs[2:3]))
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == korean_docs[:3]
    assert len(errors) >= 1 and all("invalid JSON" in e.reason for e in errors)


def test_nul_bytes_and_lone_surrogates_are_kept_but_flagged(tmp_path, korean_docs):
    from curator.korean.script import count_invalid
    path = tmp_path / "odd.jsonl"
    path.write_text(
        json.dumps({"text": korean_docs[0]}, ensure_ascii=False) + "\n"
        + '{"text": "널\\u0000문자"}\n' + '{"text": "외로운 \\ud800 서로게이트"}\n'
        + "raw\x00nul line\n", encoding="utf-8")
    records, errors, _ = read_all(path)
    assert [r.text for r in records] == [korean_docs[0], "널\x00문자", "외로운 \ufffd 서로게이트"]
    assert [count_invalid(r.text) for r in records] == [0, 1, 1]
    assert len(errors) == 1 and errors[0].position == "line 4"
    for r in records:
        r.text.encode("utf-8")  # storable


def test_invalid_utf8_bytes_inside_a_record(tmp_path, korean_docs):
    path = tmp_path / "badbytes.jsonl"
    line = json.dumps({"text": "깨진 바이트: X"}, ensure_ascii=False).encode().replace(b"X", b"\xff\xfe\xfa")
    path.write_bytes(jsonl_bytes(korean_docs[:30]) + line + b"\n")
    records, errors, report = read_all(path)
    assert report.encoding == "utf-8" and errors == []
    assert records[-1].text.startswith("깨진 바이트: \ufffd")


def test_empty_files_are_reported(tmp_path):
    for name in ("empty.jsonl", "empty.parquet", "empty.txt", "empty.csv"):
        path = tmp_path / name
        path.write_bytes(b"")
        records, errors, _ = read_all(path)
        assert records == [] and len(errors) == 1 and "empty file" in errors[0].reason


def test_corrupt_parquet_is_reported(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 100)
    records, errors, _ = read_all(path)
    assert records == [] and "not a readable Parquet file" in errors[0].reason


def test_expand_inputs_rejects_unknown_and_missing(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / "a.jsonl").write_text('{"text": "가"}\n', encoding="utf-8")
    found = expand_inputs([str(tmp_path)])
    assert found.paths == [str(tmp_path / "a.jsonl")] and found.skipped == [str(tmp_path / "notes.docx")]
    with pytest.raises(CuratorError, match="unsupported input format"):
        expand_inputs([str(tmp_path / "notes.docx")])
    with pytest.raises(CuratorError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.jsonl")])
    found = expand_inputs([str(tmp_path / "*.jsonl")])
    assert found.paths == [str(tmp_path / "a.jsonl")]
    assert found.names == {str(tmp_path / "a.jsonl"): os.path.join(tmp_path.name, "a.jsonl")}
    assert expand_inputs([str(tmp_path / "a.jsonl")]).names == {str(tmp_path / "a.jsonl"): "a.jsonl"}
    full = expand_inputs([str(tmp_path / "a.jsonl")], full_paths=True)
    assert full.names == {str(tmp_path / "a.jsonl"): str(tmp_path / "a.jsonl")}

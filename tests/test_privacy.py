"""Nothing leaks into an export: PII after line stripping, PII in every meta field, local paths
(issue 18, privacy). Shards are checked as a training job would read them."""

import json
import os

import pyarrow.parquet as pq
import pytest

from conftest import run_cli, write_jsonl

MENU = ["이 기사는 한빛일보 디지털뉴스팀이 독자 여러분께 제공합니다.", "구독 신청은 한빛일보 누리집에서 하실 수 있습니다."]


def _export_text(out) -> str:
    """Every value of every exported row, as one string (text, source, meta)."""
    table = pq.read_table(os.path.join(out, "data"))
    return json.dumps(table.to_pylist(), ensure_ascii=False, default=str)


def _all_files_text(out) -> str:
    parts = [_export_text(out)]
    for name in ("manifest.json", "README.md"):
        parts.append(open(os.path.join(out, name), encoding="utf-8").read())
    return "\n".join(parts)


def test_no_pii_survives_repeated_line_stripping(tmp_path, korean_docs):
    phones = [f"010-{1000 + i:04d}-{5678 + i:04d}" for i in range(16)]
    emails = [f"reporter{i}@example.co.kr" for i in range(16)]
    rows = []
    for i in range(16):
        body = korean_docs[i % len(korean_docs)] + "\n" + korean_docs[(i * 5 + 1) % len(korean_docs)]
        text = "\n".join(MENU + [body, f"제보 연락처 {phones[i]} 또는 {emails[i]} 으로 보내 주세요."] + MENU[:1])
        rows.append({"id": f"n{i}", "text": text})
    src = write_jsonl(tmp_path / "news.jsonl", rows)
    config = tmp_path / "strip.yaml"
    config.write_text("dedup:\n  strip_repeated_lines: true\n  lines_min_docs: 5\n", encoding="utf-8")
    ws, out = tmp_path / "ws", tmp_path / "export"
    assert run_cli("run", src, "--out", str(ws), "--config", str(config), "--workers", "1").returncode == 0
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out / "data")
    assert table.num_rows >= 12
    for text in table.column("text").to_pylist():
        assert MENU[0] not in text  # the menu line was stripped
        assert "제보 연락처 <|phone|> 또는 <|email|> 으로 보내 주세요." in text  # placeholders where the data was
    exported = _export_text(out)
    assert not [p for p in phones if p in exported] and not [e for e in emails if e in exported]


@pytest.mark.parametrize("policy", ["redact", ["title", "contact"], "drop"])
def test_pii_in_meta_never_reaches_an_export(tmp_path, korean_docs, policy):
    rows = [{"id": f"m{i}", "text": korean_docs[i], "title": f"조항 {i}", "author_phone": "010-2345-6789",
             "phone_as_number": 1023456789 + i, "rrn_as_number": 9001011234568,
             "contact": {"email": "kim.minsu@example.kr", "rrn": "900101-1234568", "memo": ["집 02-312-3456"]}}
            for i in range(6)]
    src = write_jsonl(tmp_path / "meta.jsonl", rows)
    config = tmp_path / "c.yaml"
    config.write_text("rules: {}\nexport:\n  meta: " + json.dumps(policy) + "\n", encoding="utf-8")
    ws, out = tmp_path / "ws", tmp_path / "export"
    assert run_cli("run", src, "--out", str(ws), "--config", str(config), "--workers", "1").returncode == 0
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    everything = _all_files_text(out)
    for raw in ("010-2345-6789", "9001011234568", "kim.minsu@example.kr", "900101-1234568", "02-312-3456"):
        assert raw not in everything, raw
    table = pq.read_table(out / "data")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["meta_policy"] == policy
    if policy == "drop":
        assert "meta" not in table.column_names
        return
    meta = table.column("meta").to_pylist()
    assert [m["title"] for m in meta] == [f"조항 {i}" for i in range(6)]
    assert meta[0]["contact"]["email"] == "<|email|>" and meta[0]["contact"]["rrn"] == "<|rrn|>"
    if policy == "redact":
        assert meta[0]["author_phone"] == "<|phone|>" and meta[0]["rrn_as_number"] == "<|rrn|>"
    else:
        assert set(meta[0]) == {"title", "contact"}
    assert "personal data" in (out / "README.md").read_text(encoding="utf-8")


def test_no_local_path_in_shards_manifest_or_card(tmp_path, korean_docs):
    folder = tmp_path / "private" / "kim" / "corpus"
    folder.mkdir(parents=True)
    write_jsonl(folder / "a.jsonl", [{"text": d} for d in korean_docs[:6]])
    ws, out = tmp_path / "private" / "ws", tmp_path / "private" / "export"
    assert run_cli("run", str(folder), "--out", str(ws), "--workers", "1").returncode == 0
    assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
    everything = _all_files_text(out)
    assert str(tmp_path) not in everything and "/private/kim" not in everything
    sources = pq.read_table(out / "data").column("source").to_pylist()
    assert all(s.startswith("corpus/a.jsonl:") for s in sources)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["workspace"] == "ws" and manifest["inputs"][0]["name"] == "corpus/a.jsonl"
    assert "path" not in manifest["inputs"][0]
    # the same input with full paths kept, on request
    config = tmp_path / "full.yaml"
    config.write_text("input:\n  full_paths: true\n", encoding="utf-8")
    ws2 = tmp_path / "ws2"
    assert run_cli("run", str(folder), "--out", str(ws2), "--config", str(config), "--workers", "1").returncode == 0
    from conftest import documents_table
    assert documents_table(ws2).column("source")[0].as_py().startswith(str(folder))

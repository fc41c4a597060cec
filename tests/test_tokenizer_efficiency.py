"""Tokenizer efficiency against GPT-4o and GPT-4 (bpe-openai ships both vocabularies), offline."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import RESOURCES, ROOT, run_cli
from curator.errors import CuratorError
from curator.export.token_efficiency import compare, line_kind, openai_tokenizer, sentencepiece_tokenizer
from curator.export.tokenizer import corpus_lines


@pytest.fixture(scope="module")
def law_ws(tmp_path_factory):
    """The Constitution and the bills shipped in resources/, cut into ~500-character documents with
    ids of their own (so the held-out slice, chosen by id, is the same wherever the repo lives)."""
    src = os.path.join(RESOURCES, "src")
    texts = [open(os.path.join(src, "constitution.txt"), encoding="utf-8").read()]
    texts += [open(os.path.join(src, "kobill", n), encoding="utf-8").read() for n in sorted(os.listdir(os.path.join(src, "kobill")))]
    docs, current = [], []
    for line in (line.strip() for text in texts for line in text.split("\n")):
        if line:
            current.append(line)
            if sum(map(len, current)) >= 500:
                docs.append("\n".join(current))
                current = []
    root = tmp_path_factory.mktemp("laws")
    with open(root / "laws.jsonl", "w", encoding="utf-8") as fh:
        for i, text in enumerate(docs):
            fh.write(json.dumps({"id": f"law-{i:04d}", "text": text}, ensure_ascii=False) + "\n")
    assert run_cli("run", str(root / "laws.jsonl"), "--out", str(root / "ws"), "--workers", "1",
                   "--preset", "books-law").returncode == 0
    return root / "ws"


def test_line_kinds_on_korean_text():
    assert line_kind("대한민국은 민주공화국이다.") == "hangul"
    assert line_kind("GIMP 2.10에서 레이어를 고릅니다") == "mixed"
    assert line_kind("제1조 ① 대한민국은") == "mixed"  # digits count as mixing
    assert line_kind("Hello, world 42") == "other"


def test_trained_model_beats_gpt4_on_korean_and_the_report_says_how_it_compares_to_gpt4o(law_ws, tmp_path):
    out = tmp_path / "tok"
    result = run_cli("tokenizer", "train", str(law_ws), "--vocab-size", "2000", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    table = report["comparison"]
    assert set(table) == {"trained", "uncurated", "o200k_base", "cl100k_base"}
    # a property that must hold: a tokenizer trained on Korean needs fewer tokens than GPT-4's
    assert table["trained"]["all"]["tokens_per_1k_chars"] < table["cl100k_base"]["all"]["tokens_per_1k_chars"]
    assert table["trained"]["hangul"]["tokens_per_1k_chars"] < table["cl100k_base"]["hangul"]["tokens_per_1k_chars"]
    # and GPT-4o (a 200k vocabulary) needs fewer tokens for Korean than GPT-4 (100k)
    assert table["o200k_base"]["all"]["tokens"] < table["cl100k_base"]["all"]["tokens"]
    share = table["trained"]["fewer_tokens_than_gpt4o"]["all"]
    assert share == pytest.approx(1 - table["trained"]["all"]["tokens"] / table["o200k_base"]["all"]["tokens"], abs=1e-4)
    assert f"{abs(share):.1%}" in report["headline"] and "GPT-4o" in result.stdout
    for kind in ("hangul", "mixed"):
        assert table["trained"][kind]["lines"] > 0
    assert table["trained"]["all"]["lines"] == report["lines"]
    assert "## Against GPT-4o and GPT-4" in (out / "report.md").read_text(encoding="utf-8")


def test_a_vocabulary_sweep_trains_what_the_text_supports_and_draws_the_curve(law_ws, tmp_path):
    out = tmp_path / "sweep"
    result = run_cli("tokenizer", "train", str(law_ws), "--vocab-size", "1200,1600,2000,500000", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sizes = [row["vocab_size"] for row in report["sweep"]["sizes"]]
    assert sizes == [1200, 1600, 2000] and report["sweep"]["skipped"] == [500000]
    per_1k = [row["all"] for row in report["sweep"]["sizes"]]
    assert per_1k[-1] < per_1k[0]  # a larger vocabulary needs fewer tokens on held-out text
    assert report["settings"]["vocab_size"] == 2000 and (out / "tokenizer.model").is_file()
    assert all((out / f"tokenizer-{n}.model").is_file() for n in sizes)
    png = (out / "efficiency.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert "efficiency.png" in (out / "report.md").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_compare_runs_without_network_and_gives_the_same_figures_twice(law_ws, tmp_path):
    model_dir = tmp_path / "tok"
    assert run_cli("tokenizer", "train", str(law_ws), "--vocab-size", "2000", "--out", str(model_dir)).returncode == 0
    figures = []
    for attempt in range(2):
        out = tmp_path / f"cmp{attempt}"
        done = subprocess.run(["unshare", "-n", sys.executable, "-m", "curator", "tokenizer", "compare", str(law_ws),
                               "--model", str(model_dir / "tokenizer.model"), "--out", str(out)],
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        if attempt == 0 and "Operation not permitted" in done.stderr:
            pytest.skip("no permission for a network namespace")
        assert done.returncode == 0, done.stderr
        assert "GPT-4o (o200k_base)" in done.stdout and "tokenizer.model needs" in done.stdout
        figures.append(json.loads((out / "comparison.json").read_text(encoding="utf-8"))["comparison"])
    assert figures[0] == figures[1]
    assert figures[0]["tokenizer.model"]["all"]["tokens_per_1k_chars"] < figures[0]["cl100k_base"]["all"]["tokens_per_1k_chars"]


def test_compare_reads_plain_input_files_too(tmp_path):
    text = os.path.join(RESOURCES, "src", "constitution.txt")
    tokenizers = [openai_tokenizer("o200k_base"), openai_tokenizer("cl100k_base")]
    lines = corpus_lines([text])
    assert len(lines) > 100
    table = compare(lines, tokenizers)
    assert table["cl100k_base"]["fewer_tokens_than_gpt4o"]["all"] < 0  # GPT-4 needs more than GPT-4o
    assert table["o200k_base"]["fewer_tokens_than_gpt4o"]["all"] == 0
    with pytest.raises(CuratorError):
        sentencepiece_tokenizer(str(tmp_path / "missing.model"), "missing")

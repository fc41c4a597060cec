"""What the terminal says is true: progress follows analysed documents (not bytes read ahead),
stages are named, the summary is aligned and printed once by the demo (issue 18)."""

import io
import os
import re

from conftest import ROOT, run_cli, write_jsonl


def test_progress_follows_analysed_documents_not_reading(tmp_path, korean_docs):
    from curator.config import load_config
    from curator.pipeline.run import run_pipeline

    rows = [{"id": f"p{i}", "text": f"{korean_docs[i % len(korean_docs)]} {i}"} for i in range(480)]
    src = write_jsonl(tmp_path / "d.jsonl", rows)
    config = load_config(None)
    config["run"]["batch_docs"] = 16  # 30 batches; the reader runs up to 8 batches ahead
    seen: list[tuple[float, int]] = []
    run_pipeline([src], str(tmp_path / "ws"), config, workers=2, show_progress=False,
                 callback=lambda share, docs: seen.append((share, docs)))
    analysed = [(share, docs) for share, docs in seen if docs > 0]
    assert len(analysed) >= 30
    # the share of input reported never runs ahead of the documents analysed by more than a batch
    for share, docs in analysed:
        assert share <= docs / 480 + 16 / 480 + 0.01, (share, docs)
    assert analysed[-1] == (1.0, 480)


def test_progress_bar_and_stages_on_a_terminal(tmp_path, korean_docs):
    from curator.pipeline.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    progress = Progress(1000, stream=screen)
    progress.stage("analyse: 1 input(s)")
    for done in range(0, 1001, 250):
        progress.update(done // 10, done, force=True)
    progress.close(100, 1000)
    progress.stage("dedup: near-duplicate clusters")
    text = screen.getvalue()
    assert "analyse: 1 input(s)" in text and "dedup: near-duplicate clusters" in text
    assert "100%" in text and "100 docs" in text
    quiet = io.StringIO()  # not a terminal: nothing
    Progress(1000, stream=quiet).update(5, 500)
    assert quiet.getvalue() == ""


def test_summary_counts_line_up_and_demo_prints_it_once(tmp_path, korean_docs):
    src = write_jsonl(tmp_path / "d.jsonl", [{"text": d} for d in korean_docs] + [{"text": "ㅋㅋ"}])
    result = run_cli("run", src, "--out", str(tmp_path / "ws"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if re.search(r"\d+(\s+\d+\.\d%)?$", line)
            and not line.startswith(("read ", "workspace"))]
    ends = {len(re.match(r"^(.*?\d)(\s+\d+\.\d%)?$", line).group(1)) for line in rows}
    assert len(rows) >= 5 and len(ends) == 1, rows  # every count ends in one column
    with open(os.path.join(ROOT, "Makefile"), encoding="utf-8") as fh:
        demo = fh.read().split("\ndemo:")[1].split("\n\n")[0]
    assert "curator run" in demo and "curator stats" not in demo

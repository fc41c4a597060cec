"""Benchmark decontamination (issue 31) on real benchmark items (KLUE dev, resources/benchmarks)
and real Korean documents (resources/realtext): matching recall and false positives, the reason
in the verdict engine (stats, rows, export, decisions, apply), span mode, bad input and the app."""

import gzip
import json
import os
import random
import shutil
import sys

import pyarrow.parquet as pq
import pytest

from conftest import RESOURCES, ROOT, run_cli, write_jsonl

sys.path.insert(0, os.path.join(ROOT, "bench"))
import decontam_eval as E  # noqa: E402

from curator.decontam.benchmark import read_benchmark  # noqa: E402
from curator.decontam.index import BenchmarkIndex, MatchSettings  # noqa: E402
from curator.decontam.normalize import normalised_text  # noqa: E402

NLI = os.path.join(RESOURCES, "benchmarks", "klue-nli-dev.jsonl.gz")
BENCH_DIR = os.path.join(RESOURCES, "benchmarks")
RULE = "contamination:klue-nli-dev"


@pytest.fixture(scope="module")
def real():
    docs, bench = E.realtext(), E.klue_items()
    return docs, bench


def test_recall_and_false_positives_on_real_benchmarks_and_documents(real):
    docs, bench = real
    r = E.evaluate(MatchSettings(), per_variant=150, seed=1, docs=docs, bench=bench)
    assert r["recall"]["verbatim"] >= 0.95 and r["recall"]["respaced"] >= 0.95, r["recall"]
    assert r["recall"]["punctuation"] >= 0.95, r["recall"]
    assert r["recall"]["half"] >= 0.4, r["recall"]  # reported in the README; half of a short item is not enough
    # documents of the same domains without an item are kept: counted over every document that holds no
    # whole item, and over those sharing no 20-character passage with one (text copied from KLUE's sources)
    assert r["false_positive_rate"] <= 0.005, r["false_positives"]
    assert r["unrelated_false_positive_rate"] <= 0.005, r["false_positives"]
    assert r["clean_docs"] > 2500
    # real contamination: the review sentences KLUE took from Airbnb and the Wikinews articles KLUE NLI's
    # premises were cut from are found
    assert r["holding_found"] >= 0.95 * r["holding_docs"] and r["holding_docs"] > 600


def test_spacing_width_punctuation_and_line_breaks_do_not_hide_an_item():
    item = "흡연자분들은 발코니가 있는 방이면 발코니에서 흡연이 가능합니다."
    index = BenchmarkIndex([item])
    doc_variants = [
        "숙소 안내.\n" + item + "\n즐거운 여행 되세요.",
        "숙소 안내. 흡연자 분들은 발코니가있는 방이면발코니에서 흡연이 가능 합니다!! 즐거운 여행",
        "흡연자분들은\n발코니가 있는 방이면,\n발코니에서 흡연이 가능합니다",
        "흡연자분들은 발코니가 있는 방이면 발코니에서 흡연이 가능합니다．（ＯＫ）",  # full-width punctuation
    ]
    found = {m.doc: m for m in index.match(doc_variants)}
    assert sorted(found) == [0, 1, 2, 3]
    full = len(normalised_text(item)) / max(len(normalised_text(item)), MatchSettings().ref_chars)
    for doc, m in found.items():
        assert m.share == pytest.approx(full) and m.share > MatchSettings().min_share  # every character found
        (start, end), = m.spans
        assert normalised_text(doc_variants[doc][start:end]) == normalised_text(item)
    # a Latin item matches whatever its width and case
    latin = BenchmarkIndex(["The quick brown fox jumps over the lazy dog"])
    assert latin.match(["ＴＨＥ ＱＵＩＣＫ brown-fox JUMPS over the lazy dog."])[0].share == 1.0
    # a sentence that shares words but not the item's wording stays under the share
    assert all(m.share <= MatchSettings().min_share
               for m in index.match(["발코니가 있는 방에서만 흡연이 가능합니다. 다른 곳은 금연입니다."]))


def test_short_items_and_common_phrases_do_not_remove_documents(real):
    docs, _ = real
    settings = MatchSettings()
    short = "대한민국의 수도는 서울"  # a 10-character answer: not checked (too short to tell from a phrase)
    phrase_item = "대한민국 제21대 국회의원 선거에서 미래통합당은 완승했다."  # shares a common 14-character phrase
    index = BenchmarkIndex([short, phrase_item], settings)
    assert index.items_too_short == 1 and index.items_checked == 1
    pages = ["오늘 대한민국의 수도는 서울이라는 사실을 배웠다.",
             "대한민국 제21대 국회의원 선거가 4월 15일 치러졌다. 투표율은 66.2%였다."]
    assert [m for m in index.match(pages) if m.share > settings.min_share] == []
    # the same 14-character phrase with n-grams shorter than it would have matched: why n is 15
    loose = BenchmarkIndex([phrase_item], MatchSettings(n=8, min_item_chars=8, ref_chars=1))
    assert [m for m in loose.match(pages) if m.share > settings.min_share]
    # over every real document: no item of the KLUE benchmark under 15 characters is even looked for
    bench = E.klue_items()
    full = BenchmarkIndex(bench.items, settings)
    lengths = [len(normalised_text(t)) for t in bench.items]
    assert full.items_too_short == sum(1 for n in lengths if n < settings.min_item_chars)


def _inputs(tmp_path, n_clean=36, seed=5):
    """Real documents (comment, chat, blog, encyclopedic; none sharing a passage with KLUE), 12 of
    them with a KLUE NLI premise inserted (verbatim, re-spaced, punctuation changed)."""
    docs, bench = E.realtext(), read_benchmark([NLI])
    sharing = E.sharing_a_passage(docs, bench.items)
    pool = [d for i, d in enumerate(docs) if i not in sharing and not d["klue"]
            and d["style"] in ("comment", "chat", "blog", "encyclopedic") and len(d["text"]) < 2500]
    rng = random.Random(seed)
    chosen = rng.sample(pool, n_clean + 12)
    premises = [t for t, label in zip(bench.items, bench.labels) if label.endswith(".premise") and len(t) > 40]
    rows, inserted = [], {}
    for k, d in enumerate(chosen):
        text = d["text"]
        if k < 12:
            item = premises[k * 37 % len(premises)]
            variant = ("verbatim", "respaced", "punctuation")[k % 3]
            text = E.insert(text, E.MAKE[variant](item, rng), rng)
            inserted[d["id"]] = item
        rows.append({"id": d["id"], "text": text})
    return write_jsonl(tmp_path / "docs.jsonl", rows), inserted


@pytest.fixture(scope="module")
def decontaminated(tmp_path_factory):
    """`curator run ... --decontaminate klue-nli-dev.jsonl.gz` over real documents."""
    tmp = tmp_path_factory.mktemp("decontam")
    path, inserted = _inputs(tmp)
    ws = tmp / "ws"
    result = run_cli("run", path, "--out", str(ws), "--workers", "1", "--decontaminate", NLI)
    assert result.returncode == 0, result.stderr
    assert "klue-nli-dev" in result.stdout
    return ws, inserted


def _rows(ws, *args):
    out = run_cli("rows", str(ws), "--format", "jsonl", *args)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def _exported_texts(out):
    table = pq.read_table(out / "data", columns=["id", "text"])
    return dict(zip(table.column("id").to_pylist(), table.column("text").to_pylist()))


def test_run_marks_the_documents_and_export_holds_no_matched_item(decontaminated, tmp_path):
    ws, inserted = decontaminated
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["removed_by_rule"][RULE] == len(inserted) == 12
    assert stats["removed_by_family"]["contamination"] == 12
    marked = {r["id"] for r in _rows(ws, "--rule", RULE)}
    assert marked == set(inserted)
    # which item and where: the side file's spans hold the item (normalised) in the stored text
    texts = {r["id"]: r["text"] for r in _rows(ws, "--columns", "id,text")}
    matches = pq.read_table(ws / "contamination" / "klue-nli-dev.parquet").to_pylist()
    best = {}
    for m in matches:
        if m["share"] > 0.4:
            best.setdefault(m["id"], []).append(m)
    assert set(best) == set(inserted)
    for doc_id, found in best.items():
        top = max(found, key=lambda m: m["share"])
        assert top["item_text"] == inserted[doc_id]
        covered = "".join(texts[doc_id][s["start"]:s["end"]] for s in top["spans"])
        assert normalised_text(inserted[doc_id]) in normalised_text(covered)
    out = tmp_path / "export"
    result = run_cli("export", str(ws), "--out", str(out))
    assert result.returncode == 0, result.stderr
    exported = _exported_texts(out)
    assert not set(exported) & set(inserted) and len(exported) == stats["kept"]
    for item in inserted.values():
        assert not any(normalised_text(item) in normalised_text(t) for t in exported.values())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (bench,) = manifest["benchmarks"]
    with open(NLI, "rb") as fh:
        import hashlib
        digest = hashlib.sha256(fh.read()).hexdigest()
    assert bench["name"] == "klue-nli-dev" and bench["files"][0]["sha256"] == digest
    assert bench["items"] == 3200 and bench["matching"]["n"] == 15 and bench["documents_removed"] == 12
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Benchmark decontamination" in card and "`klue-nli-dev`" in card and digest[:16] in card


def test_accept_keeps_a_document_apply_keeps_the_rule_and_every_reader_agrees(decontaminated, tmp_path):
    ws0, inserted = decontaminated
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    accepted = sorted(inserted)[0]
    assert run_cli("decide", str(ws), accepted, "accept").returncode == 0
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"signal": "n_chars", "min": 50}}}), encoding="utf-8")
    result = run_cli("apply", str(ws), "--config", str(config))
    assert result.returncode == 0, result.stderr
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["removed_by_rule"][RULE] == 11  # the accepted one is kept; apply kept the rule
    kept = {r["id"] for r in _rows(ws, "--kept")}
    assert accepted in kept and len(kept) == stats["kept"]
    out = tmp_path / "export"
    assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
    assert set(_exported_texts(out)) == kept
    from curator.export.tokenizer import read_documents
    assert {doc_id for doc_id, _ in read_documents(str(ws))} == kept
    from curator.workspace.view import WorkspaceView
    view = WorkspaceView(str(ws))  # the app's live numbers
    try:
        assert view.counts().kept == stats["kept"] and view.counts().by_rule[RULE] == 11
        live = view.counts_with({RULE: (None, 1.0)}).kept  # the rule's bound moved in the app, not saved
    finally:
        view.close()
    # the bound moves like any rule's: above every share, nothing is removed for contamination
    config.write_text(json.dumps({"rules": {RULE: {"signal": "contamination_klue-nli-dev", "max": 1.0}}}),
                      encoding="utf-8")
    assert run_cli("apply", str(ws), "--config", str(config)).returncode == 0
    moved = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert RULE not in moved["removed_by_rule"] and moved["kept"] == live > stats["kept"]


def test_span_mode_cuts_the_lines_and_keeps_the_rest(decontaminated, tmp_path):
    from curator.pipeline.decontaminate import decontaminate
    from curator.workspace.layout import Workspace

    ws0, inserted = decontaminated
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    before = {r["id"]: r for r in _rows(ws, "--columns", "id,text,n_chars")}
    done = decontaminate(Workspace.open(str(ws)), [NLI], mode="span")
    assert done.cut == 12
    after = {r["id"]: r for r in _rows(ws, "--columns", "id,text,n_chars,kept,reasons")}
    for doc_id, item in inserted.items():
        assert normalised_text(item) not in normalised_text(after[doc_id]["text"])
        assert after[doc_id]["n_chars"] < before[doc_id]["n_chars"]
        assert RULE not in after[doc_id]["reasons"]
    assert sum(after[d]["kept"] for d in inserted) >= 9  # the rest of a real page still passes the rules
    matches = [m for m in pq.read_table(ws / "contamination" / "klue-nli-dev.parquet").to_pylist() if m["cut"]]
    assert {m["id"] for m in matches} == set(inserted)
    out = tmp_path / "export"
    assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
    exported = _exported_texts(out)
    assert set(inserted) & set(exported)
    for item in inserted.values():
        assert not any(normalised_text(item) in normalised_text(t) for t in exported.values())


def test_command_reads_every_format_and_names_a_bad_record(decontaminated, tmp_path):
    ws0, _ = decontaminated
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    with gzip.open(NLI, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][:300]
    import pyarrow as pa
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "nli.parquet")
    result = run_cli("decontaminate", str(ws), str(tmp_path / "nli.parquet"), "--name", "nli-pq",
                     "--fields", "premise")
    assert result.returncode == 0, result.stderr
    assert f"nli-pq: {len({r['premise'] for r in rows})} items" in result.stdout  # a premise has three records
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    result = run_cli("decontaminate", str(ws), str(bad))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.jsonl:line 2" in result.stderr
    assert run_cli("decontaminate", str(ws), str(tmp_path / "missing.jsonl")).returncode == 1
    assert run_cli("decontaminate", str(ws), NLI, "--name", "Bad Name").returncode == 1


@pytest.fixture()
def no_modal_questions(monkeypatch):
    from curator.gui import questions

    def unexpected(parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected modal question: {title}: {text}")
    monkeypatch.setattr(questions, "choose", unexpected)
    monkeypatch.setattr(questions, "ask_text", unexpected)


def test_app_filters_by_benchmark_and_marks_the_matched_item(qtbot, decontaminated, tmp_path, no_modal_questions):
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    from curator.gui import i18n
    from curator.gui.document_pane import BENCHMARK_COLOUR
    from curator.gui.main_window import MainWindow

    ws0, inserted = decontaminated
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    i18n.set_language("en")
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.model.synchronous = True
    win.open_workspace(str(ws))
    win.ask_unsaved = lambda: "discard"
    win.show()
    try:
        index = win.reason.findData(RULE)
        assert index > 0  # the benchmark is a reason to filter by, with its count
        assert "(12)" in win.reason.itemText(index)
        win.reason.setCurrentIndex(index)
        qtbot.waitUntil(lambda: win.model.rowCount() == 12, timeout=5000)
        doc_id = sorted(inserted)[0]
        win.pane.show_row(win.view, win.view.row_of(doc_id))
        qtbot.waitUntil(lambda: "klue-nli-v1_dev" in win.pane.benchmark_label.text(), timeout=5000)
        assert inserted[doc_id][:20] in win.pane.benchmark_label.text()
        assert BENCHMARK_COLOUR in win.pane.text.toHtml()
        assert "holds benchmark text" in win.pane.reasons.text() and RULE in win.pane.reasons.text()
        rules = [win.filters.rules.item(i).data(0x0100) for i in range(win.filters.rules.count())]
        assert RULE in rules or any(RULE in win.filters.rules.item(i).text() for i in range(win.filters.rules.count()))
    finally:
        i18n.set_language("ko")
        win.view.close()
        win.view = None

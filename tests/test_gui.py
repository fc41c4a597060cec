"""The desktop app, driven through its real widgets offscreen (pytest-qt)."""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402

from conftest import documents_table, menu_words, RESOURCES, run_cli  # noqa: E402
from curator.config import deep_merge  # noqa: E402
from curator.gui import i18n  # noqa: E402
from curator.gui.main_window import MainWindow  # noqa: E402
from curator.gui.questions import ask_text as REAL_ASK_TEXT, button_texts, choose as REAL_CHOOSE  # noqa: E402
from curator.workspace.store import load_decisions  # noqa: E402
from curator.filters.rules import rules_from_config  # noqa: E402
from curator.workspace.verdict import ACCEPT, REJECT  # noqa: E402


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """A question no test answers would wait forever for a click: it fails the test instead."""
    from curator.gui import questions

    def unexpected(parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected modal question: {title}: {text}")
    monkeypatch.setattr(questions, "choose", unexpected)
    monkeypatch.setattr(questions, "ask_text", unexpected)


@pytest.fixture()
def window(qtbot, demo, tmp_path):
    i18n.set_language("ko")
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.model.synchronous = True
    win.open_workspace(str(ws))
    win.model.synchronous = True
    win.ask_unsaved = lambda: "discard"  # no modal question when pytest-qt closes the window
    win.show()
    yield win
    if win.view is not None:
        win.view.close()
        win.view = None
    from curator.gui.document_pane import MORPHEMES
    MORPHEMES.close()  # the analysis process a test started goes with its window, as in the app


def core_kept(ws, config):
    """Kept documents with ``config``, counted here from the stored signals and dedup verdicts
    (not by the engine the app uses; the representatives these tests move stay the same)."""
    table = documents_table(ws)  # the parts joined with the derived table (dup_reason)
    removed = pc.is_valid(table.column("dup_reason")).to_numpy(zero_copy_only=False).copy()
    for rule in rules_from_config(config):
        removed |= rule.fails(table.column(rule.signal).to_numpy(zero_copy_only=False))
    return int((~removed).sum())


def test_open_workspace_shows_rows_and_counts(window):
    view = window.view
    assert window.model.rowCount() == view.n == 33
    stats = json.loads(run_cli("stats", view.ws.root, "--json").stdout)
    assert f"{stats['kept']:,}" in window.counts_label.text() and "유지" in window.counts_label.text()
    assert window.model.data(window.model.index(0, 0)) == "constitution-01"
    assert window.model.data(window.model.index(0, 6)).startswith("대한민국헌법")  # preview
    assert "constitution-01" in window.pane.header.text()


def test_filter_by_reason_and_search(window, qtbot):
    index = window.reason.findData("quality:stopwords")
    window.reason.setCurrentIndex(index)
    expected = window.view.select(reason="quality:stopwords")
    assert window.model.rowCount() == len(expected) > 0
    assert all("quality:stopwords" in window.model.data(window.model.index(i, 3)) for i in range(len(expected)))
    window.reason.setCurrentIndex(0)
    window.search.setText("국회의원")
    window.search.returnPressed.emit()
    qtbot.waitUntil(lambda: window.model.rowCount() < window.view.n, timeout=5000)
    texts = window.view.texts(window.model.rows)
    assert texts and all("국회의원" in t for t in texts)


def test_filter_by_signal_range_sorts_by_it(window):
    window.signal.setCurrentIndex(window.signal.findData("n_chars"))
    window.low.setText("1000")
    window.high.setText("3000")
    window.low.returnPressed.emit()
    lengths = [window.view.n_chars[r] for r in window.model.rows]
    assert lengths and all(1000 <= n <= 3000 for n in lengths) and lengths == sorted(lengths)
    assert len(lengths) == len(window.view.select(signal="n_chars", low=1000, high=3000))


def test_review_keys_store_decisions_and_undo(window, qtbot):
    window.tabs.setCurrentWidget(window.review)
    review = window.review
    qtbot.waitUntil(lambda: len(review.samples) > 0, timeout=5000)
    first, second = review.samples[0], review.samples[1]
    ids = window.view.ids
    qtbot.keyClick(review, Qt.Key_A)
    qtbot.keyClick(review, Qt.Key_X)
    decisions = load_decisions(window.view.ws)
    assert decisions == {ids[first].as_py(): "accept", ids[second].as_py(): "reject"}
    qtbot.keyClick(review, Qt.Key_Backspace)  # undo the reject
    assert load_decisions(window.view.ws) == {ids[first].as_py(): "accept"}
    assert review.current_row() == second
    qtbot.keyClick(review, Qt.Key_Space)  # skip
    assert review.current_row() == review.samples[2]
    assert "1" in review.status.text()  # one decision recorded


def test_dragging_a_threshold_counts_like_the_core(window, qtbot):
    window.tabs.setCurrentWidget(window.filters)
    panel = window.filters
    panel.select_rule("length:min_chars")
    histogram = panel.histogram
    qtbot.waitUntil(lambda: len(histogram.edges) > 0 and histogram.minimum == 100, timeout=5000)
    histogram.resize(600, 200)
    start = QPoint(int(histogram.x_of(100)), 60)
    target_value = 1500.0
    end = QPoint(int(histogram.x_of(target_value)), 60)
    qtbot.mousePress(histogram, Qt.LeftButton, pos=start)
    for step in range(1, 11):  # a real drag: several moves, coalesced into few counts
        x = start.x() + (end.x() - start.x()) * step // 10
        qtbot.mouseMove(histogram, QPoint(x, 60))
    qtbot.mouseRelease(histogram, Qt.LeftButton, pos=end)
    dragged_to = histogram.minimum
    assert abs(dragged_to - target_value) < (histogram.edges[-1] - histogram.edges[0]) / 50
    config = deep_merge(window.view.config, {"rules": {"length:min_chars": {"min": dragged_to}}})
    expected = core_kept(Path(window.view.ws.root), config)
    qtbot.waitUntil(lambda: panel.last_counts is not None and panel.last_counts.kept == expected, timeout=5000)
    assert f"{expected:,}" in panel.live.text()
    assert expected < window.view.counts().kept  # the stricter threshold removes more
    panel._show_flips()
    assert window.model.rowCount() == window.view.counts().kept - expected
    assert window.tabs.currentIndex() == 0  # the flipped documents are shown in the documents tab


def wait_pair(qtbot, dup):
    """The diff runs off the UI thread: wait until the pair on screen is drawn."""
    qtbot.waitUntil(lambda: getattr(dup, "shown_pair", None) == (dup.left_pick.currentData(),
                                                                 dup.right_pick.currentData()), timeout=10000)


def test_duplicates_view_opens_a_cluster(window, qtbot):
    dup = window.duplicates
    assert dup.clusters.count() == 0 and not dup.loaded  # nothing read while the tab is hidden
    window.tabs.setCurrentWidget(window.duplicates)
    assert dup.clusters.count() == len(window.view.cluster_sizes()) >= 1
    dup.clusters.setCurrentRow(0)
    assert len(dup.members) >= 2
    wait_pair(qtbot, dup)
    assert dup.left.toPlainText() and dup.right.toPlainText()
    # a difference is marked exactly when the two texts differ (exact duplicates show no mark)
    left, right = window.view.texts([dup.left_pick.currentData(), dup.right_pick.currentData()])
    assert ("background" in dup.left.toHtml()) == (left != right)
    old_rep = window.view.representative(dup.cluster)
    other = next(i for i in range(dup.right_pick.count()) if dup.right_pick.itemData(i) != old_rep)
    dup.right_pick.setCurrentIndex(other)
    chosen = dup.right_pick.currentData()
    dup.keep_right.click()
    assert load_decisions(window.view.ws)[window.view.ids[chosen].as_py()] == "accept"


def test_export_in_background_and_cancel_another(window, qtbot, tmp_path):
    dialog = window.export()
    dialog.output.setText(str(tmp_path / "export"))
    dialog.shard_size.setText("64KB")
    with qtbot.waitSignal(dialog.succeeded, timeout=20000):
        dialog.start_button.click()
    assert run_cli("verify", str(tmp_path / "export")).returncode == 0
    second = window.export()
    second.output.setText(str(tmp_path / "cancelled"))
    second.start_button.click()
    second.cancel_button.click()  # cancel while it runs
    qtbot.waitUntil(lambda: second.worker is None, timeout=20000)
    assert second.status.text() == i18n.tr("cancelled")
    assert not os.path.exists(tmp_path / "cancelled" / "manifest.json")


def test_screenshot_command_renders(demo, tmp_path):
    shot = tmp_path / "main.png"
    result = run_cli("gui", str(demo), "--screenshot", str(shot), "--language", "ko",
                     env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    # drawn, not blank: the menu bar's three Korean words (파일 · 결정 · 보기) are three different
    # glyph runs with strokes (a missing font draws the same box for every syllable) ...
    words = menu_words(image)
    assert len(words) >= 3 and words[0] != words[1] != words[2]
    assert all(len(set(w)) > 3 for w in words[:3])
    # ... and the table holds rows: many colours, not one background
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(60, image.height() - 40, 7)}
    assert len(colours) > 20


# ------------------------------------------------------------------ lost or misplaced work (issue 16)

def test_new_run_never_silently_replaces_a_workspace(window, qtbot, tmp_path, monkeypatch):
    from curator.gui.dialogs import RunDialog

    ws = window.view.ws.root
    first_id = window.view.ids[0].as_py()
    assert run_cli("decide", ws, first_id, "reject").returncode == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "workspace").mkdir()
    dialog = RunDialog([f"{RESOURCES}/corpus"], window)
    qtbot.addWidget(dialog)
    assert dialog.output.text() == str(tmp_path / "workspace-2")  # the default never points at one
    asked = []
    dialog.confirm_replace = lambda path, documents, decisions, notes: asked.append((documents, decisions, notes)) or False
    dialog.output.setText(ws)
    assert dialog.job() is None and asked == [(33, 1, 0)]  # asked, naming what the workspace holds
    assert load_decisions(window.view.ws) == {first_id: "reject"}
    dialog.confirm_replace = lambda path, documents, decisions, notes: True
    job = dialog.job()
    assert job is not None and job.kwargs["overwrite"] is True
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "draft.txt").write_text("초고", encoding="utf-8")
    asked.clear()
    dialog.confirm_replace = lambda *a: asked.append(a) or True
    dialog.output.setText(str(thesis))
    shown = []
    dialog.report_error = shown.append
    dialog.start()  # not a workspace: refused without asking, in a dialog
    assert dialog.worker is None and asked == [] and "not a workspace" in shown[0]
    assert (thesis / "draft.txt").exists()


def test_notes_stay_with_the_document_they_were_typed_on(window, qtbot, monkeypatch):
    from curator.gui import questions
    from curator.workspace.store import DecisionStore

    window.tabs.setCurrentWidget(window.review)
    review = window.review
    qtbot.waitUntil(lambda: len(review.samples) > 2, timeout=5000)
    ids = window.view.ids
    first, second, third = (ids[r].as_py() for r in review.samples[:3])
    asked = []
    monkeypatch.setattr(questions, "ask_text", lambda parent, title, label, text="": asked.append(label) or ("첫 문서 메모", True))
    qtbot.keyClick(review, Qt.Key_N)
    # the note dialog names the document it is for (its id and first words)
    start = " ".join(window.view.texts([review.samples[0]], limit=20)[0].split())
    assert first in asked[0] and start in asked[0]
    qtbot.keyClick(review, Qt.Key_Space)  # skip: the note stays on the first document
    qtbot.keyClick(review, Qt.Key_X)      # decide the second: it gets no note
    monkeypatch.setattr(questions, "ask_text", lambda *a, **k: ("세 번째 메모", True))
    qtbot.keyClick(review, Qt.Key_N)
    qtbot.keyClick(review, Qt.Key_A)
    qtbot.keyClick(review, Qt.Key_Backspace)  # undo the accept: the note stays
    store = DecisionStore.for_workspace(window.view.ws)
    try:
        assert store.notes() == {first: "첫 문서 메모", third: "세 번째 메모"}
        assert store.all() == {second: "reject"}
    finally:
        store.close()
    # the document pane: a note without a decision survives Enter and leaving the document
    window.tabs.setCurrentWidget(window.tabs.widget(0))
    window.select_row(4) if hasattr(window, "select_row") else window.pane.show_row(window.view, 4)
    window.pane.note.setText("결정 없는 메모")
    window.pane.note.editingFinished.emit()
    window.pane.note.setText("저장 전에 다른 문서로")  # typed, then another document is shown
    window.pane.show_row(window.view, 5)
    assert window.view.note(4) == "저장 전에 다른 문서로" and window.view.note(5) is None
    assert window.view.decision[4] == 0  # no decision was invented for it


def test_threshold_changes_are_kept_across_rules_and_saved_together(window, qtbot, tmp_path):
    window.tabs.setCurrentWidget(window.filters)
    panel = window.filters
    panel.select_rule("length:min_chars")
    qtbot.waitUntil(lambda: panel.rule is not None and panel.rule.name == "length:min_chars", timeout=5000)
    panel.try_thresholds(1500.0, None)
    panel.select_rule("quality:line_punct")
    qtbot.waitUntil(lambda: panel.rule.name == "quality:line_punct", timeout=5000)
    assert panel.bounds("length:min_chars") == (1500.0, None)  # not dropped by switching
    panel.try_thresholds(0.3, None)
    assert set(panel.pending) == {"length:min_chars", "quality:line_punct"}
    assert panel.changes.count() == 2 and "●" in panel.rules.currentItem().text()
    assert "1,500" in panel.changes.item(0).text() + panel.changes.item(1).text()
    both = {"rules": {"length:min_chars": {"min": 1500.0}, "quality:line_punct": {"min": 0.3}}}
    expected = core_kept(Path(window.view.ws.root), deep_merge(window.view.config, both))
    qtbot.waitUntil(lambda: panel.last_counts is not None and panel.last_counts.kept == expected, timeout=5000)
    saved_kept = window.view.counts().kept
    assert f"{expected - saved_kept:+,}" in panel.pending_label.text()
    # closing with unsaved changes asks; cancel keeps everything open
    window.ask_unsaved = lambda: "cancel"
    window.close()
    assert window.view is not None and panel.has_unsaved()
    panel.revert_all()
    assert not panel.pending and panel.bounds("length:min_chars") == (100, None)
    panel.select_rule("length:min_chars")
    panel.try_thresholds(1500.0, None)
    panel.select_rule("quality:line_punct")
    panel.try_thresholds(0.3, None)
    # together they remove more than a tenth of the documents more: asked first; "cancel" saves nothing
    asked = []
    panel.confirm_removal = lambda removed, share: asked.append((removed, share)) and False
    assert panel.save() is False and set(panel.pending) == {"length:min_chars", "quality:line_punct"}
    newly_removed = window.view.counts().kept - expected
    assert asked == [(newly_removed, newly_removed / window.view.n)] and newly_removed / window.view.n > 0.1
    panel.confirm_removal = lambda removed, share: True
    assert panel.save() is True
    qtbot.waitUntil(lambda: not panel.pending and window.view.config["rules"]["quality:line_punct"]["min"] == 0.3,
                    timeout=10000)
    qtbot.waitUntil(lambda: json.loads(run_cli("stats", window.view.ws.root, "--json").stdout)["kept"] == expected,
                    timeout=10000)
    meta = json.loads((Path(window.view.ws.root) / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["length:min_chars"]["min"] == 1500.0  # both rules written
    assert meta["config"]["rules"]["quality:line_punct"]["min"] == 0.3


def test_closing_saves_pending_thresholds_when_asked(window, qtbot):
    panel = window.filters
    window.tabs.setCurrentWidget(panel)
    panel.select_rule("length:min_chars")
    qtbot.waitUntil(lambda: panel.rule is not None and panel.rule.name == "length:min_chars", timeout=5000)
    panel.try_thresholds(800.0, None)
    root = Path(window.view.ws.root)
    window.ask_unsaved = lambda: "save"
    window.close()
    meta = json.loads((root / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["length:min_chars"]["min"] == 800.0
    window.view = None


def test_review_shows_no_agreement_before_a_decision(window, qtbot):
    window.tabs.setCurrentWidget(window.review)
    review = window.review
    qtbot.waitUntil(lambda: len(review.samples) > 0, timeout=5000)
    assert "%" not in review.status.text()  # "agreement 0 %" with nothing decided was wrong
    qtbot.keyClick(review, Qt.Key_X)
    assert "필터와 일치" in review.status.text() and "%" in review.status.text()


def test_borderline_sampling_orders_by_distance_to_a_real_border(window):
    view = window.view
    distance = view.borderline_distance()
    rows = view.sample("borderline", 10)
    assert len(rows) == 10
    assert list(distance[rows]) == sorted(distance[rows]) and distance[rows[0]] > 0
    # no row is "borderline" just for sitting on a bound shared by many (invalid_chars ≤ 0)
    zero = view.signal("invalid_chars") == 0
    assert zero.mean() > 0.5 and np.count_nonzero(distance == 0) < 0.1 * view.n  # before: every such row at 0
    assert len(set(np.round(distance[rows], 9))) > 1  # not all tied at one value


def test_duplicates_view_labels_real_verdicts_and_every_pair(window, qtbot):
    window.tabs.setCurrentWidget(window.duplicates)
    dup = window.duplicates
    dup.clusters.setCurrentRow(0)
    wait_pair(qtbot, dup)
    view = window.view
    for i in range(dup.left_pick.count()):
        row = dup.left_pick.itemData(i)
        word = "제거" if view.reasons(row) else "유지"
        assert word in dup.left_pick.itemText(i)  # the real verdict, not a fixed "kept"
    for i in range(dup.right_pick.count()):
        dup.right_pick.setCurrentIndex(i)
        wait_pair(qtbot, dup)
        if dup.right_pick.currentData() != dup.left_pick.currentData():
            assert "유사도" in dup.right_label.text() and "유사도" in dup.left_label.text()
    old = view.representative(dup.cluster)
    other = next(i for i in range(dup.right_pick.count()) if dup.right_pick.itemData(i) != old)
    dup.right_pick.setCurrentIndex(other)
    chosen = dup.right_pick.currentData()
    dup.keep_right.click()
    wait_pair(qtbot, dup)
    assert view.representative(dup.cluster) == chosen  # updated after "keep this one"
    assert dup.right_label.text().startswith("대표") and "유지" in dup.right_label.text()
    old_index = dup.left_pick.findData(old)
    assert "제거" in dup.left_pick.itemText(old_index) and "대표" not in dup.left_pick.itemText(old_index)


def test_errors_are_dialogs_not_stderr(window, qtbot, tmp_path):
    from curator.gui.dialogs import ExportDialog, RunDialog

    shown = []
    window.report_error = shown.append
    (tmp_path / "notes").mkdir()
    current = window.view
    assert window.open_workspace(str(tmp_path / "notes")) is False
    assert "not a workspace" in shown[-1] and window.view is current  # the open one stays
    export = ExportDialog(window.view, window)
    qtbot.addWidget(export)
    export.report_error = shown.append
    export.output.setText(str(tmp_path / "out"))
    export.shard_size.setText("12 parsecs")
    export.start()
    assert export.worker is None and "12 parsecs" in shown[-1] and not (tmp_path / "out").exists()
    run = RunDialog([], window)
    qtbot.addWidget(run)
    run.report_error = shown.append
    run.start()
    assert run.worker is None and "입력" in shown[-1]


def test_a_deleted_last_workspace_starts_empty_and_says_why(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.report_error = lambda message: pytest.fail(f"a dialog at start-up: {message}")
    assert win.open_workspace(str(tmp_path / "gone"), at_start=True) is False
    assert win.view is None and "gone" in win.counts_label.text()


def test_decisions_and_notes_export_from_the_app(window, tmp_path):
    view = window.view
    view.decide(0, "reject")
    view.set_note(1, "메모만")
    out = tmp_path / "d.csv"
    assert window.export_decisions(str(out)) == 2
    text = out.read_text(encoding="utf-8")
    assert text.startswith("id,decision,note,who,when") and "메모만" in text and "reject" in text
    shown = []
    window.report_error = shown.append
    assert window.export_decisions(str(tmp_path / "d.txt")) is None and ".jsonl or .csv" in shown[0]


def test_a_real_window_under_xvfb(demo, tmp_path, xvfb_display):
    """Platform xcb, not offscreen, on an Xvfb the test starts itself: the real window opens, is
    grabbed and closes."""
    import subprocess
    import sys

    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    shot = tmp_path / "xcb.png"
    result = subprocess.run([sys.executable, "-m", "curator.cli", "gui", str(demo), "--screenshot", str(shot)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    from PySide6.QtGui import QImage
    image = QImage(str(shot))
    assert image.width() >= 1000 and image.height() >= 600
    # drawn, not blank: the menu bar's three Korean words (파일 · 결정 · 보기) are three different
    # glyph runs with strokes (a missing font draws the same box for every syllable) ...
    words = menu_words(image)
    assert len(words) >= 3 and words[0] != words[1] != words[2]
    assert all(len(set(w)) > 3 for w in words[:3])
    # ... and the table holds rows: many colours, not one background
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(60, image.height() - 40, 7)}
    assert len(colours) > 20
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 10  # a painted window, not a blank frame


def test_numbers_are_for_people():
    from curator.gui.i18n import number
    assert number(3630.0) == "3,630" and number(4e5) == "400,000" and number(1234.5678) == "1,235"
    assert number(0.0001234) == "0.0001234" and number(-9.5) == "-9.5" and number(None) == "—"
    assert "e" not in number(1.5e-7) and "e" not in number(12.3456789)


def test_table_sorts_both_ways_with_an_indicator_and_filters_by_decision(window):
    from curator.gui.table_model import COLUMNS

    view, header = window.view, window.table.horizontalHeader()
    chars = COLUMNS.index("n_chars")
    window._sort_by(chars)
    lengths = [int(view.n_chars[r]) for r in window.model.rows]
    assert lengths == sorted(lengths) and header.isSortIndicatorShown()
    assert header.sortIndicatorSection() == chars and header.sortIndicatorOrder() == Qt.AscendingOrder
    window._sort_by(chars)
    assert [int(view.n_chars[r]) for r in window.model.rows] == sorted(lengths, reverse=True)
    assert header.sortIndicatorOrder() == Qt.DescendingOrder
    view.decide(3, "reject")
    view.decide(7, "accept")
    window.model.refresh_verdicts()
    decision = COLUMNS.index("decision")
    shown = {window.model.row_at(i): window.model.data(window.model.index(i, decision))
             for i in range(window.model.rowCount())}
    assert shown[3] == "거부" and shown[7] == "수락" and shown[0] == ""
    window._sort_by(decision)
    assert set(window.model.rows[-2:].tolist()) == {3, 7}  # decided rows after undecided ones
    window.decision_filter.setCurrentIndex(window.decision_filter.findData("reject"))
    assert window.model.rows.tolist() == [3]


def test_morphemes_are_analysed_in_a_worker_process_not_the_app(window, qtbot):
    """The 0.9 GB Kiwi model never loads in the app's process: the document pane asks the
    morpheme service, whose spawned worker process holds it."""
    import sys

    from curator.gui.document_pane import MORPHEMES

    kiwi_here_before = "kiwipiepy" in sys.modules
    window.pane.show_row(window.view, window.view.row_of("constitution-01"))
    window.pane.morph_button.setChecked(True)
    qtbot.waitUntil(lambda: "morph:" in window.pane.text.toHtml(), timeout=60_000)
    html_text = window.pane.text.toHtml()
    assert "morph:NNG:헌법" in html_text or "morph:NNP:대한민국" in html_text
    workers = list(MORPHEMES._pool._processes.values())
    assert workers and all(p.pid != os.getpid() and p.is_alive() for p in workers)
    assert ("kiwipiepy" in sys.modules) == kiwi_here_before
    window.pane.morph_button.setChecked(False)
    MORPHEMES.close()
    assert MORPHEMES._pool is None


def test_bulk_decisions_on_a_selection_a_filter_and_a_cluster_undo_in_one_step(window, qtbot):
    view = window.view
    kept_before = view.counts().kept
    window.model.set_rows(view.select("kept"))
    accepted = int(window.model.rows[4])
    view.decide(accepted, "accept")  # decided before the bulk action: undo must give it back
    selection = window.table.selectionModel()
    from PySide6.QtCore import QItemSelectionModel
    selection.clearSelection()
    for line in (1, 2, 4):
        selection.select(window.model.index(line, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    rows = window.selected_rows()
    assert sorted(rows.tolist()) == sorted(int(window.model.rows[i]) for i in (1, 2, 4))
    assert window.decide_rows(rows, "reject") == 3
    assert view.counts().kept == kept_before - 3
    stored = load_decisions(view.ws)
    assert all(stored[view.ids[int(r)].as_py()] == "reject" for r in rows)
    assert "3" in window.statusBar().currentMessage()
    # all shown with a reason: the reason filter, then "all shown"
    reason = "quality:bullet_lines" if view.counts().by_rule.get("quality:bullet_lines") else next(iter(view.counts().by_rule))
    window.model.set_rows(view.select(reason=reason))
    shown = window.model.rows.copy()
    window.decide_rows(shown, "accept")
    assert all(view.decision[shown] == 1)
    # a whole cluster but its representative
    cluster, size = view.cluster_sizes()[0]
    member = int(view.cluster_members(cluster)[0])
    window.pane.show_row(view, member)
    keep = view.representative(cluster)
    keep_decision = int(view.decision[keep])  # the earlier steps may have decided it: left as it is
    assert window.reject_cluster_of_current() == size - 1
    others = [int(m) for m in view.cluster_members(cluster) if int(m) != keep]
    assert int(view.decision[keep]) == keep_decision and all(view.decision[others] == 2)
    # three undo steps, each one whole action; the document accepted before comes back accepted
    assert window.undo_bulk() == size - 1
    assert window.undo_bulk() == len(shown)
    assert window.undo_bulk() == 3
    assert view.store.all().get(view.ids[accepted].as_py()) == "accept"
    assert all(view.ids[int(r)].as_py() not in view.store.all() for r in rows if int(r) != accepted)
    assert view.counts().kept == kept_before  # the accepted one was kept anyway
    assert window.undo_bulk() == 0


def test_histogram_marks_the_reference_cut_and_the_pane_says_how_far_past_a_threshold(window, qtbot):
    from curator.filters.calibration import past_threshold, reference_cut

    reference = window.view.config["reference"]
    window.tabs.setCurrentWidget(window.filters)
    panel = window.filters
    panel.select_rule("quality:word_order")
    histogram = panel.histogram
    cut = reference_cut(reference, window.view.config["rules"]["quality:word_order"]["signal"], "min")
    qtbot.waitUntil(lambda: histogram.cuts == {"min": cut}, timeout=5000)  # drawn when its values arrive
    # the reference's own 1 % cut, drawn apart from the threshold (the junk side moved the threshold past it)
    assert cut != histogram.minimum
    assert histogram.edges[0] <= cut <= histogram.edges[-1]
    # a document removed by a rule: how far past, and what share of clean reference text is that far out
    rules = {r.name: r for r in window.view.rules}
    row = next(r for r in range(window.view.n) if any(x in rules for x in window.view.document(r)["reasons"]))
    window.pane.show_row(window.view, row)
    record = window.view.document(row)
    rule = rules[next(x for x in record["reasons"] if x in rules)]
    distance, share = past_threshold(reference, rule, record[rule.signal])
    text = window.pane.reasons.text()
    assert f"{i18n.number(distance)} 넘음" in text
    if share is not None:
        assert "깨끗한 기준 텍스트 중 이만큼 벗어난 비율" in text


def test_search_as_typed_and_by_lemma_marks_the_hits_in_the_text(window, qtbot):
    from curator.gui.document_pane import HIT_COLOUR

    window.search.setText("대한민국")
    window.search_mode.setCurrentIndex(window.search_mode.findData("text"))
    window.apply_filters()
    qtbot.waitUntil(lambda: window.shown.text() != i18n.tr("working") and window.model.rowCount() > 0, timeout=10000)
    as_typed = window.model.rowCount()
    window.pane.show_row(window.view, int(window.model.rows[0]))
    assert window.pane.hits and all(window.pane.record["text"][a:b] == "대한민국" for a, b in window.pane.hits)
    assert HIT_COLOUR[1:] in window.pane.text.toHtml().lower()  # marked (Qt writes background-color:#fff176)

    window.search.setText("보장하다")  # 보장한다, 보장하며, 보장하기 ... but not 보장된다 or the noun alone
    window.search_mode.setCurrentIndex(window.search_mode.findData("lemma"))  # changing the mode searches again
    qtbot.waitUntil(lambda: window.shown.text() != i18n.tr("working") and window.model.rowCount() > 0, timeout=60000)
    assert window.model.rowCount() != as_typed
    row = int(window.model.rows[0])
    window.pane.show_row(window.view, row)
    qtbot.waitUntil(lambda: bool(window.pane.hits), timeout=60000)
    text = window.pane.record["text"]
    assert all(text[a:b].startswith("보장") and text[a + 2] in "하한할합했해" for a, b in window.pane.hits)


def test_a_long_document_is_shown_a_page_at_a_time_and_a_hit_opens_its_page(qtbot, tmp_path):
    """400,000 characters laid out at once froze the UI 1.7 s: the pane shows pages of at most
    PAGE_CHARS (smaller in the morpheme view), and a search hit far down opens its page."""
    import json as json_
    from curator.gui.document_pane import MORPHEME_PAGE_CHARS, PAGE_CHARS
    from conftest import run_cli

    law = open(Path(__file__).parent.parent / "resources" / "src" / "constitution.txt", encoding="utf-8").read()
    long_text = (law * (120_000 // len(law) + 1))[:120_000] + "\n맨 끝에만 있는 문장입니다."
    source = tmp_path / "long.jsonl"
    source.write_text(json_.dumps({"id": "long", "text": long_text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_cli("run", str(source), "--out", str(tmp_path / "ws")).returncode == 0
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.ask_unsaved = lambda: "discard"
    win.open_workspace(str(tmp_path / "ws"))
    pane = win.pane
    pane.show_row(win.view, 0)
    assert len(pane.pages) == len(long_text) // PAGE_CHARS + 1 and pane.page == 0
    assert len(pane.text.toPlainText()) <= PAGE_CHARS and not pane.next_page.isHidden()
    assert pane.page_label.text() == i18n.tr("page", page=1, pages=len(pane.pages))
    assert "".join(long_text[a:b] for a, b in zip(pane.pages, pane.pages[1:] + [len(long_text)])) == long_text
    pane.turn_page(1)
    # (words compared: HTML folds a line's leading spaces, which a page may now start with)
    assert pane.page == 1 and pane.text.toPlainText().split()[:8] == long_text[pane.pages[1]:].split()[:8]
    assert pane.page_text() == long_text[pane.pages[1]:pane.pages[2]]
    pane.set_query("맨 끝에만", "text")
    assert pane.page == len(pane.pages) - 1 and "맨 끝에만" in pane.text.toPlainText()
    pane.morph_button.setChecked(True)  # morpheme view: smaller pages, the same place in the text
    assert len(pane.page_text()) <= MORPHEME_PAGE_CHARS and "맨 끝에만" in pane.page_text()
    pane.morph_button.setChecked(False)
    win.view.close()
    win.view = None


def test_duplicate_diff_shows_the_difference_however_far_into_long_documents_it_is():
    from curator.gui.duplicates import SHOWN_CHARS, diff_html

    law = open(Path(__file__).parent.parent / "resources" / "src" / "constitution.txt", encoding="utf-8").read()
    a = (law * 3)[:57_000]
    b = a[:40_000] + "이 문장은 두 번째 사본에만 있습니다." + a[40_000:]
    left, right = diff_html(a, b)
    assert "이 문장은 두 번째 사본에만 있습니다" in right and "c9f2d1" in right  # marked on its side
    assert len(left) < 3 * SHOWN_CHARS and len(right) < 3 * SHOWN_CHARS  # bounded, not 57,000 characters
    assert i18n.tr("identical_chars", n=1).split("1")[0].strip() in left  # the identical stretch is summarised


def test_the_pane_and_the_review_mark_what_triggered_a_rule_with_a_legend(window, qtbot):
    from curator.gui.document_pane import EVIDENCE_COLOURS

    view = window.view
    row = next(r for r in range(view.n) if view.document(r)["id"] == "defect-gambling-spam")
    window.pane.show_row(view, row)
    qtbot.waitUntil(lambda: bool(window.pane.evidence), timeout=10000)
    text = window.pane.record["text"]
    kinds = {k for _, _, k in window.pane.evidence}
    assert "spam" in kinds and any(text[a:b] == "카지노" for a, b, k in window.pane.evidence if k == "spam")
    assert i18n.tr("evidence_spam") in window.pane.legend.text()
    assert EVIDENCE_COLOURS["spam"][1:] in window.pane.text.toHtml().lower()
    # a kept document: no evidence, no legend
    kept = next(r for r in range(view.n) if not view.document(r)["reasons"])
    window.pane.show_row(view, kept)
    assert window.pane.legend.text() == "" and window.pane.evidence == []
    # the review shows the same marks for the document it asks about
    from curator.gui.review import review_html
    from PySide6.QtWidgets import QLabel
    legend = QLabel()
    html_ = review_html(view.document(row), [r.signal for r in view.rules if r.name in view.reasons(row)], legend)
    assert EVIDENCE_COLOURS["spam"] in html_ and i18n.tr("evidence_spam") in legend.text()


def test_language_switches_without_restart_keeping_the_work_in_progress(window, qtbot):
    panel = window.filters
    panel.select_rule("length:min_chars")
    panel.try_thresholds(500.0, None)  # an unsaved change
    window.search.setText("국민")
    window.tabs.setCurrentWidget(window.filters)
    root = window.view.ws.root
    window._set_language("en")
    successor = window.replaced_by
    qtbot.addWidget(successor)
    successor.ask_unsaved = lambda: "discard"
    try:  # taken over in steps, one per event-loop turn: the old window goes when the new one shows
        assert window.isVisible() and not successor.isVisible()
        assert successor.tabs.count() == 1  # the other tabs are built a turn each (a whole window: 37-56 ms)
        qtbot.waitUntil(lambda: successor.isVisible() and not window.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: successor.steps_pending == 0, timeout=5000)
        assert [successor.tabs.widget(i) for i in (1, 2, 3)] == [successor.filters, successor.review, successor.duplicates]
        assert [successor.tabs.tabText(i) for i in range(4)] == [i18n.tr(k) for k in ("documents", "filters", "review",
                                                                                        "duplicates")]
        assert successor.table.updatesEnabled()  # painted a turn after the rest of the window
        assert window.view is None and successor.view is not None and successor.view.ws.root == root
        assert [a.text() for a in successor.menuBar().actions()][0] == "File"
        assert successor.filters.pending == {"length:min_chars": (500.0, None)}
        expected = core_kept(Path(root), deep_merge(successor.view.config, {"rules": {"length:min_chars": {"min": 500.0}}}))
        qtbot.waitUntil(lambda: successor.filters.last_counts is not None, timeout=5000)
        assert successor.filters.last_counts.kept == expected  # the unsaved change is counted, not only listed
        assert successor.search.text() == "국민" and successor.tabs.currentWidget() is successor.filters
        assert successor.windowTitle().startswith(i18n.tr("app"))
    finally:
        i18n.set_language("ko")
        if successor.view is not None:
            successor.view.close()
            successor.view = None


def test_a_background_open_lands_the_newest_request_and_reports_what_cannot_open(window, qtbot, demo, tmp_path,
                                                                                   monkeypatch):
    """The menu, recent list, drop and a finished run open on a worker (the UI thread only adopts
    the view); an older open landing after a newer one is dropped and its view closed."""
    from curator.workspace.view import WorkspaceView

    shown, closed = [], []
    window.report_error = shown.append
    real_close = WorkspaceView.close
    monkeypatch.setattr(WorkspaceView, "close", lambda self: (closed.append(self.ws.root), real_close(self)))
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(demo, first)
    shutil.copytree(demo, second)
    current = window.view
    assert window.open_workspace(str(first), background=True) is True
    assert window.open_workspace(str(second), background=True) is True
    assert window.view is current  # nothing adopted on the UI thread yet
    qtbot.waitUntil(lambda: window.view is not current, timeout=20000)
    qtbot.wait(200)  # the older open's result, if it came later, has landed too
    assert window.view.ws.root == str(second) and window.model.rowCount() == window.view.n == 33
    assert window.pane.row == 0 and "constitution-01" in window.pane.header.text()
    assert sorted(closed) == sorted([current.ws.root, str(first)])  # the replaced one and the stale one
    (tmp_path / "notes").mkdir()
    adopted = window.view
    window.open_workspace(str(tmp_path / "notes"), background=True)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "not a workspace" in shown[-1] and window.view is adopted  # the open one stays


def test_evidence_marks_that_touch_are_one_span_and_a_page_takes_only_its_marks():
    """A repetitive long document has thousands of overlapping evidence spans: one <span> per look
    (labelled PII marks stay apart), and a page cuts only the marks that reach into it."""
    from curator.gui.document_pane import SpanIndex, _shifted, pii_html

    text = "가나다라마바사아자차" * 10
    evidence = [(i, i + 5, "repeated_ngram") for i in range(0, 60, 3)]
    html_ = pii_html(text, [{"kind": "phone", "start": 70, "end": 73}, {"kind": "phone", "start": 73, "end": 76}],
                     evidence=evidence)
    assert html_.count("<span") == 1 + 2 and html_.count("<sub") == 2
    from curator.gui.offload import OFFLOAD
    from curator.signals.evidence import evidence as find
    long_text = "무단전재 및 재배포 금지\n" + "같은 줄이 반복됩니다.\n" * 3000
    kinds = ["repeated_line", "boilerplate"]
    try:  # a long text's evidence comes from the offload process, the same as computed here
        assert OFFLOAD.call(find, long_text, kinds) == find(long_text, kinds) != []
    finally:
        OFFLOAD.close()
    spans = [(a, b, k) for a in range(0, 5000, 7) for b, k in ((a + 3, "x"), (a + 40, "y"))]
    index = SpanIndex(spans)
    for offset, end in ((0, 100), (1000, 2000), (4990, 5100), (6000, 7000)):
        naive = sorted((a, b, k) for a0, b0, k in spans for a, b in _shifted([(a0, b0)], offset, end - offset))
        assert sorted(index.page(offset, end)) == naive


def test_a_text_size_change_refits_the_signal_columns_without_drawing_the_document_again(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from curator.gui import theme

    app = QApplication.instance()
    size = app.font().pointSize()
    pane = window.pane
    assert pane.row is not None
    header = pane.signals_table.horizontalHeader()
    before = [header.sectionSize(c) for c in (1, 2, 3)]
    drawn = []
    monkeypatch.setattr(pane, "_render", lambda: drawn.append(1))
    monkeypatch.setattr(pane, "show_row", lambda *a: drawn.append(1))
    try:
        window.change_text_size(8)
        qtbot.waitUntil(lambda: window.steps_pending == 0)  # a part per event-loop turn
        assert app.font().pointSize() == theme.DEFAULT_POINT_SIZE + 8
        assert pane.text.font().pointSize() == theme.DEFAULT_POINT_SIZE + 8  # the text follows
        assert all(after > b for after, b in zip((header.sectionSize(c) for c in (1, 2, 3)), before))
        assert drawn == []
    finally:
        font = app.font()
        font.setPointSize(size)
        app.setFont(font)


def test_a_text_size_change_reaches_every_widget_a_part_per_turn_shown_parts_first(window, qtbot):
    """The app font set in one go made Qt lay out and repaint every widget, the tabs not shown
    too, in one slice (34-76 ms of the UI thread's CPU loaded): the shown document's text, the
    table and the pane take the size first, a turn each, then the other tabs, the app font last.
    In the end every widget has the new size (a second change too: a part set once keeps its own
    font unless set again) and the shown page is laid out in it."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance()
    size = app.font().pointSize()
    pane = window.pane
    watched = {"text": pane.text, "table": window.table, "pane": pane, "filters": window.filters,
               "review": window.review, "window": window}
    order = []

    class FontChanges(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.FontChange:
                order.append(next(k for k, w in watched.items() if w is obj))
            return False
    spy = FontChanges()
    for widget in watched.values():
        widget.installEventFilter(spy)

    def line_height() -> float:
        layout = pane.text.document().firstBlock().layout()
        return layout.lineAt(0).height() if layout.lineCount() else 0.0

    def styled(widget) -> bool:  # a style sheet's font size (the review's text) is its own, in pixels
        while widget is not None and "font" not in widget.styleSheet():
            widget = widget.parentWidget()
        return widget is not None

    def sizes() -> set:
        return {w.font().pointSize() for w in [window, *window.findChildren(QWidget)] if not styled(w)}
    try:
        for step in (4, -2):
            before = line_height()
            order.clear()
            window.change_text_size(step)
            expected = window.settings.value("point_size", type=int)
            assert window.steps_pending >= len(window._font_parts()) and order == []  # nothing in this turn
            qtbot.waitUntil(lambda: window.steps_pending == 0)
            assert order[:3] == ["text", "table", "pane"]  # the shown tab's heavy parts first
            assert order.index("filters") < order.index("window") and order.index("review") < order.index("window")
            assert len(order) == len(set(order))  # each part laid out once
            assert app.font().pointSize() == expected and sizes() == {expected} and window.table.updatesEnabled()
            assert pane.text.document().defaultFont().pointSize() == expected
            qtbot.waitUntil(lambda: line_height() > 0)
            assert (line_height() > before) == (step > 0) and line_height() != before
    finally:
        for widget in watched.values():
            widget.removeEventFilter(spy)
        font = app.font()
        font.setPointSize(size)
        app.setFont(font)


def test_a_table_cell_answers_all_roles_in_one_call_as_data_does(window):
    """Qt 6's delegate asks 7 roles of a cell at once (multiData); through ``data`` each was a call
    into Python of its own, and Qt's ``index`` asked rowCount and columnCount per cell: a repaint of
    the visible cells took twice as long. Both answer as ``data`` and the default ``index`` did."""
    from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan

    model = window.model
    roles = (Qt.DisplayRole, Qt.ForegroundRole, Qt.TextAlignmentRole, Qt.ToolTipRole, Qt.FontRole, Qt.DecorationRole,
             Qt.BackgroundRole, Qt.CheckStateRole)
    window.view.decide(model.row_at(1), "reject")  # a decision cell with a value
    model.refresh_verdicts()
    seen = set()
    for line in (0, 1, model.rowCount() - 1):
        for column in range(model.columnCount()):
            index = model.index(line, column)
            assert index.isValid() and (index.row(), index.column()) == (line, column)
            for role in roles:
                slot = QModelRoleData(int(role))
                model.multiData(index, QModelRoleDataSpan(slot))
                expected, got = model.data(index, role), slot.data()
                if hasattr(expected, "color"):
                    expected, got = expected.color().name(), got.color().name()
                assert got == expected, (line, column, role)
                if expected is not None:
                    seen.add(role)
    assert {Qt.DisplayRole, Qt.ForegroundRole, Qt.TextAlignmentRole, Qt.ToolTipRole} <= seen
    cell = model.index(0, 0)
    for row, column, parent in ((-1, 0, QModelIndex()), (model.rowCount(), 0, QModelIndex()),
                                (0, model.columnCount(), QModelIndex()), (0, 0, cell)):
        assert not model.index(row, column, parent).isValid()


def test_dark_palette_and_text_size_apply_at_once_and_keep_meaningful_colours_readable(window, qtbot):
    from PySide6.QtWidgets import QApplication

    from curator.gui import theme

    app = QApplication.instance()
    size = app.font().pointSize()
    try:
        window.set_theme("dark")
        assert theme.is_dark() and window.settings.value("theme") == "dark"
        row = 0
        brush = window.model.data(window.model.index(row, 1), Qt.ForegroundRole)
        assert brush.color().lightness() > 128  # kept/removed text light on the dark base
        assert theme.colour("line").lightness() > 200  # histogram threshold lines visible
        qtbot.waitUntil(lambda: window.steps_pending == 0)
        signals = window.pane.signals  # pass/fail in the document pane too
        assert signals.rowCount() and all(signals.item(r, 3).foreground().color().lightness() > 128
                                          for r in range(signals.rowCount()))
        window.change_text_size(1)
        qtbot.waitUntil(lambda: window.steps_pending == 0)
        assert app.font().pointSize() == window.settings.value("point_size", type=int) == theme.DEFAULT_POINT_SIZE + 1
        window.change_text_size(0)
        qtbot.waitUntil(lambda: window.steps_pending == 0)
        assert app.font().pointSize() == theme.DEFAULT_POINT_SIZE
    finally:
        window.set_theme("light")
        qtbot.waitUntil(lambda: window.steps_pending == 0)
        font = app.font()
        font.setPointSize(size)
        app.setFont(font)
    assert not theme.is_dark() and theme.colour("line").lightness() < 100
    assert all(signals.item(r, 3).foreground().color().lightness() < 128 for r in range(signals.rowCount()))


def test_review_has_buttons_and_its_keys_work_whatever_has_focus(window, qtbot):
    window.tabs.setCurrentWidget(window.review)
    review = window.review
    qtbot.waitUntil(lambda: len(review.samples) > 1, timeout=5000)
    first = review.samples[0]
    review.strategy.setFocus()  # a combo box has the focus: "x" must still reject
    qtbot.keyClick(review.strategy, Qt.Key_X)
    assert load_decisions(window.view.ws) == {window.view.ids[first].as_py(): "reject"}
    accept = next(b for b in review.findChildren(QPushButton) if b.text().startswith(i18n.tr("accept")))
    accept.click()  # the same decisions by mouse
    assert load_decisions(window.view.ws)[window.view.ids[review.samples[1]].as_py()] == "accept"


def test_histogram_value_ticks_are_round_numbers_inside_the_range():
    from curator.gui.histogram import nice_ticks

    assert nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(-1.4, 7.9) == [0.0, 2.0, 4.0, 6.0]  # never "-0"
    assert nice_ticks(86, 8919) == [2000.0, 4000.0, 6000.0, 8000.0]
    assert nice_ticks(3.0, 3.0) == []


def test_views_not_shown_load_nothing_at_open(window, qtbot):
    assert window.tabs.currentIndex() == 0
    assert not window.review.loaded and window.review.samples == []  # no sample drawn yet
    assert not window.duplicates.loaded
    window.tabs.setCurrentWidget(window.review)
    qtbot.waitUntil(lambda: len(window.review.samples) > 0, timeout=5000)
    assert window.review.loaded


def test_morpheme_analysis_of_a_page_no_longer_shown_is_cancelled_not_queued(window, qtbot):
    """Turning pages fast in the morpheme view: analyses asked for and superseded before they
    started are cancelled in the analysis process's queue; only the page shown is drawn."""
    import json as json_
    from conftest import run_cli

    law = open(Path(__file__).parent.parent / "resources" / "src" / "constitution.txt", encoding="utf-8").read()
    source = Path(window.view.ws.root).parent / "long.jsonl"
    source.write_text(json_.dumps({"id": "long", "text": (law * 3)[:30_000]}, ensure_ascii=False) + "\n", encoding="utf-8")
    ws = Path(window.view.ws.root).parent / "long-ws"
    assert run_cli("run", str(source), "--out", str(ws)).returncode == 0
    window.open_workspace(str(ws))
    pane = window.pane
    pane.show_row(window.view, 0)
    pane.morph_button.setChecked(True)  # page 1 of the 4,000-character pages is analysed
    futures = []
    for _ in range(3):  # three pages on in quick succession
        futures.append(pane.morph_future)
        pane.turn_page(1)
    last = pane.morph_future
    assert any(f.cancelled() for f in futures[1:])  # a superseded page waiting in the queue never ran
    qtbot.waitUntil(lambda: last.done() and "morph:" in pane.text.toHtml(), timeout=60000)
    import re
    drawn = re.sub(r"[A-Z]+|\s", "", pane.text.toPlainText())  # the page's text, its POS tags taken out
    assert pane.page == 3 and drawn.startswith(re.sub(r"\s", "", pane.page_text())[:30])


def test_a_result_arriving_after_its_window_closed_is_ignored(qtbot, demo, tmp_path):
    """A count worker still running when its window is closed and deleted (a language switch does
    this) used to reach the deleted labels when its result landed."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    win.ask_unsaved = lambda: "discard"
    win.open_workspace(str(ws))
    win.filters.select_rule("length:min_chars")
    win.filters.try_thresholds(900.0, None)  # a count starts in a worker
    QThreadPool.globalInstance().waitForDone(10000)  # its result is queued for the UI thread
    view, win.view = win.view, None
    win.close()
    import shiboken6
    shiboken6.delete(win)  # the window's C++ objects are gone, as after a close with deleteLater
    for _ in range(20):  # the queued result lands now; pytest-qt fails the test on any exception
        QApplication.processEvents()
    view.close()


def test_learning_from_decisions_in_the_app_marker_adopt_and_informative_review(window, qtbot):
    """The curator decides in the app (rejects the filters' removals and every kept document
    shorter than the median, accepts the longer ones; the shortest and the longest stay undecided),
    learns from the decisions without leaving it, and gets: the learned score explained in the
    pane, quality:learned among the rules, a suggested length:min_chars bound drawn on its
    histogram that one click adopts (the undecided short document flips) and "save all" writes,
    and a review in the "most informative" order."""
    view = window.view
    removed = np.flatnonzero(view.removed_mask())
    kept = np.flatnonzero(~view.removed_mask())
    kept = kept[np.argsort(view.n_chars[kept], kind="stable")]
    undecided = kept[[0, -1]]
    kept = kept[1:-1]
    median = float(np.median(view.n_chars[kept]))
    short, long = kept[view.n_chars[kept] < median], kept[view.n_chars[kept] >= median]
    window.decide_rows(removed, "reject")
    window.decide_rows(short, "reject")
    window.decide_rows(long, "accept")
    asked = []
    window.ask_enable_learned = lambda figures, rows: asked.append((figures, rows)) or True
    worker = window.learn()
    qtbot.waitUntil(lambda: window.view is not view and window.view.config["rules"]["quality:learned"].get("enabled"),
                    timeout=60000)
    assert worker is not None and window.review.learn_button.isEnabled()
    assert "quality:learned" in [r.name for r in window.view.rules]
    # asked before it removed anything: its figures and the very documents it then removed
    (figures, rows), = asked
    assert figures["f1"] >= 0.6 and figures["removed"] == len(rows)
    assert set(rows.tolist()) <= set(window.view.select(reason="quality:learned").tolist())
    info = window.view.model().info
    assert info["decisions"] == view.n - 2 and info["rejected"] == len(removed) + len(short)
    # the pane: the learned score and the features that moved it
    window.pane.show_row(window.view, int(undecided[1]))
    qtbot.waitUntil(lambda: "학습된 품질" in window.pane.learned.text(), timeout=10000)
    assert "유지 쪽" in window.pane.learned.text() or "거부 쪽" in window.pane.learned.text()
    # the suggested bound: between the short documents rejected and the long ones accepted
    window.tabs.setCurrentWidget(window.filters)
    panel = window.filters
    panel.select_rule("length:min_chars")
    qtbot.waitUntil(lambda: panel.histogram.suggested is not None, timeout=10000)
    side, value = panel.histogram.suggested
    chars = window.view.n_chars
    assert side == "min" and chars[short].max() < value <= chars[long].min() and chars[undecided[0]] < value
    assert panel.adopt_button.isEnabled() and "제안" in panel.suggestion_label.text()
    before = panel.saved_counts
    qtbot.mouseClick(panel.adopt_button, Qt.LeftButton)
    assert panel.pending == {"length:min_chars": (value, None)}
    # the undecided short document now fails the rule too (quality:learned may already remove it)
    qtbot.waitUntil(lambda: panel.last_counts is not None and panel.last_counts.by_rule.get("length:min_chars", 0)
                    > before.by_rule.get("length:min_chars", 0), timeout=10000)
    panel.save()
    qtbot.waitUntil(lambda: not panel.pending and window.view.changed_rules == {}, timeout=20000)
    meta = json.loads((Path(window.view.ws.root) / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["length:min_chars"]["min"] == value
    # the review, most informative first: what view.sample gives, undecided only
    window.tabs.setCurrentWidget(window.review)
    window.review.strategy.setCurrentIndex(window.review.strategy.findData("informative"))
    expected = window.view.sample("informative", 200).tolist()
    assert sorted(expected) == sorted(undecided.tolist())
    qtbot.waitUntil(lambda: window.review.samples == expected, timeout=10000)
    # the random sample asked for when the tab opened may land last: it is dropped
    window.review._sampled([5, 6, 7], window.review.requested - 1)
    assert window.review.samples == expected
    # the document in front: the model's score, what moved it, and why it is shown first
    qtbot.waitUntil(lambda: "학습된 품질" in window.review.learned.text(), timeout=10000)
    assert "모델과 규칙이 다름" in window.review.learned.text() or "모델이 확신하지 못함" in window.review.learned.text()


def test_the_informative_review_reranks_as_the_curator_decides(window, qtbot):
    """Every 10 decisions in the most informative order, a model of all decisions so far re-orders
    the rest of the sample in the background; what was already reviewed stays in place."""
    from curator.gui.review import RERANK_EVERY
    view = window.view
    removed = np.flatnonzero(view.removed_mask())
    window.decide_rows(removed[:6], "reject")  # a start with both kinds (the cold order alternates)
    window.decide_rows(np.flatnonzero(~view.removed_mask())[:6], "accept")
    review = window.review
    window.tabs.setCurrentWidget(review)
    review.strategy.setCurrentIndex(review.strategy.findData("informative"))
    qtbot.waitUntil(lambda: review.samples == view.sample("informative", 200).tolist(), timeout=10000)
    assert len(review.samples) > RERANK_EVERY + 1
    for _ in range(RERANK_EVERY):
        row = review.current_row()
        review.decide("reject" if view.removed_mask()[row] else "accept")
    reviewed = review.samples[:review.position + 1]
    qtbot.waitUntil(lambda: review.reranked_with is not None, timeout=30000)
    assert review.reranked_with == 12 + RERANK_EVERY
    assert review.samples[:len(reviewed)] == reviewed and sorted(review.samples) == sorted(set(review.samples))
    assert "다시 매김" in review.status.text()
    # beside the order (issue 30): how many decisions the model has and its cross-validated figures
    info = view.reranked_info
    assert review.model_figures.isVisible() and info["decisions"] == 12 + RERANK_EVERY
    assert f"결정 {12 + RERANK_EVERY}개" in review.model_figures.text()
    assert f"F1 {info['cross_validated']['f1']:.2f}" in review.model_figures.text()


def test_only_the_newest_search_lands(window, qtbot, monkeypatch):
    """Issue 26: switch the mode while a search runs, type a new query, press Enter: the older
    search's rows replaced the newer one's while the box showed the new query."""
    import threading

    real = window.view.search
    release = threading.Event()

    def search(needle, rows, **kwargs):
        if needle == "국회":  # the first, slow search
            release.wait(10)
        return real(needle, rows, **kwargs)

    monkeypatch.setattr(window.view, "search", search)
    window.search.setText("국회")
    window.search.returnPressed.emit()
    window.search.setText("대통령")
    window.search.returnPressed.emit()
    newest = window.view.search("대통령", window.view.select())
    qtbot.waitUntil(lambda: window.model.rowCount() == len(newest), timeout=10000)
    release.set()  # the older search lands now
    from PySide6.QtCore import QThreadPool
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10000)
    qtbot.wait(100)
    assert window.model.rowCount() == len(newest) and len(real("국회", window.view.select())) != len(newest)
    assert window.shown.text() != i18n.tr("working")


def test_an_apply_beside_the_app_reopens_it_with_the_stored_numbers(window, qtbot, tmp_path):
    """Issue 26: after a CLI apply beside the open app, saving another threshold showed the
    app's old counts ("Thresholds saved", 2,251 kept) while stats and export gave 1,179."""
    panel = window.filters
    panel.ask_share = 1.0  # not what this test is about
    panel.select_rule("quality:line_punct")
    panel.try_thresholds(0.3, None)  # an unsaved change in the app when the CLI writes
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"min": 500}}}), encoding="utf-8")
    assert run_cli("apply", window.view.ws.root, "--config", str(config)).returncode == 0
    stored = json.loads(run_cli("stats", window.view.ws.root, "--json").stdout)
    assert window.view.counts().kept != stored["kept"]
    # the periodic check reopens the workspace by itself; the unsaved change stays unsaved
    qtbot.waitUntil(lambda: window.view.counts().kept == stored["kept"], timeout=10000)
    assert set(panel.pending) == {"quality:line_punct"}
    # the status bar counts the unsaved change on top of what the store now holds
    with_pending = window.view.counts_with(dict(panel.pending)).kept
    qtbot.waitUntil(lambda: f"유지 {with_pending:,} " in window.counts_label.text(), timeout=10000)
    assert window.view.config["rules"]["length:min_chars"]["min"] == 500
    # saving now writes both; what the app shows is what stats says
    with qtbot.waitSignal(panel.thresholdsSaved, timeout=20000):
        panel.save()
    stored = json.loads(run_cli("stats", window.view.ws.root, "--json").stdout)
    assert window.view.counts().kept == stored["kept"] and f"{stored['kept']:,}" in window.counts_label.text()


def test_saving_right_after_an_outside_apply_shows_the_stored_numbers(window, qtbot, tmp_path):
    window.outside_timer.stop()  # the save comes before the app looked
    panel = window.filters
    panel.ask_share = 1.0  # not what this test is about
    panel.select_rule("quality:line_punct")
    panel.try_thresholds(0.3, None)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"length:min_chars": {"min": 500}}}), encoding="utf-8")
    assert run_cli("apply", window.view.ws.root, "--config", str(config)).returncode == 0
    with qtbot.waitSignal(panel.thresholdsSaved, timeout=20000):
        panel.save()
    qtbot.waitUntil(lambda: window.view.config["rules"]["length:min_chars"]["min"] == 500, timeout=10000)
    stored = json.loads(run_cli("stats", window.view.ws.root, "--json").stdout)
    assert window.view.config["rules"]["quality:line_punct"]["min"] == 0.3
    assert window.view.counts().kept == stored["kept"] and f"{stored['kept']:,}" in window.counts_label.text()


def test_questions_speak_the_app_language(qtbot, monkeypatch):
    """Issue 26: the replace question and the note dialog had Yes/No, OK/Cancel in the Korean UI."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    ask_text, choose = REAL_ASK_TEXT, REAL_CHOOSE
    seen = []

    def answer(box):
        seen.append(button_texts(box))
        if isinstance(box, QMessageBox):
            box.buttons()[0].click()  # the first choice
            return 0
        return 1
    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QInputDialog, "exec", answer)
    try:
        i18n.set_language("ko")
        assert choose(None, "바꾸기", "바꿀까요?", ("yes", "no"), "no") == "yes"
        assert choose(None, "저장", "저장할까요?", ("save", "discard", "cancel"), "save") == "save"
        assert ask_text(None, "메모", "문서 a-1 에 남길 메모", "이전")[1] is True
        i18n.set_language("en")
        choose(None, "Replace", "Replace?", ("yes", "no"), "no")
    finally:
        i18n.set_language("ko")
    assert sorted(seen[0]) == sorted(["예", "아니요"]) and sorted(seen[1]) == sorted(["저장", "저장 안 함", "취소"])
    assert sorted(seen[2]) == sorted(["확인", "취소"]) and sorted(seen[3]) == ["No", "Yes"]


def test_language_follows_lang_and_is_asked_once_otherwise(tmp_path):
    from curator.gui.app import first_language
    assert i18n.environment_language({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert i18n.environment_language({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.environment_language({"LANGUAGE": "ko:en", "LANG": "en_US.UTF-8"}) == "ko"
    assert i18n.environment_language({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}) is None  # LC_ALL wins
    assert i18n.environment_language({}) is None and i18n.environment_language({"LANG": "C"}) is None
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    assert first_language(settings, {"LANG": "ko_KR.UTF-8"}, ask=lambda: pytest.fail("asked")) == "ko"
    asked = []
    assert first_language(settings, {"LANG": "C.UTF-8"}, ask=lambda: asked.append(1) or "en") == "en"
    assert first_language(settings, {"LANG": "C.UTF-8"}, ask=lambda: asked.append(1) or "ko") == "en"  # remembered
    assert asked == [1]
    assert first_language(QSettings(str(tmp_path / "t.ini"), QSettings.IniFormat), {}, ask=None) == "ko"


def test_a_curator_can_keep_the_learned_rule_off(window, qtbot):
    view = window.view
    removed = np.flatnonzero(view.removed_mask())
    kept = np.flatnonzero(~view.removed_mask())
    kept = kept[np.argsort(view.n_chars[kept], kind="stable")]
    window.decide_rows(removed, "reject")
    window.decide_rows(kept[1: len(kept) // 2], "reject")  # the shortest stays undecided
    window.decide_rows(kept[len(kept) // 2:], "accept")
    asked = []
    window.ask_enable_learned = lambda figures, rows: asked.append(len(rows)) and False
    window.learn()
    qtbot.waitUntil(lambda: bool(asked) and window.review.learn_button.isEnabled(), timeout=60000)
    qtbot.wait(200)
    assert window.view.model() is not None and not window.view.config["rules"]["quality:learned"].get("enabled")
    assert "quality:learned" not in window.view.counts().by_rule
    assert "꺼 둠" in window.statusBar().currentMessage()


def test_filters_speak_words_one_sided_rules_show_one_box_and_dialogs_fit_their_path(window, qtbot, monkeypatch):
    """Issue 26 (look): raw rule codes in the filter list, a disabled 0.0000 box and "min — → —"
    for one-sided rules, an export path clipped without a folder picker."""
    panel = window.filters
    texts = [panel.rules.item(i).text() for i in range(panel.rules.count())]
    assert all(any("가" <= ch <= "힣" for ch in text.rsplit(" · ", 1)[0]) for text in texts), texts
    assert any(text.startswith("너무 짧음(글자 수) · length:min_chars") for text in texts)
    panel.select_rule("length:min_chars")  # min only
    qtbot.waitUntil(lambda: panel.rule is not None and panel.rule.name == "length:min_chars", timeout=5000)
    assert not panel.min_box.isHidden() and panel.max_box.isHidden() and panel.max_label.isHidden()
    panel.try_thresholds(300.0, None)
    assert panel.changes.item(0).text() == "length:min_chars: min 100 → 300"
    panel.select_rule("quality:mean_word_len")  # both sides
    qtbot.waitUntil(lambda: panel.rule.name == "quality:mean_word_len", timeout=5000)
    assert not panel.min_box.isHidden() and not panel.max_box.isHidden()
    panel.revert_all()
    from curator.gui import dialogs
    dialog = dialogs.ExportDialog(window.view, window)
    qtbot.addWidget(dialog)
    path = dialog.output.text()
    assert dialog.output.minimumWidth() >= min(720, dialog.output.fontMetrics().horizontalAdvance(path))
    monkeypatch.setattr(dialogs.QFileDialog, "getExistingDirectory", lambda *a, **k: "/data/shards")
    dialog._pick_output()
    assert dialog.output.text() == "/data/shards/" + os.path.basename(path)


def test_arrow_browsing_draws_the_body_when_the_keys_rest_and_never_decides_for_a_document_passed(window, qtbot):
    """Issue 26 (stalls): each arrow press drew the whole document (up to 270 ms under load); now
    the header follows every press, the body the last one, and the pane's buttons wait for it."""
    from PySide6.QtTest import QTest
    table = window.table
    table.setFocus()
    table.setCurrentIndex(window.model.index(0, 0))
    first = window.pane.row
    for _ in range(5):
        QTest.keyClick(table, Qt.Key_Down)
    target = window.model.row_at(5)
    assert window.view.ids[target].as_py() in window.pane.header.text()  # the header is already there
    assert window.pane.row == first or window.pane.row != target  # the body is not drawn yet...
    assert not window.pane.note.isEnabled()  # ...so nothing can be decided or noted for it
    qtbot.waitUntil(lambda: window.pane.row == target and window.pane.note.isEnabled(), timeout=5000)
    assert window.pane.record["id"] == window.view.ids[target].as_py()


def test_a_read_only_workspace_opens_for_browsing_and_stores_nothing(qtbot, demo, tmp_path, monkeypatch):
    """Issue 27: the app could not open a workspace it may not write (the view opened the decision
    store for writing). It opens it now, says so, and offers nothing that would store a decision,
    a note or thresholds; exploring thresholds still counts. (A real read-only mount is in
    test_reliability; here the kernel's answer is replaced, since root may write any folder.)"""
    import hashlib

    from curator.workspace.layout import Workspace
    from curator.workspace.view import ReadOnlyWorkspace
    i18n.set_language("ko")
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)

    def tree():
        return {str(p.relative_to(ws)): hashlib.sha256(p.read_bytes()).hexdigest() for p in ws.rglob("*") if p.is_file()}
    before = tree()
    monkeypatch.setattr(Workspace, "writable", lambda _ws: False)
    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.model.synchronous = True
    win.open_workspace(str(ws))
    win.show()
    view = win.view
    assert view.read_only and "읽기 전용" in win.windowTitle() and "읽기 전용" in win.statusBar().currentMessage()
    assert win.model.rowCount() == 33 and "constitution-01" in win.pane.header.text()
    assert win.writing_actions and not any(action.isEnabled() for action in win.writing_actions)
    assert not any(widget.isEnabled() for widget in win.pane.action_widgets)
    win.tabs.setCurrentWidget(win.review)
    qtbot.waitUntil(lambda: len(win.review.samples) > 1, timeout=5000)
    assert not any(button.isEnabled() for button in win.review.writing_buttons)
    qtbot.keyClick(win.review.strategy, Qt.Key_X)  # the key does nothing either
    assert win.review.position == 0 and int((view.decision != 0).sum()) == 0
    with pytest.raises(ReadOnlyWorkspace, match="read-only"):
        view.decide(0, "reject")
    with pytest.raises(ReadOnlyWorkspace, match="read-only"):
        view.set_note(0, "메모")
    panel = win.filters
    panel.select_rule("length:min_chars")
    kept = view.counts().kept
    panel.try_thresholds(5000, None)  # what-if counting works; saving is off
    assert view.counts_with(dict(panel.pending)).kept < kept
    assert panel.pending and not panel.save_button.isEnabled() and panel.save() is False
    win.close()  # no unsaved question (nothing can be saved), no flush; it closes the view
    assert tree() == before


def test_a_background_open_adopts_the_table_first_and_the_rest_in_later_turns(window, qtbot, demo, tmp_path):
    """Adopting an opened view in one slice held the UI thread 208-272 ms loaded: the table and
    counts come first, the filter bar, filters tab, review and first document in later turns."""
    from curator.gui.opening import prepared_view

    other = tmp_path / "other"
    shutil.copytree(demo, other)
    view, error = prepared_view(str(other))
    window.opening += 1
    window._prepared(str(other), window.opening, view, error)
    assert window.view is view and window.model.view is view and window.steps_pending > 0
    assert window.filters.view is not view and window.review.view is not view  # not in the same turn
    qtbot.waitUntil(lambda: window.steps_pending == 0, timeout=10000)
    assert window.filters.view is view and window.review.view is view and window.duplicates.view is view
    assert window.reason.count() > 1
    # the first document's body follows when the selection rests (the pane's rest timer), not in a step
    qtbot.waitUntil(lambda: window.pane.view is view and window.pane.row == 0, timeout=5000)


def test_a_theme_switch_recolours_labels_without_drawing_the_documents_again(window, qtbot, monkeypatch):
    """The texts carry no theme colour (marks are dark on light in any palette): drawing them
    again behind the re-polish held the UI thread up to 129 ms loaded. The labels that name a
    theme colour follow the palette."""
    from curator.gui import theme
    from curator.gui.document_pane import learned_html

    pane = window.pane
    pane.learned_figures = (pane.row, 0.2, [("signal", "hangul_ratio", -0.5)])
    drawn = []
    monkeypatch.setattr(pane, "_render", lambda: drawn.append("render"))
    monkeypatch.setattr(pane, "show_row", lambda *a: drawn.append("show_row"))
    monkeypatch.setattr(window.review, "show_current", lambda: drawn.append("review"))
    try:
        window.set_theme("dark")
        assert not window.table.updatesEnabled()  # the table is repainted in a turn of its own
        qtbot.waitUntil(lambda: window.steps_pending == 0, timeout=5000)
        assert drawn == [] and window.table.updatesEnabled()
        assert theme.css("removed") in pane.learned.text() and pane.learned.text() == learned_html(0.2, pane.learned_figures[2])
    finally:
        window.set_theme("light")
        qtbot.waitUntil(lambda: window.steps_pending == 0, timeout=5000)


def test_each_line_of_a_page_is_a_paragraph_and_morphemes_are_drawn_a_few_at_a_time(window, qtbot):
    """One paragraph of <br>-broken lines is laid out whole (2-3x slower than a paragraph per
    line); a page of morphemes is drawn MORPHEMES_PER_TURN at a time, in later turns."""
    import re

    from curator.gui import document_pane

    pane = window.pane
    text = pane.page_text()
    assert text.count("\n") >= 2
    assert pane.text.document().blockCount() == text.count("\n") + 1
    assert pane.text.toPlainText() == text  # the text's own spaces kept too
    pieces = [f"<b>{i}</b> " + ("\n" if i % 10 == 9 else "") for i in range(document_pane.MORPHEMES_PER_TURN * 2 + 5)]
    pane._draw_in_turns(pieces)
    assert pane.drawing is not None and "<b>" not in pane.text.toPlainText()  # the first few only
    assert pane.text.toPlainText().split() == [str(i) for i in range(document_pane.MORPHEMES_PER_TURN)]
    qtbot.waitUntil(lambda: pane.drawing is None, timeout=5000)
    assert pane.text.toPlainText().split() == [str(i) for i in range(len(pieces))]
    assert pane.text.document().blockCount() == len(pieces) // 10 + 1
    pane._draw_in_turns(pieces)
    pane.show_row(window.view, pane.row)  # another drawing stops the one under way
    assert pane.drawing is None
    qtbot.wait(50)
    assert re.sub(r"\s", "", pane.text.toPlainText()) == re.sub(r"\s", "", pane.page_text())


def test_a_lemma_search_runs_in_the_analysis_process_and_finds_what_the_view_finds(window, qtbot, monkeypatch):
    """Its Python (windows, matching, the morphemes unpickled) held the GIL the UI thread needs
    when it ran on a worker thread of the app."""
    import numpy as np

    from curator.gui.document_pane import MORPHEMES
    from curator.gui.offload import lemma_search, lemma_spans
    from curator.workspace import search
    from curator.workspace.view import WorkspaceView

    view = window.view
    expected = view.search("보장하다", mode="lemma", analyse=MORPHEMES.analyse_many)
    assert len(expected)
    rows = np.arange(0, view.n, 2)
    assert list(MORPHEMES.call(lemma_search, view.parts, view.part_starts, "보장하다", rows)) == \
        list(view.search("보장하다", rows, mode="lemma", analyse=MORPHEMES.analyse_many))
    text = view.document(int(expected[0]))["text"]
    pattern = search.query_pattern("보장하다", MORPHEMES.analyse_many)
    assert MORPHEMES.call(lemma_spans, text, "보장하다") == search.lemma_spans(text, pattern, MORPHEMES.analyse_many)
    here = []
    real = WorkspaceView.search
    monkeypatch.setattr(WorkspaceView, "search", lambda self, *a, **k: (here.append(k.get("mode")), real(self, *a, **k))[1])
    window.search.setText("보장하다")
    window.search_mode.setCurrentIndex(window.search_mode.findData("lemma"))
    qtbot.waitUntil(lambda: window.shown.text() != i18n.tr("working") and window.model.rowCount() > 0, timeout=60000)
    assert sorted(window.model.rows.tolist()) == sorted(expected.tolist()) and "lemma" not in here


def test_the_review_shows_the_decisions_the_model_doubts(window, qtbot):
    """A curator who rejects the filters' removals and the shorter kept documents and accepts the
    longer ones slips twice (a long document rejected, a short one accepted). After `learn` the
    review's "decisions the model doubts" shows what the model left out of its training, the most
    contradicted first, each with what the curator said and what the model says; deciding again
    there overrides the slip."""
    view = window.view
    removed = np.flatnonzero(view.removed_mask())
    kept = np.flatnonzero(~view.removed_mask())
    kept = kept[np.argsort(view.n_chars[kept], kind="stable")]
    short, long = kept[:len(kept) // 2], kept[len(kept) // 2:]
    slips = [int(long[-1]), int(short[0])]
    window.decide_rows(removed, "reject")
    window.decide_rows(short[1:], "reject")
    window.decide_rows(long[:-1], "accept")
    window.decide_rows([slips[0]], "reject")
    window.decide_rows([slips[1]], "accept")
    window.ask_enable_learned = lambda figures, rows: False  # the rule stays off: one reopen, not two
    window.learn()
    qtbot.waitUntil(lambda: window.view is not view and window.view.model() is not None, timeout=60000)
    view = window.view
    doubted = view.doubtful()
    assert set(slips) <= set(doubted)
    contradiction = {row: p if view.decision[row] != REJECT else 1 - p for row, p in doubted.items()}
    expected = sorted(doubted, key=lambda row: (-contradiction[row], row))
    assert view.sample("doubtful", 200).tolist() == expected
    review = window.review
    window.tabs.setCurrentWidget(review)
    review.strategy.setCurrentIndex(review.strategy.findData("doubtful"))
    qtbot.waitUntil(lambda: review.samples == expected, timeout=10000)
    first = expected[0]
    said = "거부" if view.decision[first] == REJECT else "수락"
    qtbot.waitUntil(lambda: f"결정 ‘{said}’" in review.learned.text(), timeout=10000)
    assert f"{doubted[first]:.2f}" in review.learned.text() and "학습에서 뺐습니다" in review.learned.text()
    # a model trained with --keep-doubtful names them without saying they were left out
    view.model().info["doubtful_set_aside"] = False
    review.show_current()
    qtbot.waitUntil(lambda: "학습에는 넣음" in review.learned.text(), timeout=10000)
    # deciding again in this review overrides the slip
    other = "accept" if said == "거부" else "reject"
    review.decide(other)
    assert view.decision[first] == (REJECT if other == "reject" else ACCEPT)

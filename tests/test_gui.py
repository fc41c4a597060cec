"""The desktop app, driven through its real widgets offscreen (pytest-qt)."""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("PySide6")
from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402

from conftest import RESOURCES, run_cli  # noqa: E402
from curator.config import deep_merge  # noqa: E402
from curator.gui import i18n  # noqa: E402
from curator.gui.main_window import MainWindow  # noqa: E402
from curator.workspace.store import load_decisions  # noqa: E402
from curator.workspace.verdict import evaluate, signal_columns  # noqa: E402


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = tmp_path_factory.mktemp("gui") / "ws"
    assert run_cli("run", f"{RESOURCES}/corpus", "--out", str(ws), "--workers", "1").returncode == 0
    return ws


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
    win.show()
    yield win
    if win.view is not None:
        win.view.close()
        win.view = None


def core_kept(ws, config):
    table = pa.concat_tables([pq.read_table(p) for p in sorted((ws / "documents").glob("*.parquet"))])
    codes = np.zeros(table.num_rows, np.int8)
    reasons = table.column("dup_reason").to_pylist()
    codes[[i for i, r in enumerate(reasons) if r == "dedup:exact"]] = 1
    codes[[i for i, r in enumerate(reasons) if r == "dedup:near"]] = 2
    kept, _ = evaluate(signal_columns(table, config), config, dedup=codes)
    return int(kept.sum())


def test_open_workspace_shows_rows_and_counts(window):
    view = window.view
    assert window.model.rowCount() == view.n == 33
    stats = json.loads(run_cli("stats", view.ws.root, "--json").stdout)
    assert f"{stats['kept']:,}" in window.counts_label.text() and "유지" in window.counts_label.text()
    assert window.model.data(window.model.index(0, 0)) == "constitution-01"
    assert window.model.data(window.model.index(0, 5)).startswith("대한민국헌법")  # preview
    assert "constitution-01" in window.pane.header.text()


def test_filter_by_reason_and_search(window, qtbot):
    index = window.reason.findData("quality:stopwords")
    window.reason.setCurrentIndex(index)
    expected = window.view.select(reason="quality:stopwords")
    assert window.model.rowCount() == len(expected) > 0
    assert all("quality:stopwords" in window.model.data(window.model.index(i, 2)) for i in range(len(expected)))
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


def test_duplicates_view_opens_a_cluster(window):
    window.tabs.setCurrentWidget(window.duplicates)
    dup = window.duplicates
    assert dup.clusters.count() == len(window.view.cluster_sizes()) >= 1
    dup.clusters.setCurrentRow(0)
    assert len(dup.members) >= 2
    assert dup.left.toPlainText() and dup.right.toPlainText()
    assert "background" in dup.left.toHtml() or dup.left.toPlainText() == dup.right.toPlainText()
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

"""The longest UI-thread stall of each desktop workflow on heavy documents (offscreen Qt); prints
one JSON object. Budget: no stall over 100 ms.

    python bench/gui_stalls.py WORKDIR

WORKDIR gets a workspace of the shipped Korean texts plus a 400,000-character document and two
57,000-character near-duplicates (the laws and bills of resources/src, repeated). A 2 ms timer runs
on the UI thread throughout; a workflow's stall is the longest gap between two of its ticks, i.e.
the longest time the UI thread was busy and could not repaint or take input.
"""

import glob
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(workdir: str) -> str:
    texts = [open(p, encoding="utf-8").read() for p in
             [os.path.join(ROOT, "resources", "src", "constitution.txt")]
             + sorted(glob.glob(os.path.join(ROOT, "resources", "src", "kobill", "*.txt")))]
    corpus = "\n".join(texts)
    long_doc = (corpus * (400_000 // len(corpus) + 1))[:400_000]
    dup = (corpus * (57_000 // len(corpus) + 1))[:57_000]
    near = dup[:30_000] + "이 문장은 두 번째 사본에만 있습니다." + dup[30_000:]
    rows = [{"id": "long-400k", "text": long_doc}, {"id": "dup-57k-a", "text": dup}, {"id": "dup-57k-b", "text": near}]
    rows += [{"id": f"doc-{i}", "text": t} for i, t in enumerate(texts)]
    source = os.path.join(workdir, "stalls.jsonl")
    os.makedirs(workdir, exist_ok=True)
    with open(source, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    ws = os.path.join(workdir, "stalls-ws")
    from curator.cli import main as cli
    assert cli(["run", source, "--out", ws, "--overwrite"]) == 0
    return ws


def main(workdir: str) -> dict:
    ws = build(workdir)
    from PySide6.QtCore import QSettings, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n
    from curator.gui.document_pane import MORPHEMES
    from curator.gui.main_window import MainWindow

    app = QApplication([])
    i18n.set_language("ko")
    ticks = {"last": time.perf_counter(), "max": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        ticks["max"] = max(ticks["max"], now - ticks["last"])
        ticks["last"] = now
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(tick)
    timer.start()

    def settle(seconds: float = 0.5) -> None:
        """Let what the previous workflow started finish, so it is not counted in the next."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or QThreadPool.globalInstance().activeThreadCount():
            app.processEvents()
            time.sleep(0.002)

    def measure(action, done, timeout: float = 120.0) -> float:
        """Run ``action`` from the event loop, pump events until ``done()``; the longest gap (ms)."""
        settle()
        ticks["last"], ticks["max"] = time.perf_counter(), 0.0
        QTimer.singleShot(0, action)
        deadline = time.perf_counter() + timeout
        app.processEvents()
        while not done() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        for _ in range(20):  # what the result's own signal handlers do
            app.processEvents()
            time.sleep(0.002)
        return round(1000 * ticks["max"], 1)

    settings = QSettings(os.path.join(workdir, "gui-stalls.ini"), QSettings.IniFormat)
    window = MainWindow(settings)
    window.resize(1360, 820)
    window.show()
    idle = lambda: QThreadPool.globalInstance().activeThreadCount() == 0  # noqa: E731
    stalls = {}
    stalls["open workspace"] = measure(lambda: window.open_workspace(ws), lambda: window.view is not None and idle())
    view = window.view
    row_of = {view.document(r)["id"]: r for r in range(view.n)}
    long_row = row_of["long-400k"]
    window.table.selectRow(window.model.rowCount() - 1)  # start from another document
    settle()
    assert window.pane.row != long_row
    stalls["select the 400k-character document"] = measure(
        lambda: window.table.selectRow(int(list(window.model.rows).index(long_row))),
        lambda: window.pane.row == long_row)
    stalls["next page of it"] = measure(lambda: window.pane.turn_page(1), lambda: window.pane.page == 1)
    stalls["morpheme view of that page"] = measure(
        lambda: window.pane.morph_button.setChecked(True),
        lambda: "morph:" in window.pane.text.toHtml())
    window.pane.morph_button.setChecked(False)
    stalls["text search (국민) over the workspace"] = measure(
        lambda: (window.search.setText("국민"), window.apply_filters()),
        lambda: window.shown.text() != i18n.tr("working") and idle())
    stalls["lemma search (보장하다)"] = measure(
        lambda: (window.search.setText("보장하다"), window.search_mode.setCurrentIndex(1)),
        lambda: window.shown.text() != i18n.tr("working") and idle())
    window.search.setText("")
    window.apply_filters()
    duplicates = window.duplicates
    stalls["duplicates tab: open the 57k-character pair and diff it"] = measure(
        lambda: window.tabs.setCurrentWidget(duplicates),
        lambda: idle() and duplicates.left.toPlainText().strip() != "")
    window.ask_unsaved = lambda: "discard"
    window.close()
    MORPHEMES.close()
    return {"budget_ms": 100, "stall_ms": stalls, "worst_ms": max(stalls.values()),
            "documents": view.n, "long_document_chars": 400_000, "duplicate_chars": 57_000}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), ensure_ascii=False))

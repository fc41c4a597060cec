"""A curator's day in one process, as the test suite runs it (``test_long_session.py``) in a child
process so that an abort (``Fatal Python error``, exit 134) is a failed test, not a dead suite.

    python tests/long_session.py WS SETTINGS.ini ROW_CHANGES DECISIONS

Opens the main window offscreen on a copy of a workspace, walks the documents table with the arrow
keys (Down to the end, then Up to the top, again and again: every key press is a row change that
fills the document pane), then reviews: accept / reject by key through the sample, undo back to its
start, again. Prints one JSON line with what it did and the references to None it lost (which a
leaking binding, PySide6 6.12.0 on Python 3.11, loses by the thousand before it aborts).
"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(ws: str, settings_path: str, row_changes: int, decisions: int) -> int:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n
    from curator.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    i18n.set_language("ko")
    win = MainWindow(QSettings(settings_path, QSettings.IniFormat))
    win.ask_unsaved = lambda: "discard"
    win.model.synchronous = True
    win.open_workspace(ws)
    win.model.synchronous = True
    win.show()
    app.processEvents()
    none_before = sys.getrefcount(None)
    started = time.monotonic()

    table = win.table
    table.setFocus()
    table.setCurrentIndex(win.model.index(0, 0))
    rows = win.model.rowCount()
    changes, key, position, visited = 0, Qt.Key_Down, 0, set()
    while changes < row_changes:
        if position == rows - 1:
            key = Qt.Key_Up
        elif position == 0:
            key = Qt.Key_Down
        QTest.keyClick(table, key)
        new = table.currentIndex().row()
        if new == position:
            raise SystemExit(f"row change {changes}: the arrow key did not move the current row ({position})")
        position = new
        visited.add(win.pane.header.text())
        changes += 1
        if changes % 50 == 0:
            app.processEvents()  # the pane's background fetches land, as between a curator's key presses

    win.tabs.setCurrentIndex(2)  # review
    review = win.review
    deadline = time.monotonic() + 60
    while not review.samples and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if not review.samples:
        raise SystemExit("the review sample never arrived")
    made, undone = 0, 0
    while made < decisions:
        while review.current_row() is not None and made < decisions:
            QTest.keyClick(review, Qt.Key_A if made % 2 == 0 else Qt.Key_X)
            made += 1
        while review.history:  # back to the start: every undo is a store write too
            QTest.keyClick(review, Qt.Key_Backspace)
            undone += 1
        app.processEvents()
    none_lost = none_before - sys.getrefcount(None)
    seconds = time.monotonic() - started
    win.view.close()
    win.view = None
    from curator.gui.document_pane import MORPHEMES
    MORPHEMES.close()
    win.close()
    app.processEvents()
    print(json.dumps({"row_changes": changes, "documents_shown": len(visited), "decisions": made, "undone": undone,
                      "sample": len(review.samples), "none_lost": none_lost, "seconds": round(seconds, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))

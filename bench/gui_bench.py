"""GUI figures on a large workspace, in its own process (offscreen Qt); prints one JSON object.

    python bench/gui_bench.py WS
"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(root: str) -> dict:
    started = time.perf_counter()
    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n
    from curator.gui.main_window import MainWindow
    from curator.gui.table_model import BLOCK, COLUMNS

    app = QApplication([])
    i18n.set_language("ko")
    settings = QSettings(os.path.join(root, "..", "gui-bench.ini"), QSettings.IniFormat)
    window = MainWindow(settings)
    window.resize(1360, 820)
    window.show()
    imports = time.perf_counter() - started
    t0 = time.perf_counter()
    window.open_workspace(root)
    opened = time.perf_counter() - t0
    # first paint with data: the table painted with the previews of its visible rows
    text_column = COLUMNS.index("text")
    while True:
        app.processEvents()
        if window.model.data(window.model.index(0, text_column)) not in ("…", None) \
                and QThreadPool.globalInstance().activeThreadCount() == 0:
            break
        time.sleep(0.001)
    window.table.viewport().grab()
    first_paint = time.perf_counter() - t0
    view = window.view
    # scroll: jump to random pages; time until the page's previews are in (fetch off the UI thread)
    import numpy as np
    rng = np.random.default_rng(0)
    page = 35
    latencies, paints = [], []
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QAbstractItemView
    for position in rng.integers(0, view.n - page, 30):
        position = int(position)
        t = time.perf_counter()
        window.table.scrollTo(window.model.index(position, 0), QAbstractItemView.PositionAtTop)
        window.model.data(window.model.index(position, text_column))
        if window.model.data(window.model.index(position, text_column)) == "…":
            loop = QEventLoop()  # the UI thread idles while the worker fetches, as in real use
            window.model.dataChanged.connect(loop.quit)
            QTimer.singleShot(2000, loop.quit)
            while window.model.data(window.model.index(position, text_column)) == "…":
                loop.exec()
            window.model.dataChanged.disconnect(loop.quit)
        latencies.append(time.perf_counter() - t)
        t = time.perf_counter()
        window.table.viewport().repaint()
        paints.append(time.perf_counter() - t)
    # the fetch itself (what the worker does for a block), on row groups not read before
    fetches = []
    for position in rng.integers(0, view.n - BLOCK, 30):
        rows = np.arange(int(position), int(position) + BLOCK)
        t = time.perf_counter()
        view.texts(rows, limit=120)
        fetches.append(time.perf_counter() - t)
    # threshold re-count (what the filter panel's worker computes) and end to end (drag → label)
    rule = max(view.rules, key=lambda r: view.counts().by_rule.get(r.name, 0))
    view.signal(rule.signal)
    recounts = []
    bound = rule.min if rule.min is not None else rule.max
    for step in range(20):
        value = bound * (0.8 + 0.02 * step)
        t = time.perf_counter()
        view.counts(rule.name, value if rule.min is not None else None, value if rule.max is not None else None)
        recounts.append(time.perf_counter() - t)
    panel = window.filters
    panel.select_rule(rule.name)
    while QThreadPool.globalInstance().activeThreadCount():
        app.processEvents()
    end_to_end = []
    for step in range(10):
        value = bound * (0.7 + 0.05 * step)
        panel.last_counts = None
        t = time.perf_counter()
        panel.histogram.move_threshold("min" if rule.min is not None else "max", value)
        while panel.last_counts is None:
            app.processEvents()
            time.sleep(0.0005)
        end_to_end.append(time.perf_counter() - t)
    window.view.dirty = False
    window.ask_unsaved = lambda: "discard"  # the thresholds moved above stay unsaved: no question
    window.close()
    return {"rows": view.n, "imports_s": imports, "open_s": opened, "first_paint_s": first_paint,
            "scroll_page_ms_median": 1000 * float(np.median(latencies)),
            "scroll_page_ms_p90": 1000 * float(np.percentile(latencies, 90)),
            "paint_ms_median": 1000 * float(np.median(paints)),
            "fetch_ms_median": 1000 * float(np.median(fetches)), "fetch_ms_p90": 1000 * float(np.percentile(fetches, 90)),
            "recount_ms_median": 1000 * float(np.median(recounts)), "recount_ms_max": 1000 * max(recounts),
            "drag_to_label_ms_median": 1000 * float(np.median(end_to_end)), "rule": rule.name, "page_rows": page,
            "block_rows": BLOCK}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))

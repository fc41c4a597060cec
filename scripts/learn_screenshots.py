"""Screenshots of learning from decisions (README): the simulated curator's pool (bench/
simulated_curator.py, needs make reference) with 120 decisions taken in the "most informative"
order, then `curator learn`; the app opened offscreen on the review tab in that mode, on the
filter tab at a rule with a suggested bound, and on a document with its learned score explained.

Usage: QT_QPA_PLATFORM=offscreen python scripts/learn_screenshots.py [OUT_DIR]
"""

import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
DECISIONS = 120


def prepare(target: str) -> str:
    """A copy of the simulated curator's workspace with DECISIONS decisions and a learned model."""
    import numpy as np

    import simulated_curator as sim
    from curator.filters.learned import informative_order
    from curator.pipeline.learn import learn
    from curator.workspace.layout import Workspace
    from curator.workspace.store import DecisionStore

    pool = sim.build_pool()
    source = sim.workspace(pool)
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target)
    simulation = sim.Simulation(target, pool)
    ws = Workspace.open(target)
    decided = np.zeros(len(simulation.ids), bool)
    quality = None
    store = DecisionStore.for_workspace(ws)
    while decided.sum() < DECISIONS:
        rows = informative_order(quality, simulation.rules_remove, ~decided & ~simulation.duplicate)[:20]
        decided[rows] = True
        store.set_decisions({simulation.ids[r]: "reject" if simulation.reject[r] else "accept" for r in rows})
        chosen = np.flatnonzero(decided)
        if simulation.reject[chosen].any() and (~simulation.reject[chosen]).any():
            quality = simulation.quality(simulation.fit(chosen, cross_validate=False))
    store.close()
    learn(ws)
    return target


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "screenshots")
    os.makedirs(out, exist_ok=True)
    ws = prepare(os.path.join(ROOT, "bench", "work", "learn-screenshots"))
    import simulated_curator
    manuals = {row["id"]: row["kind"] == "manual" for row in simulated_curator.build_pool()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n, theme
    from curator.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setFont(QFont("NanumGothic", 10))
    for language in ("ko", "en"):
        i18n.set_language(language)
        theme.apply("light")
        window = MainWindow(QSettings(os.path.join(out, ".settings.ini"), QSettings.IniFormat))
        window.resize(1400, 860)
        window.open_workspace(ws)
        window.show()

        def settle():
            for _ in range(50):
                QThreadPool.globalInstance().waitForDone(100)
                app.processEvents()
        # the filter tab, on the rule whose suggestion the decisions support best
        window.tabs.setCurrentWidget(window.filters)
        settle()
        best, gain = None, 0
        for rule in window.view.rules:
            found = window.view.suggestion(rule.name, window.view.signal(rule.signal))
            if found and found.agree - found.agree_now > gain:
                best, gain = rule.name, found.agree - found.agree_now
        if best:
            window.filters.select_rule(best)
        settle()
        window.grab().save(os.path.join(out, f"learn-filters-{language}-light.png"))
        # the review in "most informative" order
        window.tabs.setCurrentWidget(window.review)
        index = window.review.strategy.findData("informative")
        window.review.strategy.setCurrentIndex(index)
        settle()
        window.grab().save(os.path.join(out, f"learn-review-{language}-light.png"))
        # a technical manual page: its learned score and what moved it
        window.tabs.setCurrentIndex(0)
        rows = [r for r in window.view.select(reason="quality:learned") if window.view.reasons(r) == ["quality:learned"]
                and manuals.get(window.view.ids[int(r)].as_py())]
        if rows:
            window._show_rows(rows)
            settle()
            window.table.selectRow(0)
        settle()
        window.grab().save(os.path.join(out, f"learn-documents-{language}-light.png"))
        window.close()
        settle()
    os.remove(os.path.join(out, ".settings.ini")) if os.path.exists(os.path.join(out, ".settings.ini")) else None
    print(f"screenshots in {out}/learn-*.png")


if __name__ == "__main__":
    main()

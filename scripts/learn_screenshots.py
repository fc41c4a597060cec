"""Screenshots of learning from decisions (README): the simulated curators' pool (bench/
simulated_curator.py, needs make reference) with the style curator (rejects technical manuals) who
flips one decision in ten, 200 decisions taken in the "most informative" order, then `curator
learn`; the app opened offscreen on the review tab in that mode and in "decisions the model
doubts", on the filter tab at a rule with a suggested bound, and on a document with its learned
score explained.

Usage: QT_QPA_PLATFORM=offscreen python scripts/learn_screenshots.py [OUT_DIR]
"""

import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))
DECISIONS = 200
CURATOR, NOISE = "style", 0.1


def prepare(target: str) -> tuple[str, list[dict]]:
    """A copy of the simulated curators' workspace with DECISIONS decisions of the CURATOR (NOISE
    of them flipped) and a learned model; and the pool's records."""
    import numpy as np

    import simulated_curator as sim
    from curator.filters.learned import informative_order
    from curator.pipeline.learn import learn
    from curator.workspace.layout import Workspace
    from curator.workspace.store import DecisionStore

    records = sim.build_pool()
    source = sim.workspace(records)
    pool = sim.Pool(source, records)
    simulation = sim.Simulation(pool, CURATOR, NOISE)
    if os.path.exists(target):
        shutil.rmtree(target)
    shutil.copytree(source, target)
    ws = Workspace.open(target)
    decided = np.zeros(len(pool.ids), bool)
    quality = None
    store = DecisionStore.for_workspace(ws)
    while decided.sum() < DECISIONS:
        # any document of the pool (not only the reference pages the bench's curator judges): the
        # model is applied to all of them, so it must see the other styles too
        rows = informative_order(quality, pool.rules_remove, ~decided & ~pool.duplicate)[:20]
        decided[rows] = True
        store.set_decisions({pool.ids[r]: "reject" if simulation.said[r] else "accept" for r in rows})
        chosen = np.flatnonzero(decided)
        if simulation.said[chosen].any() and (~simulation.said[chosen]).any():
            quality = simulation.fit(chosen, cross_validate=False).quality_of(pool.X)
    store.close()
    learn(ws, enable=True)  # on whatever its figures: the screenshots show the rule at work
    return target, records


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "docs", "screenshots")
    os.makedirs(out, exist_ok=True)
    ws, records = prepare(os.path.join(ROOT, "bench", "work", "learn-screenshots"))
    manuals = {row["id"]: row["style"] == "manual" for row in records}
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
        # the decisions the model doubts (the curator's flips among them)
        window.review.strategy.setCurrentIndex(window.review.strategy.findData("doubtful"))
        settle()
        window.grab().save(os.path.join(out, f"learn-doubtful-{language}-light.png"))
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

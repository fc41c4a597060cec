"""``curator gui [WS] [--screenshot FILE.png] [--tab NAME]``: start the desktop app."""

import os
import sys
import time


def check_binding(rounds: int = 5_000) -> int:
    """``curator gui --check-binding``: 0 when ``rounds`` × 4 void Qt calls lose no reference to
    None, 1 otherwise; the figures on one line either way."""
    from PySide6.QtWidgets import QApplication

    from curator.gui.binding import binding_version, none_references_lost

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    lost = none_references_lost(rounds)
    print(f"PySide6 {binding_version()} on Python {sys.version.split()[0]}: "
          + (f"{rounds * 4:,} void Qt calls, no reference to None lost" if lost == 0 else
             f"LEAKS: {lost:,} references to None lost in at most {rounds * 4:,} void Qt calls (the app would abort)"))
    return 0 if lost == 0 else 1


def first_language(settings, environ, ask=None) -> str:
    """The app's language: the one chosen in its menu before, else the environment's (LANG and
    the rest, ``i18n.environment_language``), else asked once (``ask``, remembered) — Korean when
    nobody can be asked (a screenshot, offscreen)."""
    chosen = settings.value("language")
    if chosen in ("ko", "en"):
        return chosen
    from curator.gui import i18n
    found = i18n.environment_language(environ)
    if found is not None:
        return found
    if ask is None:
        return "ko"
    answer = ask() or "ko"
    settings.setValue("language", answer)
    return answer


def ask_language() -> str | None:
    """Korean or English, asked in both (the first start of a machine whose locale names no language)."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Question, "Hangul Curator", "사용할 언어를 고르세요.\nChoose the language of the app.")
    korean = box.addButton("한국어", QMessageBox.AcceptRole)
    english = box.addButton("English", QMessageBox.AcceptRole)
    box.setDefaultButton(korean)
    box.exec()
    return {id(korean): "ko", id(english): "en"}.get(id(box.clickedButton()))


def main(workspace: str | None = None, screenshot: str | None = None, tab: str = "documents",
         language: str | None = None, theme_name: str | None = None) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Hangul Curator")
    # pyarrow imports pandas (~350 modules) on its first array: on a worker thread now, not on the
    # UI thread when the first workspace opens (that open stalled 0.6–2 s under load)
    import threading
    threading.Thread(target=__import__, args=("pandas",), daemon=True, name="import pandas").start()
    from curator.errors import CuratorError
    from curator.gui.binding import refuse_leaking_binding
    refusal = refuse_leaking_binding()
    if refusal:  # before any window: a crash minutes later would lose the curator's work
        raise CuratorError(refusal)
    settings = QSettings("HangulCurator", "curator")
    interactive = not screenshot and app.platformName() not in ("offscreen", "minimal")
    i18n.set_language(language or first_language(settings, os.environ, ask_language if interactive else None))
    bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "fonts")  # the packaged app's NanumGothic
    if getattr(sys, "frozen", False) and os.path.isdir(bundled):
        for name in sorted(os.listdir(bundled)):  # a machine without Korean fonts still shows Hangul
            QFontDatabase.addApplicationFont(os.path.join(bundled, name))
    families = set(QFontDatabase.families())
    for family in ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo"):
        if family in families:  # a Korean font when one is installed; Qt falls back otherwise
            app.setFont(QFont(family, 10))
            break

    from curator.gui import theme
    theme.apply(theme_name or settings.value("theme", "system"), settings.value("point_size", None, type=int))

    from curator.gui.main_window import MainWindow
    window = MainWindow(settings)
    if workspace:
        window.open_workspace(workspace)
    elif not screenshot and settings.value("last_workspace"):
        window.open_workspace(settings.value("last_workspace"), at_start=True)  # may be gone: say so
    tabs = {"documents": 0, "filters": 1, "review": 2, "duplicates": 3}
    window.tabs.setCurrentIndex(tabs.get(tab, 0))
    if screenshot:
        window.resize(1360, 820)  # screenshots do not depend on a remembered layout
    window.show()
    if screenshot:
        from PySide6.QtCore import QThreadPool
        started = time.monotonic()

        def grab():
            # first paint with data: wait until the background fetches (previews, histogram,
            # review sample) have landed, then save
            if QThreadPool.globalInstance().activeThreadCount() and time.monotonic() - started < 30:
                QTimer.singleShot(20, grab)
                return
            app.processEvents()
            window.grab().save(screenshot)
            window.close()
            app.quit()
        QTimer.singleShot(0, grab)
    from curator.gui.document_pane import MORPHEMES
    from curator.gui.offload import OFFLOAD
    try:
        return app.exec()
    finally:
        MORPHEMES.close()  # the analysis process goes with the window
        OFFLOAD.close()

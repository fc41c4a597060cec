"""The main window: documents (table + document pane + search/filter bar), filters, review and
duplicates tabs; File menu with open, recent, new run (and drag and drop), export; language; the
counts always visible in the status bar; layout and recent workspaces remembered (QSettings)."""

import os
import sys
import time

import numpy as np
import shiboken6
from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
                               QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget)

from curator.errors import CuratorError
from curator.gui import i18n, questions, theme
from curator.gui.dialogs import ExportDialog, RunDialog
from curator.gui.document_pane import DocumentPane
from curator.gui.duplicates import DuplicatesView
from curator.gui.filter_panel import FilterPanel
from curator.gui.i18n import tr
from curator.gui.opening import open_view, prepared_view
from curator.gui.review import ReviewWidget
from curator.gui.table_model import COLUMNS, SORTABLE, DocumentsModel
from curator.gui.workers import Worker, start, when_alive
from curator.workspace.layout import Workspace
from curator.workspace.verdict import NONE
from curator.workspace.view import WorkspaceView

MAX_RECENT = 8
REST_MS = 120  # row changes closer than this are arrow-key browsing: the document body waits
STEP_MS = 6  # ``_after_paint``: just after Qt's own repaint timer (5 ms)
OUTSIDE_CHECK_MS = 2000  # how often the app looks for an apply, decide or run made beside it


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text.strip() else None
    except ValueError:
        return None


def _learn(view):
    """The decisions the app has not written to the parts yet go first; then ``curator learn``
    (its new record is this app's own change, not one made beside it: the app reopens after)."""
    from curator.pipeline.learn import learn
    if view.dirty:
        view.flush()
    with view.own_writes():
        return learn(view.ws, enable=False)  # switched on only after the curator saw what it removes


def _switch_learned(view):
    from curator.pipeline.learn import switch_learned
    with view.own_writes():
        return switch_learned(view.ws)


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, tabs_later: bool = False):
        """``tabs_later``: the filters, review and duplicates tabs are left to the caller, who runs
        ``tabs_to_build`` (each adds one) before anything else (a language switch's successor
        builds them a turn each: a whole window built in one slice held the UI thread 37-56 ms)."""
        super().__init__()
        # Every table cell and slot the UI thread runs is Python, and a worker doing Python work
        # (a diff, a search) holds the GIL for up to the switch interval each time: at the default
        # 5 ms a repaint of many cells queued behind it for hundreds of ms. 1 ms bounds that wait.
        sys.setswitchinterval(0.001)
        self.settings = settings or QSettings("HangulCurator", "curator")
        self.view = None
        self.sort_key = None
        self.requests = 0  # filter and search requests made; only the newest result is shown
        self.opening = 0  # background opens asked for; only the newest is adopted
        self.steps_pending = 0  # steps ``_later`` has yet to run
        self.setAcceptDrops(True)
        self.setWindowTitle(tr("app"))
        self.model = DocumentsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.ExtendedSelection)  # shift/ctrl: bulk decisions
        self.bulk_undo: list[dict] = []  # each bulk action's previous decisions: one undo step each
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        self.table.horizontalHeader().setSortIndicatorShown(False)  # shown once a column is sorted
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # no row numbers: re-measuring them cost 181 ms per new search result; "shown" counts rows
        self.table.verticalHeader().setVisible(False)
        self.pane = DocumentPane()
        self.last_row_change, self.resting_row = 0.0, None
        self.rest_timer = QTimer(self)
        self.rest_timer.setSingleShot(True)
        self.rest_timer.setInterval(REST_MS)
        self.rest_timer.timeout.connect(self._rested)
        self.pane.decided.connect(self._decided)
        # filter bar
        self.verdict = QComboBox()
        for key in ("all", "kept", "removed"):
            self.verdict.addItem(tr(key), key)
        self.reason = QComboBox()
        self.decision_filter = QComboBox()
        for key, label in ((None, "any_decision"), ("accept", "accept"), ("reject", "reject"), ("none", "undecided")):
            self.decision_filter.addItem(tr(label), key)
        self.decision_filter.currentIndexChanged.connect(self.apply_filters)
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("source_filter"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("search"))
        self.search_mode = QComboBox()  # as typed (NFC, Latin case ignored) or by lemma (Kiwi)
        for key in ("text", "lemma"):
            self.search_mode.addItem(tr(f"search_{key}"), key)
        self.search_mode.currentIndexChanged.connect(lambda _: self.search.text().strip() and self.apply_filters())
        self.signal = QComboBox()  # a signal range: rows with low ≤ value ≤ high, sorted by it
        self.low, self.high = QLineEdit(), QLineEdit()
        for edit, hint in ((self.low, "≥"), (self.high, "≤")):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(70)
            edit.returnPressed.connect(self.apply_filters)
        self.signal.currentIndexChanged.connect(self.apply_filters)
        self.shown = QLabel()
        self.verdict.currentIndexChanged.connect(self.apply_filters)
        self.reason.currentIndexChanged.connect(self.apply_filters)
        self.source.returnPressed.connect(self.apply_filters)
        self.search.returnPressed.connect(self.apply_filters)
        bar = QHBoxLayout()
        for widget in (self.verdict, self.reason, self.decision_filter, self.source, self.signal, self.low, self.high, self.search,
                       self.search_mode, self.shown):
            bar.addWidget(widget)
        documents = QWidget()
        documents_layout = QVBoxLayout(documents)
        documents_layout.addLayout(bar)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.pane)
        self.splitter.setSizes([720, 560])
        documents_layout.addWidget(self.splitter, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(documents, tr("documents"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        # the other tabs: built here, or (``tabs_later``) by the caller, one per event-loop turn
        self.tabs_to_build = [self._add_filters_tab, self._add_review_tab, self._add_duplicates_tab]
        while self.tabs_to_build and not tabs_later:
            self.tabs_to_build.pop(0)()
        self.counts_label = QLabel(tr("no_workspace"))
        self.statusBar().addPermanentWidget(self.counts_label)
        # a CLI apply, decide or run beside the app makes its numbers stale: look now and then,
        # and whenever the window comes back to the front (the curator was in a terminal)
        self.outside_timer = QTimer(self)
        self.outside_timer.timeout.connect(self.check_outside)
        self.outside_timer.start(OUTSIDE_CHECK_MS)
        # not an event() override: that put every repaint of the window under Python
        QGuiApplication.instance().applicationStateChanged.connect(self._application_state)
        self.table.selectionModel().currentRowChanged.connect(self._row_selected)
        self._menus()
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _add_filters_tab(self) -> None:
        self.filters = FilterPanel()
        self.filters.ask_share = float(self.settings.value("ask_above_share", self.filters.ask_share))
        self.filters.countsChanged.connect(self._show_counts)
        self.filters.flipsRequested.connect(self._show_flipped)
        self.filters.thresholdsSaved.connect(self._thresholds_saved)
        self.tabs.addTab(self.filters, tr("filters"))

    def _add_review_tab(self) -> None:
        self.review = ReviewWidget()
        self.review.decided.connect(self._decided)
        self.review.learnRequested.connect(self.learn)
        self.tabs.addTab(self.review, tr("review"))

    def _add_duplicates_tab(self) -> None:
        self.duplicates = DuplicatesView()
        self.duplicates.changed.connect(self._refresh_verdicts)
        self.tabs.addTab(self.duplicates, tr("duplicates"))

    def _application_state(self, state) -> None:
        """The app came back to the front (the curator was in a terminal): look at once."""
        if state == Qt.ApplicationActive:
            self.check_outside()

    def check_outside(self) -> bool:
        """Reopen the workspace when another process changed it; returns whether it did."""
        what = self.view.outside_change() if self.view is not None else None
        if what is None:
            return False
        return self.reopen(tr("changed_outside_" + what))

    # menus ----------------------------------------------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr("file"))
        for label, shortcut, slot in ((tr("open"), QKeySequence.Open, self.choose_workspace),
                                      (tr("new_run"), QKeySequence.New, lambda: self.new_run([])),
                                      (tr("export"), QKeySequence("Ctrl+E"), self.export),
                                      (tr("export_decisions"), QKeySequence("Ctrl+Shift+E"),
                                       self.choose_decisions_file)):
            action = QAction(label, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        self.recent_menu = file_menu.addMenu(tr("recent"))
        self._fill_recent()
        file_menu.addSeparator()
        quit_action = QAction(tr("quit"), self)
        quit_action.setShortcut(QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        decisions_menu = self.menuBar().addMenu(tr("decisions_menu"))
        self.writing_actions = []  # every action that stores something: off in a read-only workspace
        for label, shortcut, slot in (
                (tr("accept_selected"), "Ctrl+Shift+A", lambda: self.decide_rows(self.selected_rows(), "accept")),
                (tr("reject_selected"), "Ctrl+Shift+X", lambda: self.decide_rows(self.selected_rows(), "reject")),
                (tr("clear_selected"), "Ctrl+Shift+D", lambda: self.decide_rows(self.selected_rows(), None)),
                (tr("accept_shown"), None, lambda: self.decide_rows(self.model.rows, "accept")),
                (tr("reject_shown"), None, lambda: self.decide_rows(self.model.rows, "reject")),
                (tr("reject_cluster"), None, self.reject_cluster_of_current),
                (tr("undo_bulk"), "Ctrl+Z", self.undo_bulk),
                (tr("learn"), "Ctrl+L", self.learn)):
            action = QAction(label, self)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            decisions_menu.addAction(action)
            self.writing_actions.append(action)
        view_menu = self.menuBar().addMenu(tr("view"))
        language_menu = view_menu.addMenu(tr("language"))
        group = QActionGroup(self)
        for code, label in (("ko", "한국어"), ("en", "English")):
            action = QAction(label, self, checkable=True, checked=(i18n.language() == code))
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
        theme_menu = view_menu.addMenu(tr("theme"))
        themes = QActionGroup(self)
        for name in theme.THEMES:
            action = QAction(tr(f"theme_{name}"), self, checkable=True,
                             checked=(self.settings.value("theme", "system") == name))
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            themes.addAction(action)
            theme_menu.addAction(action)
        for label, shortcut, step in ((tr("text_larger"), QKeySequence.ZoomIn, 1),
                                      (tr("text_smaller"), QKeySequence.ZoomOut, -1),
                                      (tr("text_reset"), QKeySequence("Ctrl+0"), 0)):
            action = QAction(label, self)
            action.setShortcut(shortcut)
            action.triggered.connect(lambda _=False, k=step: self.change_text_size(k))
            view_menu.addAction(action)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.value("recent", [], type=list)[:MAX_RECENT]:
            action = QAction(path, self)
            action.triggered.connect(lambda _=False, p=path: self.open_workspace(p, background=True))
            self.recent_menu.addAction(action)

    def set_theme(self, name: str) -> None:
        """Light, dark or the system's palette, at once; stored for the next start. Only the few
        labels whose HTML names a theme colour are set again, in the next event-loop turn: the
        document texts carry no theme colour (marks are dark on light in either palette), and
        drawing the document again behind the re-polish held the UI thread up to 129 ms loaded.
        The table keeps its old colours for one turn.
        """
        self.settings.setValue("theme", name)
        apply, repaint = self._table_painted_later(lambda: theme.apply(name))
        apply()
        self._later([repaint, self._recolour])

    def _table_painted_later(self, fn) -> list:
        """Two steps: ``fn`` with the table's repaint held back, then the repaint: the table's
        cells (~1,800 calls into Python a repaint) are painted in an event-loop turn of their own."""
        return [lambda: (self.table.setUpdatesEnabled(False), fn()), lambda: self.table.setUpdatesEnabled(True)]

    def _recolour(self) -> None:
        """Labels whose HTML carries a theme colour (``theme.css``) follow the new palette."""
        self.pane.recolour()
        self.review.recolour()
        self.filters.recolour()

    def change_text_size(self, step: int) -> None:
        """One point larger or smaller (0: back to the default); stored. The window takes the new
        size a part per event-loop turn, what is shown first (``_font_parts``): the app font set
        at once made Qt lay out and repaint every widget, the tabs not shown too, in one slice
        (34-86 ms of the UI thread's CPU loaded); the table is laid out in one turn and repainted
        in the next. Nothing is drawn again: the shown texts follow the font by themselves (their
        HTML carries colours, not sizes; the pane refits its signal columns on its font change),
        and rendering them again stalled the UI thread up to 204 ms."""
        size = self.settings.value("point_size", theme.DEFAULT_POINT_SIZE, type=int)
        size = theme.DEFAULT_POINT_SIZE if step == 0 else min(24, max(7, size + step))
        self.settings.setValue("point_size", size)
        font = theme.sized_font(size)
        steps = []
        for widget in self._font_parts():
            apply = (lambda w=widget: w.setFont(font)) if widget is not None else (lambda: QApplication.setFont(font))
            if widget is self.table or widget is None:  # these repaint the table: that in a turn of its own
                steps += self._table_painted_later(apply)
            else:
                steps.append(apply)
        self._later(steps)

    def _font_parts(self) -> list:
        """The parts of the window that take a new text size one turn each, in this order: the
        shown tab's (the documents tab: the document's text, the table, the rest of the pane),
        each other tab's, then the app font (None: the light rest of the window, and windows and
        dialogs opened later; the parts set before keep theirs and are not laid out again). A
        part's font is its own from then on, so every size change sets every part."""
        documents = self.tabs.widget(0)
        tabs = [self.tabs.widget(index) for index in range(self.tabs.count())]
        tabs.sort(key=lambda tab: tab is not self.tabs.currentWidget())
        parts = []
        for tab in tabs:
            parts += [self.pane.text, self.table, self.pane] if tab is documents else [tab]
        return parts + [None]

    def _set_language(self, code: str) -> None:
        """Switch the language without a restart: a new window in that language takes over this
        one's workspace (unsaved threshold changes and all), tab, layout and selection."""
        self.settings.setValue("language", code)
        if code == i18n.language():
            return
        i18n.set_language(code)
        successor = MainWindow(self.settings, tabs_later=True)
        self.replaced_by = successor
        successor.take_over(self)  # in steps: it is shown, and this one closed, in a later turn

    # workspace ------------------------------------------------------------------------------------
    def choose_workspace(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("open"))
        if path:
            self.open_workspace(path, background=True)

    def report_error(self, message: str) -> None:
        """A problem the user must see: a dialog, not a line on stderr (tests replace this)."""
        questions.warn(self, tr("app"), message)

    def open_workspace(self, path: str, at_start: bool = False, background: bool = False) -> bool:
        """Open ``path``; a folder that is not a (finished) workspace is reported and the current
        one stays open. ``at_start`` (the last workspace of a previous session): start empty and
        say why in the window instead of a dialog. ``background`` (what the menu, recent list,
        drop and a finished run use): the view is built on a worker and adopted when it lands
        (returns True at once; the newest open wins); otherwise it is open when this returns."""
        if background:
            self.opening = request = self.opening + 1
            self.statusBar().showMessage(tr("working"))
            worker = Worker(prepared_view, path, hooks=False)
            worker.signals.finished.connect(lambda result, p=path, n=request: self._prepared(p, n, *result))
            start(worker)
            return True
        view, error = open_view(path)
        return self.adopt_opened(path, view, error, at_start)

    def adopt_opened(self, path: str, view: WorkspaceView | None, error: str | None, at_start: bool = False,
                     in_steps: bool = False) -> bool:
        """Adopt ``view`` opened from ``path`` (here or on a worker), or say why it could not be
        opened (``error``; the current workspace stays). ``in_steps``: one step per event-loop
        turn (``_adoption_steps``), else all of it before this returns."""
        if view is None:
            message = tr("cannot_open", path=path, error=error)
            if at_start:
                self.counts_label.setText(message)
                self.statusBar().showMessage(message)
            else:
                self.report_error(message)
            return False
        if self.view is not None:
            self.view.close()
        if in_steps:  # the table now, the rest in the turns after
            steps = self._adoption_steps(view, path)
            steps[0]()
            self._later(steps[1:])
        else:
            self._adopt_view(view, path)
        return True

    def _prepared(self, path: str, request: int, view, error: str | None) -> None:
        """A background open landed: adopt it, unless a newer open was asked for meanwhile or
        the window is gone (the view is closed then, not left holding the store)."""
        if not shiboken6.isValid(self) or request != self.opening:
            if view is not None:
                view.close()
            return
        self.statusBar().clearMessage()
        self.adopt_opened(path, view, error, in_steps=True)

    def take_over(self, other: "MainWindow") -> None:
        """Carry on from ``other`` (the window this one replaces): its open workspace with the
        unsaved threshold changes, the tab, the search, the document shown and the layout; then
        show this window and close ``other``. One step per event-loop turn (adopt the view; carry
        the work in progress; show and close; draw the document): done in one go it held the UI
        thread 251 ms under load. ``other`` stays on screen until this one replaces it."""
        self.restoreGeometry(other.saveGeometry())
        self.splitter.restoreState(other.splitter.saveState())
        view, other.view = other.view, None
        pending, search, mode = dict(other.filters.pending), other.search.text(), other.search_mode.currentIndex()
        tab, row = other.tabs.currentIndex(), other.pane.row
        steps, self.tabs_to_build = self.tabs_to_build, []  # first: what the others need
        if view is not None:
            steps += self._adoption_steps(view, view.ws.root, select=row is None)

            def carry() -> None:
                self.filters.adopt_pending(pending)
                self.search.setText(search)
                self.search_mode.setCurrentIndex(mode)
                if search:
                    self.apply_filters()
                self.tabs.setCurrentIndex(tab)
            steps.append(carry)
        steps += self._table_painted_later(lambda: (self.show(), other.close()))
        if view is not None and row is not None:
            steps.append(lambda: self.pane.show_row(view, row))
        self._later(steps)

    def _later(self, steps: list) -> None:
        """Run ``steps`` one per event-loop turn, starting at the next (input and repaints get in
        between), while this window is alive. ``steps_pending`` counts the steps not run yet (a
        benchmark waits for them)."""
        queue = list(steps)
        self.steps_pending += len(queue)

        def step() -> None:
            self.steps_pending -= 1
            do = queue.pop(0)
            if queue:
                self._after_paint(step)
            if shiboken6.isValid(self):
                do()
        if queue:
            self._after_paint(step)

    def _after_paint(self, fn) -> None:
        """Run ``fn`` after the repaint that what runs now asks for (Qt paints a window on a timer
        of its own, QT_QPA_UPDATE_IDLE_TIME, 5 ms: a zero timer's step ran before it and the two
        costs added up; a theme switch's table repaint in a step of its own took 21-24 ms of CPU
        with the rest, 11-13 after it). Dropped with the window."""
        QTimer.singleShot(STEP_MS, self, fn)

    def reopen(self, message: str | None = None, pending: dict | None = None) -> bool:
        """Open the same workspace again (its record or decisions changed: a learn here, an
        apply, decide or run beside the app), keeping the unsaved threshold changes (or
        ``pending``), the tab, the review order, the search and the document shown. When it
        cannot be opened, the counts say so instead of showing numbers the store no longer holds."""
        if self.view is None:
            return False
        root = self.view.ws.root
        pending = dict(self.filters.pending) if pending is None else pending
        tab, strategy = self.tabs.currentIndex(), self.review.strategy.currentIndex()
        shown = self.view.ids[self.pane.row].as_py() if self.pane.row is not None else None
        view, error = open_view(root)
        if view is None:  # the next check (2 s) tries again
            message = tr("cannot_open", path=root, error=error)
            self.counts_label.setText(message)
            self.statusBar().showMessage(message)
            return False
        self.view.close()
        self._adopt_view(view, root)
        self.filters.adopt_pending(pending)
        self.review.strategy.setCurrentIndex(strategy)
        self.tabs.setCurrentIndex(tab)
        if self.search.text().strip():
            self.apply_filters()
        row = view.row_of(shown) if shown is not None else None
        if row is not None:
            self.pane.show_row(view, row)
        if message:
            self.statusBar().showMessage(message, 10000)
        return True

    def _adopt_view(self, view: WorkspaceView, path: str, select: bool = True) -> None:
        """Adopt ``view`` now, every step at once (start-up, a reopen)."""
        for step in self._adoption_steps(view, path, select):
            step()

    def _adoption_steps(self, view: WorkspaceView, path: str, select: bool = True) -> list:
        """Adopting ``view`` in steps that can each take an event-loop turn of their own (a
        background open, a language switch; in one slice it held the UI thread 208-272 ms loaded):
        first what the curator sees (the table, counts, title), then the filter bar's lists, the
        filters tab, the review and duplicates tabs, and the first document. A step is dropped
        when another view was adopted meanwhile."""
        def current(step):
            return lambda: self.view is view and step()
        steps = [lambda: self._adopt_table(view, path), current(self._fill_filter_bar),
                 current(lambda: self.filters.set_view(view)),
                 current(lambda: (self.review.set_view(view), self.duplicates.set_view(view)))]
        if select:
            steps.append(current(lambda: self.model.rowCount() and self.table.selectRow(0)))
        return steps

    def _adopt_table(self, view: WorkspaceView, path: str) -> None:
        """The table, counts, title and recent list of ``view``."""
        self.view = view
        self.bulk_undo = []
        self.model = DocumentsModel(self.view)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_selected)
        for column, width in enumerate((150, 64, 56, 190, 64, 140)):
            self.table.setColumnWidth(column, width)
        self.setWindowTitle(f"{tr('app')} — {os.path.abspath(path)}"
                            + (f" ({tr('read_only_title')})" if view.read_only else ""))
        for action in self.writing_actions:
            action.setEnabled(not view.read_only)
        if view.read_only:
            self.statusBar().showMessage(tr("read_only_note"))
        recent = [p for p in self.settings.value("recent", [], type=list) if p != os.path.abspath(path)]
        self.settings.setValue("recent", [os.path.abspath(path)] + recent[:MAX_RECENT - 1])
        self.settings.setValue("last_workspace", os.path.abspath(path))
        self._fill_recent()
        self._show_counts(self.view.counts())
        self._update_shown()

    def _fill_filter_bar(self) -> None:
        """The reason list (with counts) and the signal list of the filter bar."""
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem(tr("any_reason"), None)
        for name, count in sorted(self.view.counts().by_rule.items(), key=lambda kv: -kv[1]):
            self.reason.addItem(f"{name} ({count:,})", name)
        self.reason.view().setMinimumWidth(self.reason.view().sizeHintForColumn(0) + 24)  # the list never clips a reason
        self.reason.blockSignals(False)
        self.signal.blockSignals(True)
        self.signal.clear()
        self.signal.addItem(tr("signal") + " —", None)
        for name in self.view.signal_names():
            self.signal.addItem(name, name)
        self.signal.blockSignals(False)

    # learning from the decisions ----------------------------------------------------------------------
    def learn(self) -> Worker | None:
        """Train the quality model on the decisions (``curator learn``) off the UI thread, then
        reopen the workspace with ``learned_quality`` and ``quality:learned``; unsaved threshold
        changes, the tab and the review sampling carry over."""
        if self.view is None:
            return None
        decided = int((self.view.decision != NONE).sum())
        self.statusBar().showMessage(tr("learning", n=decided))
        self.review.learn_button.setEnabled(False)
        worker = Worker(_learn, self.view, hooks=False)
        pending = dict(self.filters.pending)
        worker.signals.finished.connect(lambda result: self._learned(pending, result))
        worker.signals.failed.connect(self._learn_failed)
        return start(worker)

    @when_alive
    def _learned(self, pending: dict, result) -> None:
        from curator.pipeline.learn import gate_figures, gate_passes
        self.reopen(pending=pending)
        self.review.learn_button.setEnabled(True)
        info = result.model.info
        gate = gate_figures(info)
        figures = dict(n=info["decisions"], f1=gate["f1"], mcc=gate.get("mcc", float("nan")), removed=result.would_remove)
        if not gate_passes(info):
            self.statusBar().showMessage(tr("learned_off", **figures))
            return
        if result.would_remove and not self.ask_enable_learned(figures, self.learned_would_remove()):
            self.statusBar().showMessage(tr("learned_declined", **figures))
            return
        worker = Worker(_switch_learned, self.view, hooks=False)
        worker.signals.finished.connect(lambda _stats: self._learned_on(figures))
        worker.signals.failed.connect(self.report_error)
        start(worker)

    @when_alive
    def _learned_on(self, figures: dict) -> None:
        self.reopen(tr("learned_done", **figures))

    def learned_would_remove(self) -> np.ndarray:
        """Rows kept now that ``quality:learned`` (off) would remove: learned score under its bound."""
        from curator.filters.learned import SIGNAL
        from curator.pipeline.learn import learned_bound
        return np.flatnonzero(~self.view.removed_mask() & (self.view.signal(SIGNAL) < learned_bound(self.view.config)))

    def ask_enable_learned(self, figures: dict, rows: np.ndarray) -> bool:
        """Before ``quality:learned`` removes anything: its figures, how many documents it would
        remove and a sample of them, and a yes/no (tests replace this)."""
        sample = "\n".join(f"· {self.view.ids[int(r)].as_py()} — {' '.join(self.view.texts([int(r)], limit=50)[0].split())}"
                           for r in rows[:5])
        return questions.choose(self, tr("learn"), tr("enable_learned_question", **figures,
                                share=len(rows) / max(1, self.view.n), sample=sample),
                                ("enable", "keep_off"), "keep_off") == "enable"

    @when_alive
    def _learn_failed(self, message: str) -> None:
        self.review.learn_button.setEnabled(True)
        self.statusBar().clearMessage()
        self.report_error(message)

    # filtering and sorting --------------------------------------------------------------------------
    def apply_filters(self, *_args) -> None:
        if self.view is None:
            return
        signal = self.signal.currentData()
        low, high = _number(self.low.text()), _number(self.high.text())
        rows = self.view.select(self.verdict.currentData(), self.reason.currentData(), self.source.text() or None,
                                signal, low, high, decision=self.decision_filter.currentData())
        if signal and self.sort_key is None:
            rows = self.view.sort(rows, signal)
        needle, mode = self.search.text().strip(), self.search_mode.currentData()
        self.pane.set_query(needle, mode)
        # every result is tagged with its request: a search that lands after a newer request (another
        # query, another mode, another filter) is dropped, and "working" stays until the newest lands
        self.requests += 1
        if needle:  # text search reads every part: off the UI thread
            from curator.gui.document_pane import MORPHEMES
            from curator.gui.offload import lemma_search
            # a lemma search's Python runs in the analysis process (here it held the GIL the
            # UI thread needs); a text search is pyarrow's, which lets go of the GIL
            worker = (Worker(MORPHEMES.call, lemma_search, self.view.parts, self.view.part_starts, needle, rows,
                             hooks=False) if mode == "lemma"
                      else Worker(self.view.search, needle, rows, mode=mode, hooks=False))
            worker.signals.finished.connect(lambda found, n=self.requests: self._searched(found, n))
            worker.signals.failed.connect(lambda message, n=self.requests: self._search_failed(message, n))
            start(worker)
            self.shown.setText(tr("working"))
            return
        self._show_rows(rows)

    @when_alive
    def _searched(self, rows, request: int) -> None:
        if request == self.requests:
            self._show_rows(rows)

    @when_alive
    def _search_failed(self, message: str, request: int | None = None) -> None:
        if request is not None and request != self.requests:
            return
        self._update_shown()
        self.report_error(message)

    @when_alive
    def _show_rows(self, rows) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        if self.sort_key is not None:
            rows = self.view.sort(rows, *self.sort_key)
        self.model.set_rows(rows)
        self._update_shown()

    def _show_flipped(self, rows) -> None:
        """The documents a pending threshold change flips, in the documents tab (asked for from
        the filters tab; a search or filter result stays on the tab it was made on)."""
        self._show_rows(rows)
        self.tabs.setCurrentIndex(0)

    def _sort_by(self, section: int) -> None:
        """Click: ascending; again: descending; the header shows which column and which way."""
        key = COLUMNS[section]
        header = self.table.horizontalHeader()
        if key not in SORTABLE or self.view is None:
            header.setSortIndicatorShown(self.sort_key is not None)
            if self.sort_key is not None:
                header.setSortIndicator(COLUMNS.index(self.sort_key[0]),
                                        Qt.DescendingOrder if self.sort_key[1] else Qt.AscendingOrder)
            return
        descending = self.sort_key == (key, False)
        self.sort_key = (key, descending)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(section, Qt.DescendingOrder if descending else Qt.AscendingOrder)
        self.model.set_rows(self.view.sort(self.model.rows, key, descending))

    def _update_shown(self) -> None:
        self.shown.setText(tr("shown", shown=self.model.rowCount()))

    def _show_counts(self, counts) -> None:
        unsaved = f" · {tr('unsaved')}" if self.filters.has_unsaved() else ""  # the dragged value
        self.counts_label.setText(tr("counts", documents=counts.documents, kept=counts.kept,
                                     removed=counts.removed, share=counts.removed_share) + unsaved)

    # selection and decisions -------------------------------------------------------------------------
    def _row_selected(self, current, _previous=None) -> None:
        """A row change shows its document at once; while arrow keys repeat (changes under
        REST_MS apart) only the header follows and the body is drawn when the keys rest (a long
        document's body took up to 270 ms per press under load)."""
        if not current.isValid() or self.view is None:
            return
        row = self.model.row_at(current.row())
        now = time.monotonic()
        rapid, self.last_row_change = now - self.last_row_change < REST_MS / 1000, now
        if rapid:
            self.pane.show_header(self.view, row)
            self.pane.set_enabled_actions(False)
            self.resting_row = row
            self.rest_timer.start()
        else:
            self.rest_timer.stop()
            self.pane.show_row(self.view, row)

    def _rested(self) -> None:
        if self.view is not None and self.resting_row is not None:
            row, self.resting_row = self.resting_row, None
            self.pane.show_row(self.view, row)

    def _decided(self, _row, _action) -> None:
        self._refresh_verdicts()

    # bulk decisions -------------------------------------------------------------------------------
    def selected_rows(self) -> np.ndarray:
        """Workspace rows of the table's selected lines."""
        if self.view is None or self.table.selectionModel() is None:
            return np.zeros(0, np.int64)
        lines = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return self.model.rows[lines] if lines else np.zeros(0, np.int64)

    def decide_rows(self, rows, action: str | None) -> int:
        """One decision for every row given (a selection, all shown — e.g. all with a reason once
        the reason filter is set —, a cluster), stored at once and undone in one step."""
        rows = np.asarray(rows, dtype=np.int64)
        if self.view is None or len(rows) == 0:
            return 0
        self.bulk_undo.append(self.view.decide_many(rows, action))
        self._refresh_verdicts()
        if self.pane.row is not None:
            self.pane.show_row(self.view, self.pane.row)  # its verdict and decision changed too
        self.statusBar().showMessage(tr("bulk_done", n=len(rows), action=tr(action or "none")), 6000)
        return len(rows)

    def reject_cluster_of_current(self) -> int:
        """Reject every member of the current document's duplicate cluster but the one it keeps."""
        self._rested()  # the document whose header is shown, not one browsed past
        if self.view is None or self.pane.row is None:
            return 0
        return self.decide_rows(self.view.cluster_rows_but_representative(self.pane.row), "reject")

    def undo_bulk(self) -> int:
        if not self.bulk_undo:
            self.statusBar().showMessage(tr("nothing_to_undo"), 4000)
            return 0
        previous = self.bulk_undo.pop()
        self.view.restore(previous)
        self._refresh_verdicts()
        self.statusBar().showMessage(tr("bulk_undone", n=len(previous)), 6000)
        return len(previous)

    def _refresh_verdicts(self) -> None:
        self.model.refresh_verdicts()
        self._show_counts(self.view.counts())

    def _thresholds_saved(self, current: bool = True) -> None:
        if not current:  # an apply or decide beside the app: show the store's numbers, not ours
            self.reopen(tr("saved_after_outside"))
            return
        self._refresh_verdicts()
        self.filters.set_view(self.view)
        self.statusBar().showMessage(tr("saved"), 4000)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.review:
            self.review.setFocus()

    # runs and exports --------------------------------------------------------------------------------
    def new_run(self, inputs: list[str]) -> RunDialog:
        dialog = RunDialog(inputs, self)
        dialog.succeeded.connect(lambda result: self.open_workspace(result.workspace.root, background=True))
        dialog.show()
        return dialog

    def choose_decisions_file(self) -> None:
        if self.view is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("export_decisions"),
                                              os.path.join(self.view.ws.root, "decisions.jsonl"),
                                              "JSON Lines (*.jsonl);;CSV (*.csv)")
        if path:
            self.export_decisions(path)

    def export_decisions(self, path: str) -> int | None:
        """Decisions and notes with who/when to ``path`` (.jsonl or .csv), as
        ``curator decisions export`` writes them."""
        from curator.workspace.decisions_io import export_decisions
        try:
            n = export_decisions(self.view.ws, path)
        except (CuratorError, OSError) as exc:
            self.report_error(str(exc))
            return None
        self.statusBar().showMessage(tr("decisions_exported", n=n, path=path), 8000)
        return n

    def export(self) -> ExportDialog | None:
        if self.view is None:
            return None
        dialog = ExportDialog(self.view, self)
        dialog.succeeded.connect(lambda manifest: self.statusBar().showMessage(
            tr("exported", path=dialog.output.text()), 8000))
        dialog.show()
        return dialog

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls()]
        if len(paths) == 1 and Workspace(paths[0]).exists():
            self.open_workspace(paths[0], background=True)
        else:
            self.new_run(paths)

    def ask_unsaved(self) -> str:
        """Save / Discard / Cancel for unsaved threshold changes (tests replace this)."""
        return questions.choose(self, tr("unsaved_title"), tr("unsaved_question", n=len(self.filters.pending)),
                                ("save", "discard", "cancel"), "save") or "cancel"

    def closeEvent(self, event) -> None:
        if self.view is not None and self.filters.has_unsaved() and not self.view.read_only:
            choice = self.ask_unsaved()
            if choice == "cancel":
                event.ignore()
                return
            if choice == "save":
                self.filters.adopt_all()  # written by the flush below
                self.view.dirty = True
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.outside_timer.stop()  # the view closes below: nothing may look at it afterwards
        if self.view is not None:
            if self.view.dirty and not self.view.read_only:
                self.view.flush()  # SPEC: decisions reach the documents table at the latest on close
            self.view.close()
        if getattr(self, "replaced_by", None) is None:  # quitting: let the workers end; a language
            QThreadPool.globalInstance().waitForDone(5000)  # switch's successor carries on instead
        super().closeEvent(event)

"""Filter panel: one histogram per rule's signal with draggable thresholds and live counts.

Every threshold moved and not yet saved is a pending change, kept when another rule is selected:
the list below the histogram shows each (old → new), the live counts are those of all pending
changes together, and "save all" / "revert all" act on all of them. Counting runs off the UI
thread and is coalesced while dragging: at most one count is in flight; when it lands, the latest
changes are counted again if they moved meanwhile.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from curator.gui import questions, theme
from curator.gui.histogram import HistogramWidget
from curator.gui.i18n import number, rule_words, tr
from curator.gui.workers import Worker, start, when_alive
from curator.workspace.verdict import NONE

ASK_SHARE = 0.10  # saving changes that remove more than this share of the documents more asks first

COALESCE_MS = 30


class FilterPanel(QWidget):
    countsChanged = Signal(object)      # Counts with the thresholds being tried
    flipsRequested = Signal(object)     # rows that the change would flip
    thresholdsSaved = Signal(bool)      # saved; False: the workspace had changed outside the app
    pendingChanged = Signal(bool)       # there are unsaved threshold changes

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.rule = None
        self.latest = None      # the changes to count, as a tuple of (rule, min, max)
        self.counting = None    # the worker in flight
        self.last_counts = None
        self.saved_counts = None
        self.pending: dict[str, tuple] = {}  # rule -> (new min, new max), not yet saved
        self.changes = QListWidget()
        self.changes.setFixedHeight(96)
        self.changes.itemActivated.connect(lambda item: self.select_rule(item.data(Qt.UserRole)))
        self.pending_label = QLabel()
        self.revert_button = QPushButton(tr("revert_all"))
        self.revert_button.clicked.connect(self.revert_all)
        self.rules = QListWidget()
        self.rules.currentItemChanged.connect(self._select_rule)
        self.histogram = HistogramWidget()
        self.histogram.thresholdsChanged.connect(self._dragged)
        self.min_box, self.max_box = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.min_box, self.max_box):
            box.setDecimals(4)
            box.setRange(-1e9, 1e9)
            box.setKeyboardTracking(False)
            box.valueChanged.connect(self._typed)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.live = QLabel()
        self.live.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.rule_count = QLabel()
        self.suggestion = None  # the selected rule's Suggestion (filters/learned.py), if any
        self.suggestion_label = QLabel()
        self.suggestion_label.setWordWrap(True)
        self.adopt_button = QPushButton(tr("adopt_suggestion"))
        self.adopt_button.clicked.connect(self.adopt_suggestion)
        self.adopt_button.setEnabled(False)
        self.flips_button = QPushButton(tr("show_flips"))
        self.flips_button.clicked.connect(self._show_flips)
        self.ask_share = ASK_SHARE  # the app sets the curator's own (settings "ask_above_share")
        self.save_button = QPushButton(tr("save_all"))
        self.save_button.clicked.connect(self.save)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self._count)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.title)
        layout.addWidget(self.histogram, 1)
        bounds = QHBoxLayout()
        self.min_label, self.max_label = QLabel(tr("keep_at_least")), QLabel(tr("keep_at_most"))
        bounds.addWidget(self.min_label)
        bounds.addWidget(self.min_box)
        bounds.addWidget(self.max_label)
        bounds.addWidget(self.max_box)
        bounds.addStretch(1)
        layout.addLayout(bounds)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.suggestion_label, 1)
        suggestion.addWidget(self.adopt_button)
        layout.addLayout(suggestion)
        layout.addWidget(self.live)
        layout.addWidget(self.rule_count)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.changes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.flips_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.rules)
        splitter.addWidget(right)
        splitter.setSizes([260, 640])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

    def set_view(self, view) -> None:
        self.view = view
        self.pending.clear()
        self.latest = None
        self.rules.clear()
        counts = view.counts()
        self.saved_counts = counts
        for rule in view.rules:
            item = QListWidgetItem()
            item.setData(Qt.UserRole, rule.name)
            self.rules.addItem(item)
        self._show_counts(counts)
        self._show_pending()
        if self.rules.count():  # start on the rule that removes the most
            busiest = max(range(len(view.rules)), key=lambda i: counts.by_rule.get(view.rules[i].name, 0))
            self.rules.setCurrentRow(busiest)

    # selecting and moving ------------------------------------------------------------------------
    def select_rule(self, name: str) -> None:
        for i in range(self.rules.count()):
            if self.rules.item(i).data(Qt.UserRole) == name:
                self.rules.setCurrentRow(i)
                return

    def _select_rule(self, item, _previous=None) -> None:
        if item is None or self.view is None:
            return
        self.rule = self.view.rules[self.view.rule_index(item.data(Qt.UserRole))]
        minimum, maximum = self.bounds(self.rule.name)
        self._show_title()
        for box, label, bound in ((self.min_box, self.min_label, minimum), (self.max_box, self.max_label, maximum)):
            box.blockSignals(True)
            box.setVisible(bound is not None)  # a one-sided rule showed a disabled 0.0000 box
            label.setVisible(bound is not None)
            box.setValue(bound if bound is not None else 0.0)
            box.blockSignals(False)
        self.suggestion = None
        self.adopt_button.setEnabled(False)
        self.suggestion_label.setText("")
        worker = Worker(self._values_and_suggestion, self.view, self.rule, hooks=False)
        worker.signals.finished.connect(lambda result, rule=self.rule: self._show_histogram(rule, *result))
        start(worker)

    @staticmethod
    def _values_and_suggestion(view, rule):
        """(signal column, the bound the decisions suggest): off the UI thread."""
        values = view.signal(rule.signal)
        return values, view.suggestion(rule.name, values)

    def bounds(self, name: str) -> tuple:
        """(min, max) of rule ``name`` as the curator sees it: the pending value, else the saved one."""
        if name in self.pending:
            return self.pending[name]
        rule = self.view.rules[self.view.rule_index(name)]
        return rule.min, rule.max

    def recolour(self) -> None:
        """After a theme switch: the title marks an unsaved bound in the theme's colour."""
        self._show_title()

    def _show_title(self) -> None:
        if self.rule is None:
            return
        from curator.filters.rules import Rule
        minimum, maximum = self.bounds(self.rule.name)
        shown = Rule(self.rule.name, self.rule.signal, minimum, maximum).describe()
        unsaved = f" <span style='color:{theme.css('removed')}'>({tr('unsaved')}; {tr('saved_value')}: " \
                  f"{self.rule.describe()})</span>" if self.rule.name in self.pending else ""
        self.title.setText(f"<b>{self.rule.name}</b> — {self.rule.signal}: {shown}{unsaved}")

    @when_alive
    def _show_histogram(self, rule, values, suggestion=None) -> None:
        if rule is self.rule:
            self.suggestion = suggestion
            self.adopt_button.setEnabled(suggestion is not None)
            self.suggestion_label.setText(
                tr("suggested", value=number(suggestion.value), agree=suggestion.agree, support=suggestion.support,
                   now=suggestion.agree_now) if suggestion is not None
                else tr("no_suggestion") if (self.view.decision != NONE).any() else "")  # nothing to suggest from yet
            from curator.filters.rules import Rule
            from curator.filters.calibration import reference_cut
            minimum, maximum = self.bounds(rule.name)
            reference = self.view.config.get("reference") if self.view is not None else None
            cuts = {side: reference_cut(reference, rule.signal, side) for side, bound in
                    (("min", rule.min), ("max", rule.max)) if bound is not None}
            budget = (reference or {}).get("budget")
            self.histogram.set_data(values, minimum, maximum, cuts={k: v for k, v in cuts.items() if v is not None},
                                    cut_label=tr("reference_cut", budget=f"{budget:.0%}" if budget else ""),
                                    suggested=(suggestion.side, suggestion.value) if suggestion else None,
                                    suggested_label=tr("suggested_short"))
            tried = Rule(rule.name, rule.signal, minimum, maximum)
            self.rule_count.setText(tr("rule_counts", n=int(tried.fails(values).sum())))

    def _dragged(self, minimum, maximum) -> None:
        for box, bound in ((self.min_box, minimum), (self.max_box, maximum)):
            if bound is not None:
                box.blockSignals(True)
                box.setValue(bound)
                box.blockSignals(False)
        self.try_thresholds(minimum, maximum)

    def _typed(self, _value) -> None:
        if self.rule is None:
            return
        minimum = self.min_box.value() if self.rule.min is not None else None
        maximum = self.max_box.value() if self.rule.max is not None else None
        self.histogram.minimum, self.histogram.maximum = minimum, maximum
        self.histogram.update()
        self.try_thresholds(minimum, maximum)

    def try_thresholds(self, minimum, maximum) -> None:
        """Make these bounds the selected rule's pending change (none if they equal the saved ones)
        and count all pending changes together (coalesced, off the UI thread)."""
        if (minimum, maximum) == (self.rule.min, self.rule.max):
            self.pending.pop(self.rule.name, None)
        else:
            self.pending[self.rule.name] = (minimum, maximum)
        self._show_pending()
        self._request_count()

    def adopt_suggestion(self) -> None:
        """One click: the suggested bound becomes the rule's pending change (counted at once, saved
        with "save all" like any threshold moved by hand)."""
        if self.suggestion is None or self.rule is None or self.suggestion.rule != self.rule.name:
            return
        box = self.min_box if self.suggestion.side == "min" else self.max_box
        box.blockSignals(True)
        box.setValue(self.suggestion.value)
        box.blockSignals(False)
        self.histogram.move_threshold(self.suggestion.side, self.suggestion.value)

    def adopt_pending(self, pending: dict[str, tuple]) -> None:
        """Take over unsaved changes (from the window this one replaces) and count them together."""
        self.pending.update(pending)
        self._show_pending()
        if self.pending:
            self._request_count()

    def _request_count(self) -> None:
        self.latest = tuple(sorted((name, *bounds) for name, bounds in self.pending.items()))
        self.timer.start()

    # counting ------------------------------------------------------------------------------------
    def _count(self) -> None:
        if self.counting is not None or self.latest is None:
            return
        request = self.latest
        worker = Worker(self.view.counts_with, {name: (lo, hi) for name, lo, hi in request}, hooks=False)
        worker.signals.finished.connect(lambda counts, r=request: self._counted(r, counts))
        self.counting = worker
        start(worker)

    @when_alive
    def _counted(self, request, counts) -> None:
        self.counting = None
        self.last_counts = counts
        self._show_counts(counts)
        self.countsChanged.emit(counts)
        if self.rule is not None:
            self.rule_count.setText(tr("rule_counts", n=counts.by_rule.get(self.rule.name, 0)))
        self._show_pending()
        if self.latest != request:  # moved again while counting
            self._count()

    def _show_counts(self, counts) -> None:
        self.live.setText(tr("live_counts", kept=counts.kept, removed=counts.removed, share=counts.removed_share))

    def _show_pending(self) -> None:
        """Unsaved markers: the rule list, the title, the list of changes and their joint delta."""
        counts = self.last_counts if self.pending else self.saved_counts
        by_rule = (counts.by_rule if counts is not None else {})
        for i in range(self.rules.count()):
            item = self.rules.item(i)
            name = item.data(Qt.UserRole)
            mark = "● " if name in self.pending else ""
            item.setText(f"{mark}{rule_words(name)}  ({by_rule.get(name, 0):,})")
        self.changes.clear()
        for name, (minimum, maximum) in sorted(self.pending.items()):
            item = QListWidgetItem(self.change_text(name, minimum, maximum))
            item.setData(Qt.UserRole, name)
            self.changes.addItem(item)
        # always shown, fixed height: the histogram must not move under the mouse during a drag
        self.save_button.setEnabled(bool(self.pending) and not self.view.read_only)  # explored, not stored
        self.revert_button.setEnabled(bool(self.pending))
        if self.pending and counts is not None and self.saved_counts is not None:
            self.pending_label.setText(tr("pending_delta", n=len(self.pending),
                                          kept=counts.kept - self.saved_counts.kept,
                                          removed=counts.removed - self.saved_counts.removed))
        else:
            self.pending_label.setText(tr("pending_none") if not self.pending else tr("unsaved"))
        self._show_title()
        self.pendingChanged.emit(bool(self.pending))

    def change_text(self, name: str, minimum, maximum) -> str:
        """'length:min_chars: min 100 → 1,500': only the sides the rule has or gets (a one-sided
        rule showed "max — → —")."""
        rule = self.view.rules[self.view.rule_index(name)]
        sides = [f"{side} {number(old)} → {number(new)}" for side, old, new in
                 (("min", rule.min, minimum), ("max", rule.max, maximum)) if old is not None or new is not None]
        return f"{name}: " + ", ".join(sides)

    def has_unsaved(self) -> bool:
        return bool(self.pending)

    # actions -------------------------------------------------------------------------------------

    def _show_flips(self) -> None:
        """The documents that all pending changes together would flip, in the documents table."""
        if self.view is None or not self.pending:
            return
        newly_removed, newly_kept = self.view.flips_with(dict(self.pending))
        import numpy as np
        self.flipsRequested.emit(np.concatenate([newly_removed, newly_kept]))

    def adopt_all(self) -> None:
        """Make every pending change the view's rule (``view.flush`` then writes them)."""
        for name, (minimum, maximum) in self.pending.items():
            self.view.set_rule(name, minimum, maximum)
        self.pending.clear()

    def save(self) -> bool:
        """Adopt every pending change and write verdicts + config into the workspace (background).
        Changes that together remove more than ``ask_share`` of the documents more are asked about
        first (a threshold typed wrong removes a corpus without a word); returns whether it saved."""
        if self.view is None or not self.pending or self.view.read_only:
            return False
        newly_removed, _ = self.view.flips_with(dict(self.pending))
        share = len(newly_removed) / max(1, self.view.n)
        if share > self.ask_share and not self.confirm_removal(len(newly_removed), share):
            return False
        self.adopt_all()
        worker = Worker(self.view.flush, hooks=False)
        worker.signals.finished.connect(self._saved)
        start(worker)
        return True

    def confirm_removal(self, removed: int, share: float) -> bool:
        """Yes/no before saving changes that remove many documents more (tests replace this)."""
        changes = "\n".join("· " + self.change_text(name, *bounds) for name, bounds in sorted(self.pending.items()))
        return questions.choose(self, tr("save_all"), tr("large_removal_question", removed=removed, share=share,
                                limit=self.ask_share, changes=changes), ("save", "cancel"), "cancel") == "save"

    def _saved(self, current: bool) -> None:
        self.saved_counts = self.view.counts()
        self.last_counts = self.saved_counts
        self._show_counts(self.saved_counts)
        self._show_pending()
        self.thresholdsSaved.emit(bool(current))

    def revert_all(self) -> None:
        """Drop every pending change; the saved thresholds are shown again."""
        self.pending.clear()
        self.latest = None
        self.last_counts = self.saved_counts
        if self.saved_counts is not None:
            self._show_counts(self.saved_counts)
            self.countsChanged.emit(self.saved_counts)
        if self.rule is not None:
            self.select_rule(self.rule.name)
            self._select_rule(self.rules.currentItem())
        self._show_pending()


"""Filter panel: one histogram per rule's signal with draggable thresholds and live counts.

Counting runs off the UI thread and is coalesced while dragging: at most one count is in flight;
when it lands, the latest thresholds are counted again if they moved meanwhile.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDoubleSpinBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from curator.gui.histogram import HistogramWidget
from curator.gui.i18n import tr
from curator.gui.workers import Worker, start

COALESCE_MS = 30


class FilterPanel(QWidget):
    countsChanged = Signal(object)      # Counts with the thresholds being tried
    flipsRequested = Signal(object)     # rows that the change would flip
    thresholdsSaved = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.rule = None
        self.latest = None      # (rule, min, max) to count
        self.counting = None    # the worker in flight
        self.last_counts = None
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
        self.flips_button = QPushButton(tr("show_flips"))
        self.flips_button.clicked.connect(self._show_flips)
        self.save_button = QPushButton(tr("save_thresholds"))
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
        bounds.addWidget(QLabel("min"))
        bounds.addWidget(self.min_box)
        bounds.addWidget(QLabel("max"))
        bounds.addWidget(self.max_box)
        layout.addLayout(bounds)
        layout.addWidget(self.live)
        layout.addWidget(self.rule_count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.flips_button)
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
        self.rules.clear()
        counts = view.counts()
        for rule in view.rules:
            item = QListWidgetItem(f"{rule.name}  ({counts.by_rule.get(rule.name, 0):,})")
            item.setData(Qt.UserRole, rule.name)
            self.rules.addItem(item)
        self._show_counts(counts)
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
        self.title.setText(f"<b>{self.rule.name}</b> — {self.rule.signal}: {self.rule.describe()}")
        for box, bound in ((self.min_box, self.rule.min), (self.max_box, self.rule.max)):
            box.blockSignals(True)
            box.setEnabled(bound is not None)
            box.setValue(bound if bound is not None else 0.0)
            box.blockSignals(False)
        worker = Worker(self.view.signal, self.rule.signal, hooks=False)
        worker.signals.finished.connect(lambda values, rule=self.rule: self._show_histogram(rule, values))
        start(worker)

    def _show_histogram(self, rule, values) -> None:
        if rule is self.rule:
            self.histogram.set_data(values, rule.min, rule.max)
            self.rule_count.setText(tr("rule_counts", n=int(rule.fails(values).sum())))

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
        """Count with these bounds for the selected rule (coalesced, off the UI thread)."""
        self.latest = (self.rule.name, minimum, maximum)
        self.timer.start()

    # counting ------------------------------------------------------------------------------------
    def _count(self) -> None:
        if self.counting is not None or self.latest is None:
            return
        rule, minimum, maximum = request = self.latest
        worker = Worker(self.view.counts, rule, minimum, maximum, hooks=False)
        worker.signals.finished.connect(lambda counts, r=request: self._counted(r, counts))
        self.counting = worker
        start(worker)

    def _counted(self, request, counts) -> None:
        self.counting = None
        self.last_counts = counts
        self._show_counts(counts)
        self.countsChanged.emit(counts)
        rule, minimum, maximum = request
        self.rule_count.setText(tr("rule_counts", n=counts.by_rule.get(rule, 0)))
        if self.latest != request:  # moved again while counting
            self._count()

    def _show_counts(self, counts) -> None:
        self.live.setText(tr("live_counts", kept=counts.kept, removed=counts.removed, share=counts.removed_share))

    # actions -------------------------------------------------------------------------------------
    def current_bounds(self):
        return self.histogram.minimum, self.histogram.maximum

    def _show_flips(self) -> None:
        if self.rule is None:
            return
        newly_removed, newly_kept = self.view.flips(self.rule.name, *self.current_bounds())
        import numpy as np
        self.flipsRequested.emit(np.concatenate([newly_removed, newly_kept]))

    def save(self) -> None:
        """Adopt the tried bounds and write verdicts + config into the workspace (background)."""
        if self.rule is None:
            return
        self.view.set_rule(self.rule.name, *self.current_bounds())
        worker = Worker(self.view.flush, hooks=False)
        worker.signals.finished.connect(lambda *_: self.thresholdsSaved.emit())
        start(worker)

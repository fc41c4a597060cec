"""A histogram of one signal with draggable threshold lines (min and/or max), custom painted.

Bars left of a min line or right of a max line are drawn in the "removed" colour, so the share a
threshold discards is visible while it moves. Emits ``thresholdsChanged(min, max)`` on every drag
step; the filter panel coalesces those before counting.
"""

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from curator.gui import theme
from curator.gui.i18n import number

KEPT = QColor("#4c8bf5")
REMOVED = QColor("#e06055")

GRAB = 6  # pixels around a line that start a drag


class HistogramWidget(QWidget):
    thresholdsChanged = Signal(object, object)  # min, max (None when the rule has no such bound)
    released = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMouseTracking(True)
        self.counts = np.zeros(0)
        self.edges = np.zeros(0)
        self.minimum = None
        self.maximum = None
        self.cuts: dict[str, float] = {}  # side → the clean reference's cut at its budget (dashed line)
        self.cut_label = ""
        self._drag = None
        self.setFocusPolicy(Qt.StrongFocus)

    def set_data(self, values: np.ndarray, minimum, maximum, bins: int = 60, cuts: dict | None = None,
                 cut_label: str = "") -> None:
        values = values[np.isfinite(values)]
        self.minimum, self.maximum = minimum, maximum
        self.cuts, self.cut_label = dict(cuts or {}), cut_label
        if len(values) == 0:
            self.counts, self.edges = np.zeros(0), np.zeros(0)
        else:
            low, high = np.percentile(values, [0.5, 99.5])
            for bound in (minimum, maximum, *self.cuts.values()):
                if bound is not None:
                    low, high = min(low, bound), max(high, bound)
            if high <= low:
                high = low + 1.0
            span = high - low
            self.counts, self.edges = np.histogram(np.clip(values, low, high), bins=bins,
                                                   range=(low - 0.02 * span, high + 0.02 * span))
        self.update()

    # geometry ----------------------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(8, 8, max(1, self.width() - 16), max(1, self.height() - 24))

    def x_of(self, value: float) -> float:
        plot = self._plot()
        low, high = self.edges[0], self.edges[-1]
        return plot.left() + (value - low) / (high - low) * plot.width()

    def value_at(self, x: float) -> float:
        plot = self._plot()
        low, high = self.edges[0], self.edges[-1]
        return float(low + (x - plot.left()) / plot.width() * (high - low))

    # painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if len(self.counts) == 0:
            return
        plot = self._plot()
        top = max(1, self.counts.max())
        width = plot.width() / len(self.counts)
        for i, count in enumerate(self.counts):
            if count == 0:
                continue
            centre = (self.edges[i] + self.edges[i + 1]) / 2
            removed = (self.minimum is not None and centre < self.minimum) or \
                      (self.maximum is not None and centre > self.maximum)
            height = plot.height() * (np.log1p(count) / np.log1p(top))
            painter.fillRect(QRectF(plot.left() + i * width, plot.bottom() - height, max(1.0, width - 1), height),
                             REMOVED if removed else KEPT)
        painter.setPen(QPen(theme.colour("reference"), 1.5, Qt.DashLine))  # the clean reference's cut
        for cut in self.cuts.values():
            x = self.x_of(cut)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.drawText(QPointF(min(x + 4, plot.right() - 90), plot.top() + 26), f"{self.cut_label} {number(cut)}")
        painter.setPen(QPen(theme.colour("line"), 2))
        for bound in (self.minimum, self.maximum):
            if bound is not None:
                x = self.x_of(bound)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                painter.drawText(QPointF(min(x + 4, plot.right() - 40), plot.top() + 12), number(bound))
        painter.setPen(self.palette().text().color())
        painter.drawText(QPointF(plot.left(), self.height() - 4), number(self.edges[0]))
        label = number(self.edges[-1])
        painter.drawText(QPointF(plot.right() - 8 * len(label), self.height() - 4), label)

    # dragging ----------------------------------------------------------------------------------------
    def _near(self, x: float) -> str | None:
        for name, bound in (("min", self.minimum), ("max", self.maximum)):
            if bound is not None and len(self.edges) and abs(self.x_of(bound) - x) <= GRAB:
                return name
        return None

    def mousePressEvent(self, event) -> None:
        self._drag = self._near(event.position().x())

    def mouseMoveEvent(self, event) -> None:
        x = event.position().x()
        if self._drag is None:
            self.setCursor(Qt.SizeHorCursor if self._near(x) else Qt.ArrowCursor)
            return
        self.move_threshold(self._drag, self.value_at(x))

    def mouseReleaseEvent(self, event) -> None:
        if self._drag is not None:
            self.released.emit()
        self._drag = None

    def move_threshold(self, which: str, value: float) -> None:
        """Set the min or max line (also what a drag does), and tell the panel."""
        if which == "min":
            self.minimum = value
        else:
            self.maximum = value
        self.update()
        self.thresholdsChanged.emit(self.minimum, self.maximum)

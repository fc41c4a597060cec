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
from curator.gui.i18n import number, tr

KEPT = QColor("#4c8bf5")
REMOVED = QColor("#e06055")

GRAB = 6  # pixels around a line that start a drag


AXIS_LEFT = 56


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values (1, 2 or 5 × a power of ten apart) inside [low, high], about ``count`` of them."""
    span = high - low
    if not np.isfinite(span) or span <= 0:
        return []
    raw = span / count
    power = 10 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = np.ceil(low / step) * step
    return [float(round(v, 12)) + 0.0 for v in np.arange(first, high + step * 1e-9, step)]  # no "-0"


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
        self.suggested: tuple[str, float] | None = None  # (side, value) the decisions agree with best
        self.suggested_label = ""
        self._drag = None
        self.setFocusPolicy(Qt.StrongFocus)

    def set_data(self, values: np.ndarray, minimum, maximum, bins: int = 60, cuts: dict | None = None,
                 cut_label: str = "", suggested: tuple[str, float] | None = None, suggested_label: str = "") -> None:
        values = values[np.isfinite(values)]
        self.minimum, self.maximum = minimum, maximum
        self.cuts, self.cut_label = dict(cuts or {}), cut_label
        self.suggested, self.suggested_label = suggested, suggested_label
        if len(values) == 0:
            self.counts, self.edges = np.zeros(0), np.zeros(0)
        else:
            low, high = np.percentile(values, [0.5, 99.5])
            for bound in (minimum, maximum, *self.cuts.values(), *([suggested[1]] if suggested else [])):
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
        # left margin for the count labels of the log-scale axis, bottom for the value ticks
        return QRectF(AXIS_LEFT, 8, max(1, self.width() - AXIS_LEFT - 8), max(1, self.height() - 26))

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
        if self.suggested is not None:  # the decisions' suggestion: dotted, labelled lower down
            painter.setPen(QPen(theme.colour("suggested"), 2, Qt.DotLine))
            x = self.x_of(self.suggested[1])
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.drawText(QPointF(min(x + 4, plot.right() - 120), plot.top() + 40),
                             f"{self.suggested_label} {number(self.suggested[1])}")
        painter.setPen(QPen(theme.colour("line"), 2))
        for bound in (self.minimum, self.maximum):
            if bound is not None:
                x = self.x_of(bound)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                painter.drawText(QPointF(min(x + 4, plot.right() - 40), plot.top() + 12), number(bound))
        self._axes(painter, plot, top)

    def _axes(self, painter: QPainter, plot: QRectF, top: int) -> None:
        """Value ticks under the plot; on the left the documents per bar at powers of ten, placed on
        the same log scale as the bars (so a bar's height can be read)."""
        text = self.palette().text().color()
        muted = QColor(text)
        muted.setAlpha(60)
        metrics = painter.fontMetrics()
        painter.setPen(text)
        for value in nice_ticks(self.edges[0], self.edges[-1]):
            x = self.x_of(value)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            label = number(value)
            painter.drawText(QPointF(min(max(x - metrics.horizontalAdvance(label) / 2, 0),
                                         self.width() - metrics.horizontalAdvance(label)), self.height() - 4), label)
        power = 1
        while power <= top:
            y = plot.bottom() - plot.height() * np.log1p(power) / np.log1p(top)
            painter.setPen(muted)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = f"{power:,}"
            painter.drawText(QPointF(plot.left() - 4 - metrics.horizontalAdvance(label), y + metrics.ascent() / 2), label)
            power *= 10
        painter.save()
        painter.translate(10, plot.center().y())
        painter.rotate(-90)
        painter.drawText(QPointF(-metrics.horizontalAdvance(tr("docs_log")) / 2, 0), tr("docs_log"))
        painter.restore()

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

"""The documents table: a virtual model over a ``WorkspaceView``.

It holds only an array of row numbers (the current filter/sort). Light columns come from memory;
text previews are fetched in blocks off the UI thread and the cells repaint when they arrive, so
scrolling through a million rows never waits on Parquet.
"""

import numpy as np
import pyarrow as pa
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from curator.gui import theme
from curator.gui.i18n import tr
from curator.gui.workers import Worker, start, when_alive
from curator.workspace.verdict import DECISION_NAMES

COLUMNS = ["id", "kept", "decision", "reasons", "n_chars", "source", "text"]
HEADERS = {"id": "col_id", "kept": "col_kept", "decision": "col_decision", "reasons": "col_reasons",
           "n_chars": "col_chars", "source": "col_source", "text": "col_text"}
SORTABLE = {"id", "kept", "decision", "n_chars", "source"}
BLOCK = 256
_DISPLAY, _FOREGROUND, _ALIGNMENT, _TOOLTIP = (int(r) for r in (Qt.DisplayRole, Qt.ForegroundRole, Qt.TextAlignmentRole,
                                                              Qt.ToolTipRole))
_ROLES = {_DISPLAY, _FOREGROUND, _ALIGNMENT, _TOOLTIP}  # plain ints: what multiData's slots say
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)  # once: combining the enums cost a Python call per cell
PREVIEW_CHARS = 120
REASON_SPAN = 20_000  # a block's reasons from one slice of the verdicts when its rows lie this close



class DocumentsModel(QAbstractTableModel):
    def __init__(self, view=None, parent=None):
        super().__init__(parent)
        self.view = view
        self.rows = np.arange(view.n) if view is not None else np.zeros(0, np.int64)
        self._previews: dict[int, str] = {}
        self._pending: set[int] = set()
        self._removed = view.removed_mask() if view is not None else np.zeros(0, bool)
        self.synchronous = False  # tests and benchmarks can fetch previews inline
        self._cells: dict[int, tuple] = {}

    # data -----------------------------------------------------------------------------------------
    def set_rows(self, rows: np.ndarray) -> None:
        self.beginResetModel()
        self.rows = np.asarray(rows, dtype=np.int64)
        self._pending.clear()
        self.endResetModel()

    def refresh_verdicts(self) -> None:
        """Decisions or thresholds changed: recolour and re-read the reasons."""
        self._removed = self.view.removed_mask()
        self._cells.clear()
        if len(self.rows):
            self.dataChanged.emit(self.index(0, COLUMNS.index("kept")),
                                  self.index(len(self.rows) - 1, COLUMNS.index("reasons")))

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        """Qt's own ``index`` asked ``rowCount`` and ``columnCount`` for every index it made: two
        calls into Python per cell a repaint draws, on top of the cell's own."""
        if parent.isValid() or not (0 <= row < len(self.rows) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return tr(HEADERS[COLUMNS[section]])
        if role == Qt.DisplayRole and orientation == Qt.Vertical:
            return str(section + 1)
        return None

    def row_at(self, index: int) -> int:
        return int(self.rows[index])

    def data(self, index, role=Qt.DisplayRole):
        # Qt asks for ~10 roles per cell on every paint: leave early for the ones we do not serve
        if role not in _ROLES or not index.isValid():
            return None
        return self._value(index.row(), index.column(), role)

    def multiData(self, index, roles) -> None:
        """Every role a view asks of one cell, in one call: Qt 6's delegate asks 7 at a time, and
        answered through ``data`` each was a call into Python of its own (a repaint of the table's
        visible cells took twice as long: ~1,800 calls, 9 ms idle, more under load)."""
        if not index.isValid():
            return
        position, column = index.row(), index.column()
        for slot in roles:
            role = slot.role()
            if role in _ROLES:
                slot.setData(self._value(position, column, role))

    def _value(self, position: int, column_index: int, role: int):
        """The cell at ``position`` (a line of the table), ``column_index``, for a role of _ROLES."""
        row = int(self.rows[position])
        column = COLUMNS[column_index]
        if role == _DISPLAY:
            if column == "text":
                return self.preview(position)
            cells = self._cells.get(row)
            if cells is None:
                cells = self._fill_cells(position)
            return cells[column_index]
        if role == _FOREGROUND and column == "kept":
            return theme.brush("removed" if self._removed[row] else "kept")
        if role == _ALIGNMENT and column == "n_chars":
            return _RIGHT
        if role == _TOOLTIP and column == "reasons":
            return "\n".join(self.view.reasons(row))
        return None

    def _fill_cells(self, position: int) -> tuple:
        """The light columns of the rows of ``position``'s block, formatted once and in one go: a
        row's reasons alone packed every rule's mask for it (~0.1 ms a row idle; 30-90 ms of a page
        of new rows under load), a block's come from one slice of the verdicts. Returns the row's."""
        if len(self._cells) > 20_000:
            self._cells.clear()
        view, block = self.view, position // BLOCK
        rows = self.rows[block * BLOCK:(block + 1) * BLOCK]
        low, high = int(rows.min()), int(rows.max()) + 1
        if high - low > REASON_SPAN:  # scattered rows (a search in a large workspace): this one only
            rows, low, high = self.rows[position:position + 1], int(self.rows[position]), int(self.rows[position]) + 1
        reasons = view.verdicts.stored_columns(low, high)["reasons"].take(pa.array(rows - low)).to_pylist()
        taken = pa.array(rows)
        for row, doc_id, source, why in zip(rows.tolist(), view.ids.take(taken).to_pylist(),
                                            view.sources.take(taken).to_pylist(), reasons):
            decision = int(view.decision[row])
            self._cells[row] = (doc_id, tr("removed") if self._removed[row] else tr("kept"),
                                tr(DECISION_NAMES[decision]) if decision else "", ", ".join(why),
                                f"{int(view.n_chars[row]):,}", source)
        return self._cells[int(self.rows[position])]

    # previews ---------------------------------------------------------------------------------------
    def preview(self, position: int) -> str:
        row = int(self.rows[position])
        if row in self._previews:
            return self._previews[row]
        block = position // BLOCK
        if block not in self._pending:
            self._pending.add(block)
            rows = self.rows[block * BLOCK:(block + 1) * BLOCK]
            if self.synchronous:
                self._store(block, rows, self.view.texts(rows, limit=PREVIEW_CHARS))
                return self._previews.get(row, "")
            worker = Worker(self.view.texts, rows, hooks=False, limit=PREVIEW_CHARS)
            worker.signals.finished.connect(lambda texts, b=block, r=rows: self._store(b, r, texts))
            start(worker)
        return "…"

    @when_alive
    def _store(self, block: int, rows: np.ndarray, texts: list[str]) -> None:
        for row, text in zip(rows.tolist(), texts):
            self._previews[row] = " ".join(text.split())
        self._pending.discard(block)
        if len(self._previews) > 50_000:  # bounded cache
            self._previews = {r: self._previews[r] for r in rows.tolist()}
        first = block * BLOCK
        last = min(len(self.rows), first + BLOCK) - 1
        if last >= first:
            column = COLUMNS.index("text")
            self.dataChanged.emit(self.index(first, column), self.index(last, column))

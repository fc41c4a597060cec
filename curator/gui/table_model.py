"""The documents table: a virtual model over a ``WorkspaceView``.

It holds only an array of row numbers (the current filter/sort). Light columns come from memory;
text previews are fetched in blocks off the UI thread and the cells repaint when they arrive, so
scrolling through a million rows never waits on Parquet.
"""

import numpy as np
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
_ROLES = {Qt.DisplayRole, Qt.ForegroundRole, Qt.TextAlignmentRole, Qt.ToolTipRole}
PREVIEW_CHARS = 120



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
        row = int(self.rows[index.row()])
        column = COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            if column == "text":
                return self.preview(index.row())
            cells = self._cells.get(row)
            if cells is None:  # the light columns of a row, formatted once
                cells = self._cells[row] = (
                    self.view.ids[row].as_py(), tr("removed") if self._removed[row] else tr("kept"),
                    tr(DECISION_NAMES[int(self.view.decision[row])]) if self.view.decision[row] else "",
                    ", ".join(self.view.reasons(row)), f"{int(self.view.n_chars[row]):,}",
                    self.view.sources[row].as_py())
                if len(self._cells) > 20_000:
                    self._cells.clear()
            return cells[index.column()]
        if role == Qt.ForegroundRole and column == "kept":
            return theme.brush("removed" if self._removed[row] else "kept")
        if role == Qt.TextAlignmentRole and column == "n_chars":
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ToolTipRole and column == "reasons":
            return "\n".join(self.view.reasons(row))
        return None

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

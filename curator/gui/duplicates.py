"""Duplicates view: clusters by size; two members side by side with a character-level diff
(Korean works at the syllable level, so a character diff is the natural unit), their similarity,
which member is kept, and a button to keep another one instead."""

import difflib
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from curator.gui.i18n import tr
from curator.gui.workers import Worker, start

MAX_DIFF_CHARS = 20_000


def diff_html(a: str, b: str) -> tuple[str, str]:
    """Both texts as HTML, characters only in one side highlighted."""
    a, b = a[:MAX_DIFF_CHARS], b[:MAX_DIFF_CHARS]
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        x, y = html.escape(a[i1:i2]), html.escape(b[j1:j2])
        if op == "equal":
            left.append(x)
            right.append(y)
        else:
            if x:
                left.append(f'<span style="background:#ffd7d5">{x}</span>')
            if y:
                right.append(f'<span style="background:#c9f2d1">{y}</span>')
    return "".join(left).replace("\n", "<br>"), "".join(right).replace("\n", "<br>")


class DuplicatesView(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.cluster = None
        self.members = []
        self.loaded = False      # nothing is read until the tab is shown
        self.generation = 0      # bumped per comparison: a result for an older one is dropped
        self.shown_pair = None   # the pair whose diff is on screen
        self.clusters = QListWidget()
        self.clusters.currentItemChanged.connect(self._open_cluster)
        self.summary = QLabel()
        self.left_pick, self.right_pick = QComboBox(), QComboBox()
        self.left_pick.currentIndexChanged.connect(self._compare)
        self.right_pick.currentIndexChanged.connect(self._compare)
        self.left, self.right = QTextBrowser(), QTextBrowser()
        self.left_label, self.right_label = QLabel(), QLabel()
        self.keep_left, self.keep_right = QPushButton(tr("make_rep")), QPushButton(tr("make_rep"))
        self.keep_left.clicked.connect(lambda: self._keep(self.left_pick))
        self.keep_right.clicked.connect(lambda: self._keep(self.right_pick))
        sides = QHBoxLayout()
        for pick, label, text, button in ((self.left_pick, self.left_label, self.left, self.keep_left),
                                          (self.right_pick, self.right_label, self.right, self.keep_right)):
            column = QVBoxLayout()
            column.addWidget(pick)
            column.addWidget(label)
            column.addWidget(text, 1)
            column.addWidget(button)
            sides.addLayout(column)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.addWidget(self.summary)
        layout.addLayout(sides, 1)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.clusters)
        splitter.addWidget(right)
        splitter.setSizes([240, 760])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

    def set_view(self, view) -> None:
        """Adopt ``view``; nothing is read until the tab is shown (opening a workspace must not
        wait for a diff nobody looks at)."""
        self.view = view
        self.loaded = False
        self.generation += 1
        self.clusters.clear()
        self.members = []
        if self.isVisible():
            self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.view is not None and not self.loaded:
            self.load()

    def load(self) -> None:
        self.loaded = True
        sizes = self.view.cluster_sizes()
        self.summary.setText(tr("clusters", n=len(sizes)) if sizes else tr("no_clusters"))
        for cluster, size in sizes[:5000]:
            item = QListWidgetItem(f"{cluster}  ·  {tr('members', n=size)}")
            item.setData(Qt.UserRole, cluster)
            self.clusters.addItem(item)
        if sizes:
            self.clusters.setCurrentRow(0)

    def _open_cluster(self, item, _previous=None) -> None:
        if item is None:
            return
        self.cluster = item.data(Qt.UserRole)
        shown = (self.left_pick.currentData(), self.right_pick.currentData())
        same_cluster = self.members and shown[0] in self.members
        self.members = [int(r) for r in self.view.cluster_members(self.cluster)]
        representative = self.view.representative(self.cluster)
        for pick in (self.left_pick, self.right_pick):
            pick.blockSignals(True)
            pick.clear()
            for row in self.members:
                verdict = tr("kept") if not self.view.reasons(row) else tr("removed")
                mark = f" · {tr('representative')}" if row == representative else ""
                pick.addItem(f"{self.view.ids[row].as_py()} — {verdict}{mark}", row)
            pick.blockSignals(False)
        if same_cluster and all(r in self.members for r in shown):  # refreshed: keep the pair on screen
            self.left_pick.setCurrentIndex(self.members.index(shown[0]))
            self.right_pick.setCurrentIndex(self.members.index(shown[1]))
        else:
            rep_index = self.members.index(representative) if representative in self.members else 0
            self.left_pick.setCurrentIndex(rep_index)
            self.right_pick.setCurrentIndex(1 if rep_index == 0 and len(self.members) > 1 else 0)
        self._compare()

    def _compare(self, *_args) -> None:
        if not self.members:
            return
        a, b = self.left_pick.currentData(), self.right_pick.currentData()
        if a is None or b is None:
            return
        # reading both texts, diffing them and the similarity run off the UI thread; a newer
        # selection makes an older result stale (it is dropped when it lands)
        self.generation += 1
        generation = self.generation
        self.shown_pair = None
        self.left.setHtml(f"<i>{tr('working')}</i>")
        self.right.setHtml(f"<i>{tr('working')}</i>")
        worker = Worker(self._prepare, a, b, hooks=False)
        worker.signals.finished.connect(lambda result, g=generation: self._show(g, a, b, result))
        start(worker)

    def _prepare(self, a: int, b: int):
        text_a, text_b = self.view.texts([a, b])
        left, right = diff_html(text_a, text_b)
        similarity = self.view.similarity(a, b) if a != b else (1.0, True)
        return left, right, similarity

    def _show(self, generation: int, a: int, b: int, result) -> None:
        if generation != self.generation or self.view is None:
            return  # the selection moved on meanwhile
        left, right, (similarity, confirmed) = result
        self.left.setHtml(left)
        self.right.setHtml(right)
        pair = tr("similarity", s=similarity) + ("" if confirmed else f" ({tr('estimated')})")
        representative = self.view.representative(self.cluster)
        for label, row in ((self.left_label, a), (self.right_label, b)):
            reasons = self.view.reasons(row)
            verdict = (tr("removed") + " (" + ", ".join(reasons) + ")") if reasons else tr("kept")
            mark = f"{tr('representative')} · " if row == representative else ""
            label.setText(f"{mark}{verdict} · {tr('chars', n=int(self.view.n_chars[row]))} · {pair}")
        self.shown_pair = (a, b)

    def _keep(self, pick) -> None:
        row = pick.currentData()
        if row is None:
            return
        self.view.make_representative(row)
        self.changed.emit()
        current = self.clusters.currentItem()
        self._open_cluster(current)

"""Duplicates view: clusters by size; two members side by side with a character-level diff
(Korean works at the syllable level, so a character diff is the natural unit), their similarity,
which member is kept, and a button to keep another one instead."""

import difflib
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from curator.gui.i18n import tr
from curator.gui.workers import Worker, start, when_alive

CONTEXT_CHARS = 200  # identical text kept around each difference
SHOWN_CHARS = 6_000  # per side: laying out 20,000 characters in two panes stalled the UI 350 ms


def _equal(text: str, first: bool, last: bool) -> str:
    """An identical stretch: whole when short, else its ends around a count of what is left out."""
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    if len(text) <= len(head) + len(tail) + 40:
        return html.escape(text)
    skipped = len(text) - len(head) - len(tail)
    return (html.escape(head) + f'<span style="color:#888">\n⋯ {tr("identical_chars", n=skipped)} ⋯\n</span>'
            + html.escape(tail))


def diff_html(a: str, b: str) -> tuple[str, str]:
    """Both texts as HTML around their differences (lines first, then characters within changed
    lines; identical stretches shortened to their ends), characters only in one side highlighted,
    at most ``SHOWN_CHARS`` of each side."""
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    # autojunk: lines repeated all over a long text (headers, the repeated corpus of a template) are
    # not anchors; without it, 4,000 lines against 600 took 1.8 s
    opcodes = difflib.SequenceMatcher(None, lines_a, lines_b).get_opcodes()
    left, right, shown = [], [], 0
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        x, y = "".join(lines_a[i1:i2]), "".join(lines_b[j1:j2])
        if shown > SHOWN_CHARS:
            left.append(f'<span style="color:#888">⋯ {tr("more_differences")}</span>')
            right.append(left[-1])
            break
        if op == "equal":
            piece = _equal(x, index == 0, index == len(opcodes) - 1)
            left.append(piece)
            right.append(piece)
            shown += min(len(x), 2 * CONTEXT_CHARS)
            continue
        x, y = x[:SHOWN_CHARS], y[:SHOWN_CHARS]
        for cop, p1, p2, q1, q2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
            u, v = html.escape(x[p1:p2]), html.escape(y[q1:q2])
            if cop == "equal":
                left.append(u)
                right.append(v)
            else:
                if u:
                    left.append(f'<span style="background:#ffd7d5">{u}</span>')
                if v:
                    right.append(f'<span style="background:#c9f2d1">{v}</span>')
        shown += max(len(x), len(y))
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
        self.left.setHtml(f"<span style='color:#888'>{tr('working')}</span>")
        self.right.setHtml(f"<span style='color:#888'>{tr('working')}</span>")
        worker = Worker(self._prepare, a, b, hooks=False)
        worker.signals.finished.connect(lambda result, g=generation: self._show(g, a, b, result))
        start(worker)

    def _prepare(self, a: int, b: int):
        text_a, text_b = self.view.texts([a, b])
        left, right = diff_html(text_a, text_b)
        similarity = self.view.similarity(a, b) if a != b else (1.0, True)
        return left, right, similarity

    @when_alive
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

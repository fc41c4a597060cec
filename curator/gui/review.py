"""Review mode, keyboard-first (Prodigy's keys): a accept, x reject, space skip, backspace undo,
n note. Samples come from the core (random, removed, kept, per reason, borderline); the next texts
are prefetched off the UI thread so moving on never waits."""

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from curator.gui.document_pane import PAGE_CHARS, learned_html, legend_html, page_starts, pii_html
from curator.gui import questions, theme
from curator.gui.i18n import reason_words, tr
from curator.filters.learned import MIN_DECISIONS, MIN_PER_CLASS, disagrees
from curator.gui.workers import Worker, start, when_alive
from curator.workspace.verdict import REJECT

SAMPLE_SIZE = 200
PREFETCH = 8
RERANK_EVERY = 10  # in the informative order, the rest of the sample is re-ranked after this many decisions
STRATEGIES = [("random", "random"), ("informative", "informative"), ("removed", "removed_only"), ("kept", "kept_only"),
              ("reason", "per_reason"), ("borderline", "borderline"), ("doubtful", "doubtful_only")]


def review_html(record: dict, failing_signals: list[str], legend: QLabel) -> str:
    """The document's first page (a review decides on what it sees; a 400,000-character text laid
    out whole froze the UI) with the evidence of its failing rules and PII marked."""
    from curator.signals.evidence import evidence, kinds_for

    text = record["text"]
    pages = page_starts(text, PAGE_CHARS)
    shown = text[:pages[1]] if len(pages) > 1 else text
    spans = evidence(shown, kinds_for(failing_signals))
    kinds = list(dict.fromkeys(k for _, _, k in spans))
    legend.setText(f"{tr('evidence')}: {legend_html(kinds)}" if kinds else "")
    pii = [p for p in record.get("pii") or [] if p["end"] <= len(shown)]
    more = f"<p style='color:#888'>{tr('first_page', shown=len(shown), total=len(text))}</p>" if len(pages) > 1 else ""
    return pii_html(shown, pii, (), spans) + more


class ReviewWidget(QWidget):
    decided = Signal(int, object)
    learnRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.loaded = False
        self.samples = []
        self.position = 0
        self.history: list[tuple[int, int, object]] = []  # (position, row, decision before)
        self.cache: dict[int, dict] = {}
        self.learned_figures = None  # (row, quality, contributions, why) shown in ``learned``
        self.requested = 0  # the latest sample asked for (older results are dropped)
        self.since_rerank = 0  # decisions since the informative order was last re-ranked
        self.reranking = None  # the re-ranking worker in flight
        self.reranked_with = None  # decisions the current order was ranked with
        self.setFocusPolicy(Qt.StrongFocus)
        self.strategy = QComboBox()
        for key, label in STRATEGIES:
            self.strategy.addItem(tr(label), key)
        self.reason = QComboBox()
        self.strategy.currentIndexChanged.connect(self.resample)
        self.reason.currentIndexChanged.connect(lambda _: self.strategy.currentData() == "reason" and self.resample())
        self.progress = QProgressBar()
        self.status = QLabel()
        self.keys = QLabel(tr("review_keys"))
        self.keys.setForegroundRole(QPalette.PlaceholderText)  # muted in either palette
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.learned = QLabel()  # the learned score and what moved it (when there is a model)
        self.learned.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setFocusPolicy(Qt.NoFocus)
        self.text.setStyleSheet("font-size: 16px;")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("strategy")))
        top.addWidget(self.strategy)
        top.addWidget(self.reason)
        # beside the informative order: the model that ranks it, how many decisions it has and how
        # well it agrees with the ones it was not fitted on, so the curator sees how far it has got
        self.model_figures = QLabel()
        top.addWidget(self.model_figures)
        top.addWidget(self.progress, 1)
        self.learn_button = QPushButton(tr("learn"))
        self.learn_button.setFocusPolicy(Qt.NoFocus)
        self.learn_button.clicked.connect(self.learnRequested)
        top.addWidget(self.learn_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.header)
        layout.addWidget(self.learned)
        layout.addWidget(self.legend)
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        self.writing_buttons = [self.learn_button]  # what stores something: off in a read-only workspace
        for label, key, slot in ((tr("accept"), "A", lambda: self.decide("accept")),
                                 (tr("reject"), "X", lambda: self.decide("reject")),
                                 (tr("skip"), "Space", self.skip), (tr("undo"), "Backspace", self.undo),
                                 (tr("note"), "N", self.ask_note)):
            button = QPushButton(f"{label} ({QKeySequence(key).toString(QKeySequence.NativeText)})")
            button.setFocusPolicy(Qt.NoFocus)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if key in ("A", "X", "Backspace", "N"):
                self.writing_buttons.append(button)
            # the key works whatever has focus inside the review (the strategy box, a button)
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        layout.addLayout(buttons)
        layout.addWidget(self.keys)

    def set_view(self, view) -> None:
        """Adopt ``view``; the sample is drawn when the tab is first shown (opening a workspace
        does not wait for a review nobody has started)."""
        self.view = view
        for button in self.writing_buttons:
            button.setEnabled(not view.read_only)
        self.loaded = False
        self.samples, self.position = [], 0
        self.reason.blockSignals(True)
        self.reason.clear()
        for name, count in sorted(view.counts().by_rule.items(), key=lambda kv: -kv[1]):
            self.reason.addItem(f"{name} ({count:,})", name)
        self.reason.blockSignals(False)
        if self.isVisible():
            self.resample()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.view is not None and not self.loaded:
            self.resample()

    def resample(self, *_args) -> None:
        if self.view is None:
            return
        self.loaded = True
        strategy = self.strategy.currentData()
        self.reason.setVisible(strategy == "reason")
        self.requested += 1  # a sample asked for earlier (another strategy) may land after this one
        worker = Worker(self.view.sample, strategy, SAMPLE_SIZE, hooks=False, reason=self.reason.currentData())
        worker.signals.finished.connect(lambda rows, n=self.requested: self._sampled(rows, n))
        start(worker)

    @when_alive
    def _sampled(self, rows, request: int | None = None) -> None:
        if request is not None and request != self.requested:
            return
        self.samples = [int(r) for r in rows]
        self.since_rerank = 0
        self.reranked_with = None
        self.position = 0
        self.history.clear()
        self.cache.clear()
        self.progress.setRange(0, max(1, len(self.samples)))
        self.show_current()

    # display -----------------------------------------------------------------------------------
    def current_row(self) -> int | None:
        return self.samples[self.position] if self.position < len(self.samples) else None

    def show_current(self) -> None:
        self.progress.setValue(self.position)
        decided, agreement = self.view.agreement()
        status = tr("review_progress", done=self.position, total=len(self.samples), decided=decided)
        if agreement is not None:  # nothing to agree with before the first decision
            status += " · " + tr("review_agreement", agree=agreement)
        if self.reranked_with:
            status += " · " + tr("reranked", n=self.reranked_with)
        self.status.setText(status)
        self.model_figures.setVisible(self.strategy.currentData() == "informative")
        self.model_figures.setText(self.figures(decided))
        row = self.current_row()
        if row is None:
            self.header.setText(f"<b>{tr('review_done')}</b>")
            self.learned.setText("")
            self.text.setHtml("")
            return
        record = self.cache.get(row) or self.view.document(row)
        self.cache[row] = record
        reasons = self.view.reasons(row)
        self._show_header(row, record)
        self.learned.setText("")
        self.learned_figures = None
        if record.get("learned_quality") is not None:  # the model's view, and why this one is shown
            worker = Worker(self.view.explain, row, hooks=False)
            worker.signals.finished.connect(lambda result, r=row: self._show_learned(r, *result))
            start(worker)
        self.text.setHtml(review_html(record, [r.signal for r in self.view.rules if r.name in reasons], self.legend))
        self._prefetch()

    def _show_header(self, row: int, record: dict) -> None:
        """Id, source and verdict (in the theme's kept/removed colour)."""
        rules = {r.name: r for r in self.view.rules}
        reasons = self.view.reasons(row)
        verdict = (f"<span style='color:{theme.css('removed')}'>{tr('removed')}</span>: " +
                   "; ".join(html.escape(reason_words(r, rules[r].describe() if r in rules else "")) for r in reasons)
                   if reasons else f"<span style='color:{theme.css('kept')}'>{tr('kept')}</span>")
        self.header.setText(f"<b>{html.escape(record['id'])}</b> · {html.escape(record['source'])} · {verdict}")

    def recolour(self) -> None:
        """After a theme switch: the header and learned line name theme colours; the text does
        not, so it is not drawn again."""
        row = self.current_row()
        if self.view is None or row is None or row not in self.cache:
            return
        self._show_header(row, self.cache[row])
        if self.learned_figures is not None and self.learned_figures[0] == row:
            self.learned.setText(learned_html(*self.learned_figures[1:]))

    def figures(self, decided: int) -> str:
        """The ranking model's figures: the last re-rank's (fitted on the decisions so far), else
        the saved model's, else how many decisions a model still needs."""
        info = self.view.reranked_info if self.reranked_with else None
        saved = self.view.model()
        if info is None and saved is not None:
            info = saved.info
        cv = (info or {}).get("cross_validated") or {}
        if not cv:
            return tr("model_none", n=decided, need=MIN_DECISIONS, each=MIN_PER_CLASS)
        return tr("model_figures", n=info["decisions"], f1=cv["f1"], p=cv["precision"], r=cv["recall"])

    @when_alive
    def _show_learned(self, row, quality, contributions) -> None:
        if row != self.current_row() or quality is None:
            return
        why = ""
        if self.strategy.currentData() == "informative":  # one row's verdict, not the workspace's
            why = tr("why_disagree") if disagrees(quality, self.view.fixed_rules_remove([row])[0]) else tr("why_unsure")
        elif self.strategy.currentData() == "doubtful" and row in (doubted := self.view.doubtful()):
            said = "reject" if self.view.decision[row] == REJECT else "accept"
            aside = (self.view.model().info or {}).get("doubtful_set_aside", True)
            why = tr("why_doubtful" if aside else "why_doubtful_kept", said=tr(said),
                     other=tr("accept" if said == "reject" else "reject"), p=doubted[row])
        self.learned_figures = (row, quality, contributions, why)
        self.learned.setText(learned_html(quality, contributions, why))

    def _prefetch(self) -> None:
        upcoming = [r for r in self.samples[self.position + 1:self.position + 1 + PREFETCH] if r not in self.cache]
        if upcoming:
            worker = Worker(lambda rows: {r: self.view.document(r) for r in rows}, upcoming, hooks=False)
            worker.signals.finished.connect(self.cache.update)
            start(worker)

    # decisions ---------------------------------------------------------------------------------
    def decide(self, action, note: str | None = None) -> None:
        row = self.current_row()
        if row is None or self.view.read_only:
            return
        self.keys.setText(tr("review_keys"))
        before = self.view.decide(row, action, note=note)
        self.history.append((self.position, row, before))
        self.decided.emit(row, action)
        self.position += 1
        self.since_rerank += 1
        self.show_current()
        self._maybe_rerank()

    def _maybe_rerank(self) -> None:
        """In the informative order, every RERANK_EVERY decisions: a model fitted on all decisions
        so far re-orders the rest of the sample (off the UI thread; the document shown stays)."""
        if (self.strategy.currentData() != "informative" or self.since_rerank < RERANK_EVERY
                or self.reranking is not None or self.position + 1 >= len(self.samples)):
            return
        self.since_rerank = 0
        worker = Worker(self.view.rerank, self.samples[self.position + 1:], hooks=False)
        worker.signals.finished.connect(lambda result, n=self.requested: self._reranked(result, n))
        worker.signals.failed.connect(lambda _message: setattr(self, "reranking", None))
        self.reranking = worker
        start(worker)

    @when_alive
    def _reranked(self, result, request: int) -> None:
        self.reranking = None
        if result is None or request != self.requested:
            return
        order, decisions = result
        # what the curator reached meanwhile stays where it is; the rest follows the new order
        rest = self.samples[self.position + 1:]
        waiting = set(rest)
        ranked = [int(r) for r in order if int(r) in waiting]
        placed = set(ranked)
        self.samples = self.samples[:self.position + 1] + ranked + [r for r in rest if r not in placed]
        self.reranked_with = decisions
        self.show_current()

    def skip(self) -> None:
        if self.current_row() is not None:
            self.keys.setText(tr("review_keys"))
            self.history.append((self.position, None, None))
            self.position += 1
            self.show_current()

    def undo(self) -> None:
        if not self.history or self.view.read_only:
            return
        position, row, before = self.history.pop()
        if row is not None:
            self.view.decide(row, before)
            self.decided.emit(row, before)
        self.position = position
        self.show_current()

    def ask_note(self) -> None:
        row = self.current_row()
        if row is None or self.view.read_only:
            return
        excerpt = " ".join(self.view.texts([row], limit=60)[0].split())
        text, ok = questions.ask_text(self, tr("note"), tr("note_for", id=self.view.ids[row].as_py(), excerpt=excerpt),
                                      self.view.note(row) or "")
        if ok:
            self.save_note(row, text)

    def save_note(self, row: int, text: str) -> None:
        """The note belongs to ``row`` (the document it was typed on), stored at once: skipping,
        deciding the next document or undoing a decision never moves or deletes it."""
        self.view.set_note(row, text.strip() or None)
        if row == self.current_row():
            self.keys.setText(f"{tr('review_keys')} · {tr('note')}: {text.strip()}" if text.strip()
                              else tr("review_keys"))

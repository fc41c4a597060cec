"""Document pane: the text with PII highlighted (and, on demand, Kiwi morphemes with POS
tooltips), every rule's signal against its threshold, the reasons in plain words, source,
decision and note."""

import bisect
import html

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QStandardItem, QStandardItemModel, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
                               QTableView, QTextBrowser, QToolTip, QVBoxLayout, QWidget)

from curator.korean.pii import PII_KINDS
from curator.korean.service import MorphemeService
from curator.gui import theme
from curator.gui.i18n import number, reason_words, tr
from curator.gui.offload import OFFLOAD, lemma_spans
from curator.gui.workers import Worker, start, when_alive
from curator.workspace.verdict import DECISION_NAMES

PII_COLOURS = dict(zip(PII_KINDS, ("#ffb3b3", "#ffb3b3", "#ffe08a", "#b8e0ff", "#d9c2ff", "#c8f0c8", "#ffd1a8",
                                  "#f5c2e0", "#c2f0ec", "#e6dcc8")))  # account, licence, address
POS_NAMES = {"NNG": "일반 명사", "NNP": "고유 명사", "NNB": "의존 명사", "NR": "수사", "NP": "대명사",
             "VV": "동사", "VA": "형용사", "VX": "보조 용언", "VCP": "긍정 지정사", "VCN": "부정 지정사",
             "MM": "관형사", "MAG": "일반 부사", "MAJ": "접속 부사", "IC": "감탄사", "JKS": "주격 조사",
             "JKC": "보격 조사", "JKG": "관형격 조사", "JKO": "목적격 조사", "JKB": "부사격 조사",
             "JKV": "호격 조사", "JKQ": "인용격 조사", "JX": "보조사", "JC": "접속 조사", "EP": "선어말 어미",
             "EF": "종결 어미", "EC": "연결 어미", "ETN": "명사형 전성 어미", "ETM": "관형형 전성 어미",
             "XPN": "체언 접두사", "XSN": "명사 파생 접미사", "XSV": "동사 파생 접미사", "XSA": "형용사 파생 접미사",
             "XR": "어근", "SF": "마침표류", "SP": "쉼표류", "SS": "괄호류", "SE": "줄임표", "SO": "붙임표",
             "SW": "기타 기호", "SL": "외국어", "SH": "한자", "SN": "숫자", "UN": "분석 불능"}


class SignalsModel(QStandardItemModel):
    """Rows: (rule, signal value, threshold, pass/fail), held as Qt items: a repaint of the table
    (every row change, theme switch, text size change) asks each cell for ~7 roles, and a Python
    ``data()`` answered ~1,100 such calls per repaint (up to 105 ms of an open under load); items
    answer them in C++. ``rows`` and ``cells`` keep the Python values."""

    def __init__(self):
        super().__init__(0, 4)
        self.rows: list[tuple[str, str, str, bool]] = []
        self.cells: list[list[str]] = []
        self.setHorizontalHeaderLabels([tr("signal"), tr("value"), tr("threshold"), ""])

    def set_rows(self, rows) -> None:
        self.rows = rows
        self.cells = [[name, value, threshold, tr("fail") if failed else tr("pass")]
                      for name, value, threshold, failed in rows]
        self.setRowCount(0)
        for cells in self.cells:
            self.appendRow([QStandardItem(text) for text in cells])
        self.recolour()

    def recolour(self) -> None:
        """Pass/fail in the palette's kept/removed colour (again after a theme switch)."""
        for row, (*_, failed) in enumerate(self.rows):
            self.item(row, 3).setForeground(theme.brush("removed" if failed else "kept"))

    def column_widths(self, metrics) -> list[int]:
        """Widths that fit columns 1–3 (value, threshold, pass/fail) and their headers: set once
        per document instead of ResizeToContents, which measured every cell on every relayout."""
        return [max([metrics.horizontalAdvance(str(self.headerData(c, Qt.Horizontal)))]
                    + [metrics.horizontalAdvance(row[c]) for row in self.cells]) + 16 for c in (1, 2, 3)]


HIT_COLOUR = "#fff176"  # search hits
# The text pane shows a long document a page at a time: laying out 400k characters froze the UI
# 1.7 s, a 20,000-character page still 172 ms under load (setHtml's parse and layout is linear)
PAGE_CHARS = 8_000
OFFLOAD_CHARS = 20_000  # evidence of a longer text is computed in another process (~1 µs of Python a character)
# a morpheme is a link with a label: 4,000 characters of them took 132-141 ms to lay out under load
MORPHEME_PAGE_CHARS = 2_000
MORPHEMES_PER_TURN = 150  # a page of morphemes is drawn this many at a time, one event-loop turn each


def page_starts(text: str, size: int = PAGE_CHARS) -> list[int]:
    """Where each page of ``text`` starts: every ``size`` characters, moved back to just after a
    line break when one is within the last 10 % of the page."""
    starts = [0]
    while len(text) - starts[-1] > size:
        end = starts[-1] + size
        cut = text.rfind("\n", end - size // 10, end)
        starts.append(cut + 1 if cut > starts[-1] else end)
    return starts


def _shifted(spans, offset: int, length: int):
    """(start, end) spans cut to a page [offset, offset + length) and made relative to it."""
    return [(max(a, offset) - offset, min(b, offset + length) - offset) for a, b in spans if b > offset and a < offset + length]


class SpanIndex:
    """Marks sorted by start, so a page takes only the marks that can reach into it: a repetitive
    400,000-character document has ~14,000 evidence spans, and cutting all of them to every page
    drawn cost the UI thread 25-35 ms per page."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [span[0] for span in self.spans]
        self.reach = max((span[1] - span[0] for span in self.spans), default=0)

    def page(self, offset: int, end: int) -> list:
        """The marks cut to the page [offset, end) and made relative to it (extra fields kept)."""
        low = bisect.bisect_left(self.starts, offset - self.reach)
        high = bisect.bisect_left(self.starts, end)
        return [(max(a, offset) - offset, min(b, end) - offset, *rest) for a, b, *rest in self.spans[low:high]
                if b > offset]


EVIDENCE_COLOURS = dict(zip(("repeated_line", "repeated_ngram", "boilerplate", "code", "markup", "spam", "jamo_run",
                             "mojibake", "invalid"),
                            ("#ffe0b2", "#ffccbc", "#d7ccc8", "#cfd8dc", "#b2dfdb", "#f8bbd0", "#e1bee7", "#c5cae9",
                             "#ef9a9a")))


BENCHMARK_COLOUR = "#ffab91"


def pii_html(text: str, spans: list[dict] | None, hits: list[tuple[int, int]] = (),
             evidence: list[tuple[int, int, str]] = (), benchmark: list[tuple[int, int, str, str]] = ()) -> str:
    """The text as HTML with its marks: evidence of a failing rule (what the signal counted),
    benchmark text found (``benchmark``: start, end, the item as a tooltip, the benchmark's name
    as a label), PII spans (their kind in a small label after them) and search hits, in that order
    of precedence where they overlap. Marked text is dark on a light colour in any palette."""
    owner = [0] * len(text)  # per character: index into marks (0: none)
    marks: list[tuple[str, str, str]] = [("", "", "")]  # (colour, tooltip, label)
    shared: dict[tuple[str, str], int] = {}  # an unlabelled mark's index: touching spans become one
    layers = ([(a, b, EVIDENCE_COLOURS[k], tr(f"evidence_{k}"), "") for a, b, k in evidence]
              + [(a, b, BENCHMARK_COLOUR, item, name) for a, b, item, name in benchmark]
              + [(p["start"], p["end"], PII_COLOURS.get(p["kind"], "#eeeeee"), p["kind"], p["kind"]) for p in spans or []]
              + [(a, b, HIT_COLOUR, "", "") for a, b in hits])
    for begin, end, colour, title, label in layers:
        # one index per unlabelled look, so touching evidence spans (repeated n-grams overlap by
        # the thousand) are one <span>, not one each: laying out the fragments cost 120+ ms a page
        index = shared.get((colour, title)) if not label else None
        if index is None:
            marks.append((colour, title, label))
            index = len(marks) - 1
            if not label:
                shared[(colour, title)] = index
        owner[begin:end] = [index] * (min(end, len(text)) - begin)
    pieces, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and owner[j] == owner[i]:
            j += 1
        chunk = html.escape(text[i:j])
        colour, title, label = marks[owner[i]]
        if colour:
            tip = f' title="{html.escape(title)}"' if title else ""
            chunk = f'<span style="background:{colour};color:#000"{tip}>{chunk}</span>'
            if label:
                chunk += f'<sub style="color:#777">{label}</sub>'
        pieces.append(chunk)
        i = j
    # pre-wrap: each line a paragraph of its own (laid out 2-3x faster than one paragraph of
    # <br>-broken lines, which Qt lays out whole), and the text's own spaces kept
    return '<div style="white-space:pre-wrap">' + "".join(pieces) + "</div>"


def learned_html(quality: float, contributions, why: str = "") -> str:
    """'Learned quality 0.23 · toward reject: “\\b” 0.41, code_line_ratio 0.30 · toward keep: …'
    (``contributions``: WorkspaceView.explain's; ``why``: what put the document in front of a review)."""
    def listed(items):
        return ", ".join(f"{html.escape(name if kind == 'signal' else '“' + name.replace(chr(10), '⏎') + '”')} "
                         f"{abs(weight):.2f}" for kind, name, weight in items)
    towards_reject = [c for c in contributions if c[2] < 0]
    towards_keep = [c for c in contributions if c[2] > 0]
    parts = [f"<b>{tr('learned_score', q=f'{quality:.2f}')}</b>" + (f" ({html.escape(why)})" if why else "")]
    if towards_reject:
        parts.append(f"<span style='color:{theme.css('removed')}'>{tr('toward_reject')}</span>: {listed(towards_reject)}")
    if towards_keep:
        parts.append(f"<span style='color:{theme.css('kept')}'>{tr('toward_keep')}</span>: {listed(towards_keep)}")
    return " · ".join(parts)


def legend_html(kinds) -> str:
    """The evidence colours present, named."""
    return " ".join(f'<span style="background:{EVIDENCE_COLOURS[k]};color:#000">&nbsp;{tr(f"evidence_{k}")}&nbsp;</span>'
                    for k in kinds)


def morpheme_pieces(text: str, morphs) -> list[str]:
    """Each morpheme as an HTML link whose hover shows its POS (after the text before it), in
    order; line breaks stay ``\n`` (the pane makes each line a paragraph of its own)."""
    pieces, cursor = [], 0
    for m in morphs:
        if m.start < cursor:
            continue
        colour = "#1a73e8" if m.tag.startswith("N") else "#c5221f" if m.tag.startswith(("J", "E")) else "#188038"
        surface = html.escape(text[m.start:m.start + m.length])
        pieces.append(html.escape(text[cursor:m.start])
                      + f'<a href="morph:{m.tag}:{html.escape(m.form)}" style="color:{colour};text-decoration:none">'
                      f'{surface}</a><sub style="color:#999">{m.tag}</sub>')
        cursor = m.start + m.length
    pieces.append(html.escape(text[cursor:]))
    return pieces


MORPHEMES = MorphemeService()  # Kiwi in a worker process, started on first use (app.py closes it)


def _morphemes_of(future):
    """The analysis result, or None when it was cancelled before it ran."""
    from concurrent.futures import CancelledError

    try:
        return future.result()
    except CancelledError:
        return None


def _lemma_hits(text: str, needle: str) -> list[tuple[int, int]]:
    """The lemma's hits in ``text``, found in the analysis process (its Python held the GIL here)."""
    return MORPHEMES.call(lemma_spans, text, needle)


class DocumentPane(QWidget):
    decided = Signal(int, object)  # row, decision (accept/reject/None)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.row = None
        self.record = None
        self.query = ("", "text")  # the table's search: its hits are marked in the text
        self.hits: list[tuple[int, int]] = []
        self.evidence_index = SpanIndex([])  # what the failing rules' signals counted (``evidence``)
        self.benchmark: list[tuple[int, int, str, str]] = []  # benchmark text found (curator decontaminate)
        self.benchmarks_of, self.has_benchmarks = None, False  # the view whose benchmark files were listed
        self.benchmark_label = QLabel()  # which items, from which benchmark, and their share
        self.benchmark_label.setWordWrap(True)
        self.benchmark_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.morph_future = None  # the analysis of the page in the morpheme view, while it is pending
        self.drawing = None  # a page being drawn in turns (``_draw_in_turns``) until it is complete
        self.pages: list[int] = [0]  # start of each page of the shown text
        self.page = 0
        self.header = QLabel(tr("no_document"))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.legend = QLabel()  # the colours of the evidence marked in the text
        self.legend.setWordWrap(True)
        self.learned = QLabel()  # the learned model's score and what moved it (when there is a model)
        self.learned.setWordWrap(True)
        self.learned_figures = None  # (row, quality, contributions) shown in ``learned``
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.highlighted.connect(self._hover)
        self.morph_button = QPushButton(tr("morphemes"))
        self.morph_button.setCheckable(True)
        self.morph_button.toggled.connect(self._toggle_morphemes)
        self.signals = SignalsModel()
        self.signals_table = QTableView()
        self.signals_table.setModel(self.signals)
        self.signals_table.verticalHeader().hide()
        self.signals_table.setEditTriggers(QTableView.NoEditTriggers)
        header = self.signals_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in (1, 2, 3):  # value, threshold, pass/fail: sized to fit per document (never clipped)
            header.setSectionResizeMode(column, QHeaderView.Fixed)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("note"))
        self.note.editingFinished.connect(self._save_note)  # Enter or leaving the field
        self.action_widgets = [self.note]
        buttons = QHBoxLayout()
        for label, action in ((tr("accept"), "accept"), (tr("reject"), "reject"), (tr("none"), None)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, a=action: self.decide(a))
            buttons.addWidget(button)
            self.action_widgets.append(button)
        buttons.addWidget(self.note, 1)
        self.prev_page, self.next_page = QPushButton("◀"), QPushButton("▶")
        self.page_label = QLabel()
        for widget, step in ((self.prev_page, -1), (self.page_label, 0), (self.next_page, 1)):
            if step:
                widget.clicked.connect(lambda _=False, k=step: self.turn_page(k))
            buttons.addWidget(widget)
        buttons.addWidget(self.morph_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.reasons)
        top_layout.addWidget(self.learned)
        top_layout.addWidget(self.legend)
        top_layout.addWidget(self.benchmark_label)
        top_layout.addWidget(self.text, 1)
        top_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.signals_table)
        splitter.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def show_row(self, view, row: int) -> None:
        if self.view is view and self.row is not None and self.row != row:
            self._save_note()  # a note typed but not yet saved stays with the document it was typed on
        self.view, self.row = view, row
        self.record = record = view.document(row)
        self.show_header(view, row)
        self.set_enabled_actions(True)
        rules = {r.name: r for r in view.rules}
        if record["reasons"]:
            words = [reason_words(r, rules[r].describe() if r in rules else "")
                     + self._how_far(view, rules.get(r), record) for r in record["reasons"]]
            self.reasons.setText(f"<b>{tr('why_removed')}</b>: " + "; ".join(html.escape(w) for w in words))
        else:
            self.reasons.setText(f"<b>{tr('kept_doc')}</b>")
        self.note.setText(view.note(row) or "")
        self.morph_button.blockSignals(True)
        self.morph_button.setChecked(False)
        self.morph_button.blockSignals(False)
        self.cancel_analysis()
        self.hits, self.benchmark = [], []
        self.evidence_index = SpanIndex([])
        self.legend.setText("")
        self.benchmark_label.setText("")
        self.pages, self.page = page_starts(record["text"], PAGE_CHARS), 0
        self._render()
        self._find_hits()
        rows, failing = [], []
        for rule in view.rules:
            value = record.get(rule.signal)
            failed = value is not None and bool(rule.fails([value])[0])
            rows.append((rule.name, number(value), rule.describe(), failed))
            if failed:
                failing.append(rule.signal)
        self._find_evidence(failing)
        self._find_benchmark_items()
        self.signals.set_rows(sorted(rows, key=lambda r: not r[3]))  # failing rules first
        self.fit_signal_columns()
        self.learned.setText("")
        self.learned_figures = None
        if record.get("learned_quality") is not None:
            worker = Worker(view.explain, row, hooks=False)
            worker.signals.finished.connect(lambda result, r=row: self._show_learned(r, *result))
            start(worker)

    @property
    def evidence(self) -> list[tuple[int, int, str]]:
        """(start, end, kind) of what the failing rules' signals counted in the shown document."""
        return self.evidence_index.spans

    def fit_signal_columns(self) -> None:
        """Value, threshold and pass/fail sized to their texts in the current font (per document,
        and after a text size change: the rest of the pane follows the font by itself)."""
        for column, width in zip((1, 2, 3), self.signals.column_widths(self.signals_table.fontMetrics())):
            self.signals_table.horizontalHeader().resizeSection(column, width)

    def changeEvent(self, event) -> None:
        """A text size change reaches the pane after its children: the signal columns are measured
        again in the new font (the document is not drawn again: it follows the font itself)."""
        super().changeEvent(event)
        if event.type() == QEvent.FontChange:
            self.fit_signal_columns()

    def show_header(self, view, row: int) -> None:
        """The document's line (id, source, size, verdict, decision, cluster) from the view's light
        columns: cheap enough for every arrow key press (the body waits until the keys rest)."""
        decision = DECISION_NAMES[int(view.decision[row])]
        kept = decision == "accept" or not view.reasons(row)
        cluster = view.clusters[row].as_py()
        self.header.setText(f"<b>{html.escape(view.ids[row].as_py())}</b> · {html.escape(view.sources[row].as_py())} · "
                            f"{tr('chars', n=int(view.n_chars[row]))} · {tr('kept') if kept else tr('removed')} · "
                            f"{tr('decision')}: {tr(decision) if decision else tr('none')}"
                            + (f" · cluster {html.escape(cluster)}" if cluster else ""))

    def set_enabled_actions(self, enabled: bool) -> None:
        """Decisions and the note act on ``self.row``: off while the header already names another
        document whose body is not shown yet (fast arrow browsing), so none lands on the wrong one."""
        writable = self.view is None or not self.view.read_only  # a read-only workspace takes none
        for widget in self.action_widgets:
            widget.setEnabled(enabled and writable)

    @when_alive
    def _show_learned(self, row, quality, contributions) -> None:
        if row == self.row and quality is not None:
            self.learned_figures = (row, quality, contributions)
            self.learned.setText(learned_html(quality, contributions))

    def recolour(self) -> None:
        """After a theme switch: the learned line and the pass/fail column name theme colours;
        the text does not (its marks are dark on light in any palette), so it is not drawn again."""
        self.signals.recolour()
        if self.learned_figures is not None and self.learned_figures[0] == self.row:
            self.learned.setText(learned_html(*self.learned_figures[1:]))

    @staticmethod
    def _how_far(view, rule, record) -> str:
        """', 0.49 past it; 0.2 % of clean reference text is this far out' for a failing rule."""
        from curator.filters.calibration import past_threshold

        if rule is None:
            return ""
        past = past_threshold(view.config.get("reference"), rule, record.get(rule.signal))
        if past is None:
            return ""
        distance, share = past
        text = ", " + tr("past_threshold", value=number(record.get(rule.signal)), distance=number(distance))
        if share is not None:
            text += "; " + tr("reference_share", share=f"{share:.1%}" if share >= 0.001 else "< 0.1%")
        return text

    def decide(self, action) -> None:
        if self.view is None or self.row is None:
            return
        self._save_note()
        self.view.decide(self.row, action)
        self.decided.emit(self.row, action)
        self.show_row(self.view, self.row)

    def _save_note(self) -> None:
        """The note belongs to the document shown, with or without a decision (stored at once)."""
        if self.view is not None and self.row is not None:
            text = self.note.text().strip() or None
            if text != self.view.note(self.row):
                self.view.set_note(self.row, text)

    def _repage(self, size: int) -> None:
        """Pages of ``size`` characters, on the page that holds where the shown one started."""
        position = self.pages[self.page]
        self.pages = page_starts(self.record["text"], size)
        self.page = max(i for i, start_ in enumerate(self.pages) if start_ <= position)

    def _toggle_morphemes(self, on: bool) -> None:
        if self.record is None:
            return
        self._repage(MORPHEME_PAGE_CHARS if on else PAGE_CHARS)
        self._render()  # the text, or (morphemes on) the page controls while Kiwi works
        if on:
            self._analyse_page()

    def _analyse_page(self) -> None:
        """Kiwi on the page shown, in the analysis process; an analysis asked for earlier and not
        started yet (another page, another document) is cancelled rather than queued before it."""
        text, row, page = self.page_text(), self.row, self.page  # the page shown, not the whole document
        self.cancel_analysis()
        self.morph_future = future = MORPHEMES.submit(text)
        worker = Worker(_morphemes_of, future, hooks=False)  # waits for the service, off the UI thread
        worker.signals.finished.connect(lambda morphs: self._show_morphemes(row, page, text, morphs))
        start(worker)
        self._set_html(f"<i>{tr('working')}</i>")

    def cancel_analysis(self) -> None:
        if self.morph_future is not None:
            self.morph_future.cancel()  # a no-op once it runs: its result is then dropped on arrival
            self.morph_future = None

    def set_query(self, needle: str, mode: str) -> None:
        self.query = (needle, mode)
        if self.record is not None:
            self._find_hits()

    def page_bounds(self) -> tuple[int, int]:
        end = self.pages[self.page + 1] if self.page + 1 < len(self.pages) else len(self.record["text"])
        return self.pages[self.page], end

    def page_text(self) -> str:
        start_, end = self.page_bounds()
        return self.record["text"][start_:end]

    def turn_page(self, step: int) -> None:
        """Show the page ``step`` pages away (the morpheme view follows)."""
        page = min(max(self.page + step, 0), len(self.pages) - 1)
        if self.record is None or page == self.page:
            return
        self.page = page
        if self.morph_button.isChecked():
            self._render()
            self._analyse_page()
            return
        self._render()

    def _render(self) -> None:
        several = len(self.pages) > 1
        for widget in (self.prev_page, self.page_label, self.next_page):
            widget.setVisible(several)
        self.page_label.setText(tr("page", page=self.page + 1, pages=len(self.pages)))
        self.prev_page.setEnabled(self.page > 0)
        self.next_page.setEnabled(self.page + 1 < len(self.pages))
        if not self.morph_button.isChecked():
            offset, end = self.page_bounds()
            pii = [{"kind": p["kind"], "start": a, "end": b} for p in self.record.get("pii") or []
                   for a, b in _shifted([(p["start"], p["end"])], offset, end - offset)]
            evidence = self.evidence_index.page(offset, end)
            benchmark = [(a, b, item, name) for a0, b0, item, name in self.benchmark
                         for a, b in _shifted([(a0, b0)], offset, end - offset)]
            self._set_html(pii_html(self.page_text(), pii, _shifted(self.hits, offset, end - offset), evidence,
                                    benchmark))

    def _find_hits(self) -> None:
        """Text hits at once (one regex over the text); lemma hits from Kiwi in a worker."""
        from curator.workspace import search

        needle, mode = self.query
        text, row = self.record["text"], self.row
        if not search.normalise(needle):
            return
        if mode == "text":
            self._show_hits(row, search.text_spans(text, needle))
            return
        worker = Worker(_lemma_hits, text, needle, hooks=False)
        worker.signals.finished.connect(lambda spans: self._show_hits(row, spans))
        start(worker)

    def _find_evidence(self, signals: list[str]) -> None:
        """Mark what the failing rules' signals counted (a worker: n-grams of a long text take time)."""
        from curator.signals.evidence import evidence, kinds_for

        kinds = kinds_for(signals)
        if not kinds:
            return
        row, text = self.row, self.record["text"]
        # a long text's evidence in the offload process (its Python would hold the GIL the UI
        # thread needs); a short one in a thread, which costs no process start
        worker = (Worker(OFFLOAD.call, evidence, text, kinds, hooks=False) if len(text) > OFFLOAD_CHARS
                  else Worker(evidence, text, kinds, hooks=False))
        worker.signals.finished.connect(lambda spans: self._show_evidence(row, spans))
        start(worker)

    def _find_benchmark_items(self) -> None:
        """The benchmark items found in this document (WS/contamination/*.parquet, a worker)."""
        from curator.workspace.contamination import matches_for

        ws = getattr(self.view, "ws", None)
        if ws is None:
            return
        if self.benchmarks_of is not self.view:  # listed once per view, not per row (a directory
            self.benchmarks_of = self.view       # listing took up to 44 ms of a row change loaded)
            self.has_benchmarks = bool(ws.contamination_paths())
        if not self.has_benchmarks:
            return
        row = self.row
        worker = Worker(matches_for, ws, self.record["id"], hooks=False)
        worker.signals.finished.connect(lambda found: self._show_benchmark_items(row, found))
        start(worker)

    @when_alive
    def _show_benchmark_items(self, row, found) -> None:
        """Matched spans marked in the text (the item as their tooltip) and the items listed."""
        if row != self.row or not found:
            return
        lines, marks = [], []
        for m in found:
            item = f"{m['benchmark']} · {m['item']} ({m['share']:.0%}): {m['item_text']}"
            if m.get("cut"):  # --mode span: the lines are no longer in the text
                lines.append(html.escape(item) + f" — {tr('benchmark_cut')}: " + html.escape(" / ".join(m["cut"]))[:300])
                continue
            lines.append(html.escape(item[:300]))
            marks += [(s["start"], s["end"], item[:300], m["benchmark"]) for s in m.get("spans") or []]
        self.benchmark = marks
        self.benchmark_label.setText(f"<b>{tr('benchmark_items')}</b>: " + "<br>".join(lines))
        self._render()

    @when_alive
    def _show_evidence(self, row, spans) -> None:
        if row != self.row or not spans:
            return
        self.evidence_index = SpanIndex(spans)
        kinds = sorted({k for _, _, k in spans}, key=list(EVIDENCE_COLOURS).index)
        self.legend.setText(f"{tr('evidence')}: " + legend_html(kinds))
        self._render()

    @when_alive
    def _show_hits(self, row, spans) -> None:
        if row == self.row and spans:
            self.hits = spans
            first = spans[0][0]  # shown on its page, scrolled into view
            self.page = max(i for i, start_ in enumerate(self.pages) if start_ <= first)
            self._render()
            cursor = self.text.textCursor()
            cursor.setPosition(min(first - self.pages[self.page], len(self.page_text())))
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()

    @when_alive
    def _show_morphemes(self, row, page, text, morphs) -> None:
        if morphs is not None and row == self.row and page == self.page and self.morph_button.isChecked():
            self._draw_in_turns(morpheme_pieces(text, morphs))

    def _set_html(self, text: str) -> None:
        """The text pane shows ``text``; a drawing in turns still under way stops."""
        self.drawing = None
        self.text.setHtml(text)

    def _draw_in_turns(self, pieces: list[str]) -> None:
        """Show ``pieces`` (HTML, lines split at ``\n``) MORPHEMES_PER_TURN at a time, one
        event-loop turn each, every line a paragraph of its own: a page of morphemes (a link and a
        label each) set as one HTML paragraph held the UI thread 135-260 ms loaded, and appending
        to one paragraph lays all of it out again. Anything drawn meanwhile stops it."""
        self._set_html("")
        self.drawing = token = object()
        chunks = ["".join(pieces[i:i + MORPHEMES_PER_TURN]) for i in range(0, len(pieces), MORPHEMES_PER_TURN)]

        def more(rest: list[str]) -> None:
            if not shiboken6.isValid(self) or self.drawing is not token:
                return
            cursor = QTextCursor(self.text.document())
            cursor.movePosition(QTextCursor.End)
            for k, line in enumerate(rest[0].split("\n")):
                if k:
                    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
                if line:  # pre-wrap: spaces at either end of a piece are kept
                    cursor.insertHtml(f'<span style="white-space:pre-wrap">{line}</span>')
            if len(rest) > 1:
                QTimer.singleShot(0, self, lambda: more(rest[1:]))
            else:
                self.drawing = None
        if chunks:
            more(chunks)
        else:
            self.drawing = None

    def _hover(self, link) -> None:
        link = link.toString() if hasattr(link, "toString") else str(link)
        if link.startswith("morph:"):
            _, tag, form = link.split(":", 2)
            QToolTip.showText(QCursor.pos(), f"{form} / {tag} — {POS_NAMES.get(tag, tag)}", self.text)

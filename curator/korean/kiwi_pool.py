"""One Kiwi per process, loaded lazily, fed bounded chunks so long documents cannot stall a batch.

Kiwi's cost grows faster than linearly on very long unbroken inputs, so every document is cut into
chunks of at most ``MAX_CHUNK`` characters at line breaks, then at sentence ends, then at spaces
(short lines packed together up to that size);
the whole batch of chunks goes to Kiwi in one call, and token offsets are mapped back to the
document. Results come back as flat per-batch columns (``Tokens``): building a Python object per
morpheme cost more than every signal computed from them. The typo and multi-word dictionaries
are not loaded: signals do not need them, and without them Kiwi is ~1.5× faster here (0.15 vs
0.10 MB/s per thread on legal text).

A process can also run one ``KiwiStream``: a single Kiwi call for the life of the process, fed
batch after batch, Kiwi's own threads sharing one model, batches queued ahead so Kiwi does not
wait while Python computes the previous batch's signals (the local executor's stream mode).
"""

import os
import queue
import re
import threading
import time
from collections import deque
from concurrent.futures import Future
from operator import attrgetter
from typing import NamedTuple

import numpy as np

MAX_CHUNK = 1000
_SENTENCE_END = re.compile(r"(?<=[.!?。…다요])\s+")

_kiwi = None
_kiwi_threads = 1
_FORM, _TAG, _ID, _START, _LEN, _SCORE = (attrgetter(name) for name in ("form", "tag", "id", "start", "len", "score"))


class Morph(NamedTuple):
    form: str
    tag: str
    start: int  # offset in the document
    length: int
    score: float


def get_kiwi():
    """This process's Kiwi (about 0.9 GB; created on first use)."""
    global _kiwi
    if _kiwi is None:
        from kiwipiepy import Kiwi

        _kiwi = Kiwi(num_workers=_kiwi_threads, load_typo_dict=False, load_multi_dict=False)
    return _kiwi


def _split_long(piece: str, offset: int, out: list[tuple[int, str]]) -> None:
    while len(piece) > MAX_CHUNK:
        cut = piece.rfind(" ", 0, MAX_CHUNK)
        if cut <= 0:
            cut = MAX_CHUNK
        out.append((offset, piece[:cut]))
        piece, offset = piece[cut:], offset + cut
    if piece.strip():
        out.append((offset, piece))


def chunk_text(text: str) -> list[tuple[int, str]]:
    """(offset, chunk) pieces covering the text's non-blank lines, each ≤ MAX_CHUNK characters.

    Consecutive short lines share a chunk (the text between them, line breaks included, as it is):
    one Kiwi input per line cost 6 % more Kiwi CPU on real web text, whose comment and chat pages
    are many short lines (4 interleaved runs over resources/realtext: 26.7–28.2 s against
    27.3–30.5 s, never slower).
    """
    packed: list[tuple[int, str]] = []
    for offset, chunk in _line_chunks(text):
        if packed and offset + len(chunk) - packed[-1][0] <= MAX_CHUNK:
            start = packed[-1][0]
            packed[-1] = (start, text[start:offset + len(chunk)])
        else:
            packed.append((offset, chunk))
    return packed


def _line_chunks(text: str) -> list[tuple[int, str]]:
    """Every non-blank line as a piece, long lines cut at sentence ends, then at spaces."""
    chunks: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if len(line) <= MAX_CHUNK:
                chunks.append((pos, line))
            else:
                start = 0
                current_start, current = 0, ""
                for match in _SENTENCE_END.finditer(line):
                    sentence = line[start:match.end()]
                    if len(current) + len(sentence) > MAX_CHUNK and current:
                        _split_long(current, pos + current_start, chunks)
                        current_start, current = start, ""
                    current += sentence
                    start = match.end()
                current += line[start:]
                _split_long(current, pos + current_start, chunks)
        pos += len(line) + 1
    return chunks


class Tokens(NamedTuple):
    """The morphemes of a batch of documents as flat columns, document after document.

    The tokens of document ``i`` are ``bounds[i]:bounds[i + 1]``; ``start`` is the offset in the
    document (not in the chunk Kiwi saw). Forms and tags are integer codes into ``form_table`` and
    ``tag_table`` (equal codes ⇔ equal strings), so signals never touch a string per token.
    """
    bounds: np.ndarray  # int64, len(texts) + 1
    form: np.ndarray  # int64 code into form_table
    tag: np.ndarray  # int64 code into tag_table
    start: np.ndarray  # int64
    length: np.ndarray  # int64
    score: np.ndarray  # float64
    form_table: list[str]
    tag_table: list[str]
    shared_forms: int = 0  # form_table[:shared_forms] is this process's append-only table

    def morphs(self, i: int) -> list[Morph]:
        lo, hi = int(self.bounds[i]), int(self.bounds[i + 1])
        return [Morph(self.form_table[f], self.tag_table[t], s, n, c)
                for f, t, s, n, c in zip(self.form[lo:hi].tolist(), self.tag[lo:hi].tolist(),
                                         self.start[lo:hi].tolist(), self.length[lo:hi].tolist(),
                                         self.score[lo:hi].tolist())]


class Codes(dict):
    """string → dense code in order of first sight; ``table[code]`` is the string."""

    def __init__(self):
        super().__init__()
        self.table: list[str] = []

    def __missing__(self, value: str) -> int:
        code = self[value] = len(self.table)
        self.table.append(value)
        return code


class _Morphemes:
    """This process's codes for Kiwi's morphemes.

    Reading ``form`` and ``tag`` builds two Python strings per token and cost more than all the
    signals together. A dictionary morpheme's Kiwi ``id`` names one (form, tag), so those strings
    are read once per id; ids below ``GENERIC_IDS`` are Kiwi's per-tag placeholders for numbers,
    Latin, Hanja, punctuation and unknown words, whose form varies, so they are read per token
    (codes for those forms live only for the batch). ``verify`` checks the id rule on this Kiwi
    and turns it off if it does not hold.
    """
    GENERIC_IDS = 64

    def __init__(self):
        self.generic_ids = self.GENERIC_IDS
        self.form_code = Codes()
        self.tag_code = Codes()
        self.form_of_id = np.full(0, -1, np.int64)
        self.tag_of_id = np.full(0, -1, np.int64)

    def verify(self, kiwi) -> None:
        seen: dict[int, tuple[str, str]] = {}
        for tokens in kiwi.tokenize(_VERIFY_TEXTS):
            for t in tokens:
                if seen.setdefault(t.id, (t.form, t.tag)) != (t.form, t.tag) and t.id >= self.generic_ids:
                    self.generic_ids = 1 << 62  # read every token's strings
                    return

    def encode(self, tokens: list, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str], list[str], int]:
        """(form codes, tag codes, form table, tag table, shared forms) for one batch of tokens."""
        known = ids >= self.generic_ids
        top = int(ids.max()) + 1 if len(ids) else 0
        if top > len(self.form_of_id):
            grow = np.full(top - len(self.form_of_id), -1, np.int64)
            self.form_of_id = np.concatenate([self.form_of_id, grow])
            self.tag_of_id = np.concatenate([self.tag_of_id, grow])
        missing = known & (self.form_of_id[ids] < 0) if len(ids) else known
        if missing.any():  # ids met for the first time: read their strings once
            fresh, first = np.unique(ids[missing], return_index=True)
            for kiwi_id, position in zip(fresh.tolist(), np.flatnonzero(missing)[first].tolist()):
                token = tokens[position]
                self.form_of_id[kiwi_id] = self.form_code[token.form]
                self.tag_of_id[kiwi_id] = self.tag_code[token.tag]
        form = self.form_of_id[ids] if len(ids) else np.zeros(0, np.int64)
        tag = self.tag_of_id[ids] if len(ids) else np.zeros(0, np.int64)
        shared = len(self.form_code.table)
        generic = np.flatnonzero(~known)
        local = _LocalCodes(self.form_code, shared)
        if len(generic):
            chosen = list(map(tokens.__getitem__, generic.tolist()))
            form[generic] = list(map(local.__getitem__, map(_FORM, chosen)))
            tag[generic] = list(map(self.tag_code.__getitem__, map(_TAG, chosen)))
        return form, tag, self.form_code.table[:shared] + local.forms, list(self.tag_code.table), shared


class _LocalCodes(dict):
    """form → code for one batch's placeholder forms: the shared code if the form has one, else
    a batch-local code after the shared ones (numbers and URLs must not grow the process table)."""

    def __init__(self, shared: dict[str, int], offset: int):
        super().__init__()
        self.shared, self.offset, self.forms = shared, offset, []

    def __missing__(self, form: str) -> int:
        code = self.shared.get(form)
        if code is None:
            code = self.offset + len(self.forms)
            self.forms.append(form)
        self[form] = code
        return code


_VERIFY_TEXTS = ["대한민국은 민주공화국이다. 모든 권력은 국민으로부터 나온다.", "나는 밥을 먹었다. 가는 길이 멀다.",
                 "ChatGPT와 2024년 10월 3일 https://a.kr 에서 ㅋㅋㅋ 봤어요!! 漢字 😀 #태그 @사람",
                 "이 가게가 가장 가깝다. 그가 간다. 감기에 걸려 가지고 갔다."]
_morphemes: _Morphemes | None = None


def _morpheme_codes(kiwi) -> "_Morphemes":
    global _morphemes
    if _morphemes is None:
        _morphemes = _Morphemes()
        _morphemes.verify(kiwi)
    return _morphemes


def _pieces(texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    """(document of each chunk, its offset in the document, the chunks) for a batch."""
    chunk_doc: list[int] = []
    chunk_offset: list[int] = []
    pieces: list[str] = []
    for i, text in enumerate(texts):
        for offset, chunk in chunk_text(text):
            chunk_doc.append(i)
            chunk_offset.append(offset)
            pieces.append(chunk)
    return chunk_doc, chunk_offset, pieces


def _columns(n_texts: int, chunk_doc: list[int], chunk_offset: list[int], tokens: list, counts: list[int]) -> Tokens:
    """The flat columns of a batch from Kiwi's tokens of its chunks (``counts``: tokens per chunk)."""
    n = len(tokens)
    # one C-level attribute map per column straight into numpy: no Python code runs per token

    def column(getter, dtype):
        return np.fromiter(map(getter, tokens), dtype, count=n)

    form, tag, form_table, tag_table, shared = _morphemes.encode(tokens, column(_ID, np.int64))
    per_doc = np.bincount(np.array(chunk_doc, np.int64), weights=np.array(counts, np.float64),
                          minlength=n_texts).astype(np.int64) if chunk_doc else np.zeros(n_texts, np.int64)
    start = column(_START, np.int64) + np.repeat(np.array(chunk_offset, np.int64), np.array(counts, np.int64))
    lengths, scores = column(_LEN, np.int64), column(_SCORE, np.float64)
    return Tokens(np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64), form, tag, start,
                  lengths, scores, form_table, tag_table, shared)


def tokenize_batch(texts: list[str]) -> Tokens:
    """Morphemes of every text as flat columns; one Kiwi call for the whole batch."""
    kiwi = get_kiwi()
    _morpheme_codes(kiwi)
    chunk_doc, chunk_offset, pieces = _pieces(texts)
    tokens: list = []
    counts: list[int] = []
    if pieces:
        for chunk_tokens in kiwi.tokenize(pieces):
            tokens += chunk_tokens
            counts.append(len(chunk_tokens))
    return _columns(len(texts), chunk_doc, chunk_offset, tokens, counts)


class _Job:
    """One batch in a ``KiwiStream``: its texts, chunks and tokens so far, and its future."""
    __slots__ = ("texts", "future", "chunk_doc", "chunk_offset", "tokens", "counts")

    def __init__(self, texts: list[str]):
        self.texts, self.future = texts, Future()
        self.tokens: list = []
        self.counts: list[int] = []


class KiwiStream:
    """One ``kiwi.tokenize(iterable)`` call for the life of the process, fed batch after batch.

    ``submit(texts)`` queues a batch and returns a future of ``(Tokens, Kiwi CPU seconds)``. A
    collector thread runs the call: Kiwi's own threads (``threads`` of them, one model) analyse the
    chunks of every queued batch in order, and the collector turns each finished batch into columns
    while Kiwi goes on with the next one. Kiwi releases the GIL while it works, so the thread that
    submitted computes the previous batch's signals meanwhile.

    Kiwi reads a few dozen inputs ahead of the result it returns, so the input generator must not
    block while a batch's last tokens are still to come: when nothing is queued then, it yields an
    empty string (no tokens) every ``IDLE_S``. Each batch ends with one empty input marking its
    end. The CPU a batch is charged is the process's CPU since the previous batch was delivered
    minus that of every other Python thread: Kiwi's threads, chunking and reading the tokens.
    """
    IDLE_S = 0.002

    def __init__(self, threads: int = 1):
        global _kiwi_threads
        if _kiwi is None:
            _kiwi_threads = max(1, threads)
        self.kiwi = get_kiwi()
        _morpheme_codes(self.kiwi)
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._order: deque = deque()  # per input handed to Kiwi, in order: (job or None, last of its batch)
        self._open = 0  # batches handed to Kiwi and not delivered
        self._closed = False
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._collect, name="kiwi-stream", daemon=True)
        self._cpu_mark = self._own_cpu()
        self._thread.start()

    def submit(self, texts: list[str]) -> Future:
        job = _Job(texts)
        if self._failed is not None or self._closed:
            job.future.set_exception(self._failed or RuntimeError("the Kiwi stream is closed"))
            return job.future
        self._inbox.put(job)
        return job.future

    def close(self) -> None:
        """Finish the queued batches and end the Kiwi call."""
        if not self._closed:
            self._closed = True
            self._inbox.put(None)
        self._thread.join()

    def _inputs(self):
        """The chunks of the queued batches, each batch closed by an empty input (runs inside Kiwi's
        call, on the collector thread)."""
        while True:
            try:
                job = self._inbox.get(timeout=self.IDLE_S) if self._open else self._inbox.get()
            except queue.Empty:
                self._order.append((None, False))
                yield ""
                continue
            if job is None:
                return
            job.chunk_doc, job.chunk_offset, pieces = _pieces(job.texts)
            self._open += 1
            for piece in pieces:
                self._order.append((job, False))
                yield piece
            self._order.append((job, True))
            yield ""

    def _collect(self) -> None:
        try:
            for tokens in self.kiwi.tokenize(self._inputs()):
                job, last = self._order.popleft()
                if job is None:
                    continue
                if not last:
                    job.tokens += tokens
                    job.counts.append(len(tokens))
                    continue
                self._open -= 1
                try:
                    columns = _columns(len(job.texts), job.chunk_doc, job.chunk_offset, job.tokens, job.counts)
                except BaseException as error:  # noqa: BLE001 - the batch's caller gets it
                    job.future.set_exception(error)
                    continue
                finally:
                    job.tokens = job.counts = None
                mark = self._own_cpu()
                cpu, self._cpu_mark = mark - self._cpu_mark, mark
                job.future.set_result((columns, max(cpu, 0.0)))
        except BaseException as error:  # noqa: BLE001 - every waiting batch gets it
            self._failed = error
            self._closed = True
            for job, _ in self._order:
                if job is not None and not job.future.done():
                    job.future.set_exception(error)
            while True:
                try:
                    job = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if job is not None and not job.future.done():
                    job.future.set_exception(error)

    def _own_cpu(self) -> float:
        """CPU seconds of this process's threads but the other Python threads (Linux: from
        /proc/self/task; elsewhere the whole process's)."""
        others = {t.native_id for t in threading.enumerate() if t is not self._thread}
        try:
            tasks = os.listdir("/proc/self/task")
        except OSError:
            return time.process_time()
        ticks = 0
        for task in tasks:
            if int(task) in others:
                continue
            try:
                with open(f"/proc/self/task/{task}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:  # ended meanwhile
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / _CLOCK_TICKS


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_stream: KiwiStream | None = None


def start_stream(threads: int) -> KiwiStream:
    """This process's ``KiwiStream`` (created on first call, with ``threads`` Kiwi threads if
    Kiwi is not loaded yet)."""
    global _stream
    if _stream is None:
        _stream = KiwiStream(threads)
    return _stream


def stream() -> KiwiStream | None:
    """This process's ``KiwiStream``, if ``start_stream`` made one."""
    return _stream


def analyse(texts: list[str]) -> list[list[Morph]]:
    """Morphemes of every text as ``Morph`` lists (for the GUI and the tokenizer; signals use
    ``tokenize_batch``)."""
    tokens = tokenize_batch(texts)
    return [tokens.morphs(i) for i in range(len(texts))]

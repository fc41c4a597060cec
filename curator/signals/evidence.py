"""What in a document made a signal high, as character spans: the evidence the app marks.

Each kind reuses the definition its signal counts with (the same regexes, predicates and units),
so what is marked is what was measured: a repeated line is a non-empty line seen earlier in the
document (Gopher's duplicate lines), a repeated n-gram an eojeol 5-gram seen earlier (the
shortest of the duplicate n-gram rules), boilerplate and code lines the lines the line signals
count, spam terms, jamo runs, mojibake runs, HTML tags and invalid characters their matches.
"""

from collections.abc import Iterable

from curator.korean.script import INVALID
from curator.signals.lines import CODE, TAG, is_boilerplate_line
from curator.signals.script import JAMO_RUN, mojibake_runs
from curator.signals.words import EOJEOL_WORD, SPAM_TERMS

KINDS = ("repeated_line", "repeated_ngram", "boilerplate", "code", "markup", "spam", "jamo_run", "mojibake",
         "invalid")
NGRAM = 5

# the signals each kind explains (a failing rule on one of them asks for that kind)
SIGNALS = {
    "repeated_line": ("dup_line_frac", "dup_line_char_frac", "dup_para_frac", "dup_para_char_frac", "char_dup_ratio"),
    "repeated_ngram": tuple(f"top_{n}gram_char_frac" for n in (2, 3, 4)) + tuple(f"dup_{n}gram_char_frac" for n in range(5, 11)),
    "boilerplate": ("boilerplate_line_ratio", "repeated_line_ratio"),
    "code": ("code_line_ratio",),
    "markup": ("markup_char_ratio",),
    "spam": ("spam_term_density",),
    "jamo_run": ("jamo_run_ratio",),
    "mojibake": ("mojibake_ratio",),
    "invalid": ("invalid_chars",),
}


def kinds_for(signals: Iterable[str]) -> list[str]:
    wanted = set(signals)
    return [kind for kind in KINDS if wanted & set(SIGNALS[kind])]


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _repeated_lines(text: str):
    seen: set[str] = set()
    for start, line in _lines(text):
        key = line.strip()
        if key and key in seen:
            yield start, start + len(line)
        seen.add(key)


def _repeated_ngrams(text: str):
    words = list(EOJEOL_WORD.finditer(text))
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - NGRAM + 1):
        key = tuple(w.group() for w in words[i:i + NGRAM])
        if key in seen:
            yield words[i].start(), words[i + NGRAM - 1].end()
        seen.add(key)


def _line_spans(text: str, predicate):
    for start, line in _lines(text):
        if line.strip() and predicate(line):
            yield start, start + len(line)


def _terms(text: str):
    for term in SPAM_TERMS:
        at = text.find(term)
        while at >= 0:
            yield at, at + len(term)
            at = text.find(term, at + len(term))


_FINDERS = {
    "repeated_line": _repeated_lines,
    "repeated_ngram": _repeated_ngrams,
    "boilerplate": lambda text: _line_spans(text, is_boilerplate_line),
    "code": lambda text: _line_spans(text, lambda line: CODE.search(line)),
    "markup": lambda text: (m.span() for m in TAG.finditer(text)),
    "spam": _terms,
    "jamo_run": lambda text: (m.span() for m in JAMO_RUN.finditer(text)),
    "mojibake": lambda text: (m.span() for m in mojibake_runs(text)),
    "invalid": lambda text: (m.span() for m in INVALID.finditer(text)),
}


def _merged(spans) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def evidence(text: str, kinds: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans of ``text`` for each of ``kinds``, overlapping spans of one kind
    merged, in text order."""
    spans = [(start, end, kind) for kind in kinds for start, end in _merged(_FINDERS[kind](text))]
    return sorted(spans)

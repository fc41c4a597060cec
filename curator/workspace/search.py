"""Text search that finds what a Korean curator means, and where in the text it is.

Two modes. ``text``: the query NFC-normalised (a query typed or pasted in NFD finds NFC text, and
every stored text is NFC) and matched case-insensitively, which only matters for Latin letters.
``lemma``: the query's content morphemes (Kiwi; endings, particles and symbols dropped) must occur
in a row, so 삭제하다 finds 삭제합니다 and 삭제했다, and 예쁘다 finds 예뻤다. Kiwi runs only on short
windows around a cheap pre-filter (the first content morpheme's form; for a verb or adjective
stem its first syllable with any final consonant, since irregular stems change it: 돕다 → 도와,
듣다 → 들어), so a lemma search costs a regex scan plus analysis of the candidate windows.
"""

import re
import unicodedata
from collections.abc import Callable

from curator.korean.kiwi_pool import Morph

MODES = ("text", "lemma")
_VARIABLE = ("E", "J", "S")  # endings, particles, symbols: what differs between inflected forms
WINDOW = 40  # characters of context around a pre-filter hit that Kiwi analyses

Analyse = Callable[[list[str]], list[list[Morph]]]


def normalise(needle: str) -> str:
    return unicodedata.normalize("NFC", needle.strip())


def text_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` (NFC) occurs in ``text``, ignoring Latin case."""
    needle = normalise(needle)
    if not needle:
        return []
    return [m.span() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


def lemma_pattern(morphs: list[Morph]) -> list[tuple[str, str]]:
    """The (form, tag) sequence a lemma search looks for: the query's morphemes but its endings,
    particles and symbols."""
    return [(m.form, m.tag) for m in morphs if not m.tag.startswith(_VARIABLE)]


def prefilter(pattern: list[tuple[str, str]]) -> str:
    """A regular expression (RE2 and Python alike) every text holding ``pattern`` matches."""
    form, tag = pattern[0]
    first = form[:1]
    if tag.startswith("V") and "\uac00" <= first <= "\ud7a3":
        base = 0xAC00 + (ord(first) - 0xAC00) // 28 * 28  # the same syllable without a final consonant
        return f"[{chr(base)}-{chr(base + 27)}]"
    return re.escape(form)


def windows(text: str, probe: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` around each match of the ``probe`` regex (merged where they touch)."""
    out: list[tuple[int, int]] = []
    for match in re.finditer(probe, text):
        start, end = max(0, match.start() - WINDOW), min(len(text), match.end() + WINDOW)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def matches(stretches: list[tuple[int, int]], analysed: list[list[Morph]],
            pattern: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Character spans where ``pattern`` occurs in a row, from the analysed stretches of a text."""
    spans = []
    for (offset, _), morphs in zip(stretches, analysed):
        keys = [(m.form, m.tag) for m in morphs]
        for i in range(len(keys) - len(pattern) + 1):
            if keys[i:i + len(pattern)] == pattern:
                last = morphs[i + len(pattern) - 1]
                spans.append((offset + morphs[i].start, offset + last.start + last.length))
    return spans


def lemma_spans(text: str, pattern: list[tuple[str, str]], analyse: Analyse) -> list[tuple[int, int]]:
    """Where the morphemes of ``pattern`` occur in a row in ``text``, as character spans."""
    if not pattern:
        return []
    stretches = windows(text, prefilter(pattern))
    return matches(stretches, analyse([text[a:b] for a, b in stretches]), pattern) if stretches else []

"""Text search that finds what a Korean curator means, and where in the text it is.

Two modes. ``text``: the query NFC-normalised (a query typed or pasted in NFD finds NFC text, and
every stored text is NFC) and matched case-insensitively, which only matters for Latin letters.
``lemma``: the query's content morphemes (Kiwi; endings, particles and symbols dropped) must occur
in a row, so 삭제하다 finds 삭제합니다 and 삭제했다, and 예쁘다 finds 예뻤다. Predicate stems match across
VV/VX/VA and irregular marks (Kiwi tags 만들 in 만드는 VX) and as the start of a compound stem
(도와주 for 돕다); a query ending in 다 is a verb or adjective even where Kiwi reads the bare form
otherwise (보다 as an adverb). Kiwi runs only on short windows around a cheap pre-filter (the first
content morpheme's form; for a verb or adjective stem its first syllable with any final consonant,
since irregular stems change it: 돕다 → 도와, 듣다 → 들어; for a one-syllable open stem any syllable of
its initial consonant, since it contracts: 하 → 했, 쓰 → 썼), so a lemma search costs a regex scan
plus analysis of the candidate windows. tests/test_search.py: 102 of 102 uses of 34 common verbs
and adjectives found.
"""

import re
import unicodedata
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from curator.korean.kiwi_pool import Morph
from curator.workspace.tables import read_part

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


_PREDICATES = ("VV", "VX", "VA")


def tag_class(tag: str) -> str:
    """Tags a lemma search treats as one: Kiwi tags the same stem VV, VX (만들 in 만드는) or VA in
    different contexts, and marks irregular conjugation (-I, -R) only sometimes."""
    base = tag.split("-", 1)[0]
    return "V" if base in _PREDICATES else base


def lemma_pattern(morphs: list[Morph]) -> list[tuple[str, str]]:
    """The (form, tag class) sequence a lemma search looks for: the query's morphemes but its
    endings, particles and symbols."""
    return [(m.form, tag_class(m.tag)) for m in morphs if not m.tag.startswith(_VARIABLE)]


def query_pattern(needle: str, analyse: "Analyse") -> list[tuple[str, str]]:
    """The pattern of a lemma query. A dictionary form (…다) that Kiwi reads without a predicate in
    it (보다 as the adverb "more", 배우다 as 배우 "actor" + 이다) is the predicate whose stem it
    ends with: a curator typing a form ending in 다 means the verb or adjective."""
    needle = normalise(needle)
    morphs = analyse([needle])[0]
    if (len(needle) > 1 and needle.endswith("다") and " " not in needle
            and not any(tag_class(m.tag) == "V" or m.tag.startswith("XS") for m in morphs)):
        return [(needle[:-1], "V")]
    return lemma_pattern(morphs)


def _stem_prefixes(stem: str) -> tuple[str, ...]:
    """How a predicate stem begins a compound stem Kiwi keeps whole (도와주 for 돕 + 아 주,
    만들어지 for 만들 + 어 지): the stem itself, and for a ㅂ-irregular stem its 와/워/우 forms."""
    last = stem[-1:]
    if not ("\uac00" <= last <= "\ud7a3") or (ord(last) - 0xAC00) % 28 != 17:  # final ㅂ
        return (stem,)
    open_syllable = chr(ord(last) - 17)
    vowel = (ord(last) - 0xAC00) // 28 % 21
    joined = "와" if vowel == 8 else "워"  # ㅗ takes 와, the rest 워
    return stem, stem[:-1] + open_syllable + joined, stem[:-1] + open_syllable + "우"


def _same(key: tuple[str, str], want: tuple[str, str], alone: bool) -> bool:
    """A text morpheme ``key`` is the pattern's ``want``; a predicate stem searched on its own also
    matches a compound stem that begins with it."""
    if key == want:
        return True
    form, tag = key
    return (alone and tag == "V" and want[1] == "V" and len(form) > len(want[0])
            and form.startswith(_stem_prefixes(want[0])))


def prefilter(pattern: list[tuple[str, str]]) -> str:
    """A regular expression (RE2 and Python alike) every text holding ``pattern`` matches."""
    form, tag = pattern[0]
    first = form[:1]
    if tag.startswith("V") and "\uac00" <= first <= "\ud7a3":
        if len(form) == 1 and (ord(first) - 0xAC00) % 28 == 0:
            # a one-syllable open stem contracts with its ending: 하 → 했, 오 → 왔, 쓰 → 썼, 주 → 줘:
            # any syllable with the same initial consonant
            block = 0xAC00 + (ord(first) - 0xAC00) // 588 * 588
            return f"[{chr(block)}-{chr(block + 587)}]"
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
        keys = [(m.form, tag_class(m.tag)) for m in morphs]
        alone = len(pattern) == 1
        for i in range(len(keys) - len(pattern) + 1):
            if all(_same(keys[i + j], want, alone) for j, want in enumerate(pattern)):
                last = morphs[i + len(pattern) - 1]
                spans.append((offset + morphs[i].start, offset + last.start + last.length))
    return spans


def lemma_spans(text: str, pattern: list[tuple[str, str]], analyse: Analyse) -> list[tuple[int, int]]:
    """Where the morphemes of ``pattern`` occur in a row in ``text``, as character spans."""
    if not pattern:
        return []
    stretches = windows(text, prefilter(pattern))
    return matches(stretches, analyse([text[a:b] for a, b in stretches]), pattern) if stretches else []


def search_parts(parts: list[str], part_starts: np.ndarray, needle: str, rows: np.ndarray | None = None,
                 cancel=lambda: False, mode: str = "text", analyse: Analyse | None = None) -> np.ndarray:
    """Workspace rows whose text holds ``needle`` (``MODES``: NFC text ignoring Latin case, or the
    query's lemma through ``analyse``), reading the parts' ``text`` one part at a time (the row of
    a part's first document is ``part_starts[i]``); only among ``rows`` when given; ``cancel``
    stops. Plain data in and out, so the app can run it in the process that holds Kiwi."""
    needle = normalise(needle)
    pattern = query_pattern(needle, analyse) if mode == "lemma" and needle else []
    if not needle or (mode == "lemma" and not pattern):
        return np.zeros(0, np.int64)
    wanted = None if rows is None else np.asarray(rows, np.int64)
    found = []
    for index, path in enumerate(parts):
        if cancel():
            break
        text = read_part(path, columns=["text"]).column("text")
        if mode == "text":
            hits = np.flatnonzero(pc.match_substring(text, needle, ignore_case=True).to_numpy(zero_copy_only=False))
        else:
            candidates = np.flatnonzero(pc.match_substring_regex(text, prefilter(pattern))
                                        .to_numpy(zero_copy_only=False))
            if wanted is not None:
                candidates = np.intersect1d(candidates, wanted - part_starts[index])
            hits = _lemma_hits(text, candidates, pattern, analyse, cancel)
        found.append(hits + part_starts[index])
    result = np.concatenate(found) if found else np.zeros(0, np.int64)
    return np.intersect1d(result, wanted) if wanted is not None else result


def _lemma_hits(text: pa.ChunkedArray, candidates: np.ndarray, pattern, analyse, cancel, batch: int = 200) -> np.ndarray:
    """The candidates whose text holds ``pattern``: their windows analysed ``batch`` texts per call."""
    hits = []
    probe = prefilter(pattern)
    for start in range(0, len(candidates), batch):
        if cancel():
            break
        chunk = candidates[start:start + batch]
        texts = text.take(pa.array(chunk)).to_pylist()
        stretches = [windows(t, probe) for t in texts]
        analysed = iter(analyse([t[a:b] for t, s in zip(texts, stretches) for a, b in s]))
        for row, s in zip(chunk, stretches):
            if matches(s, [next(analysed) for _ in s], pattern):
                hits.append(row)
    return np.array(hits, np.int64)

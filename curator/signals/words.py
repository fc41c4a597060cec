"""Word-level signals over Kiwi morphemes: Gopher repetition and quality, and morphology.

"Words" are Kiwi morpheme forms (as datatrove's Korean word tokenizer gives them); symbols and
punctuation morphemes (tags S* except SL/SH/SN) are excluded where Gopher excludes punctuation.
The Gopher n-gram repetition signals are the exception: they run over eojeols (whitespace words,
leading and trailing punctuation stripped), the unit Gopher's thresholds were set on. Over
morphemes a 5-gram spans about two eojeols ("설정 을 바꾸 려면 ..."), so every help page or
law that repeats a short template phrase looked repetitive.
The morphology signals catch what character rules miss: word salad keeps every character
statistic of real Korean but the language-model score of its eojeol-initial morphemes falls, and
machine garbage of random syllables scores near −100.

Everything is computed for a whole batch at once over flat token columns (``Tokens``): forms are
interned to integer ids, per-form and per-tag properties are looked up once, and per-document sums
are ``bincount``s. Only the Gopher duplicate-n-gram scan is sequential by definition, and it visits
only the n-grams that have an earlier occurrence.
"""

import re
from bisect import bisect_left

import numpy as np
import pyarrow as pa

from curator.korean.kiwi_pool import Codes, Tokens
from curator.signals.batch import TextBatch

# FineWeb-2 kor_Hang stopwords (DESIGN.md)
STOPWORDS = frozenset("의 다 이 는 에 을 한 년 하 은 를 했 고 에서 가 있 으로 인 월 로 되".split())
_SYMBOL_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB", "W_EMOJI"})
_HANGUL_TAG_PREFIXES = ("N", "V", "M", "I", "J", "E", "X")
SPAM_TERMS = ("카지노", "바카라", "토토", "먹튀", "안전놀이터", "출장안마", "출장마사지", "슬롯", "홀덤",
              "파워볼", "사다리", "스포츠토토", "메이저사이트", "성인용품", "야동", "조건만남", "비아그라",
              "무료충전", "가입코드", "첫충", "매충", "대출문의", "급전")

TOP_NGRAMS = (2, 3, 4)
DUP_NGRAMS = (5, 6, 7, 8, 9, 10)

COLUMNS = {
    "n_words": pa.int64(), "mean_word_len": pa.float64(), "alpha_word_ratio": pa.float64(),
    "stopword_count": pa.int64(), "hash_ellipsis_ratio": pa.float64(), "newline_word_ratio": pa.float64(),
    **{f"top_{n}gram_char_frac": pa.float64() for n in TOP_NGRAMS},
    **{f"dup_{n}gram_char_frac": pa.float64() for n in DUP_NGRAMS},
    "n_morphs": pa.int64(), "morphs_per_eojeol": pa.float64(), "particle_ratio": pa.float64(),
    "ef_per_sentence": pa.float64(), "unknown_morph_ratio": pa.float64(), "morph_lm_score": pa.float64(),
    "spam_term_density": pa.float64(),
}

_MULT = np.uint64(0x9E3779B97F4A7C15)
SYMBOL, HANGUL, PARTICLE, SENTENCE_END, FINAL_ENDING, UNKNOWN = 1, 2, 4, 8, 16, 32


class _TagFlags(dict):
    """tag → property bits, computed on first sight (Kiwi has ~60 tags plus irregular variants)."""

    def __missing__(self, tag: str) -> int:
        bits = ((SYMBOL if tag in _SYMBOL_TAGS else 0)
                | (HANGUL if tag.startswith(_HANGUL_TAG_PREFIXES) else 0)
                | (PARTICLE if tag.startswith("J") else 0)
                | (SENTENCE_END if tag == "SF" else 0)
                | (FINAL_ENDING if tag == "EF" else 0)
                | (UNKNOWN if tag in ("UN", "SW", "SO") else 0))
        self[tag] = bits
        return bits


_TAG_FLAGS = _TagFlags()
# str.isspace for every code point up to U+3000 (the last whitespace character); above: False
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False])


def _bincount(index: np.ndarray, n: int, weights=None) -> np.ndarray:
    return np.bincount(index, weights=weights, minlength=n)[:n]


def _repeated_runs(positions: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions whose key occurs more than once, grouped by key, ascending within a group,
    and the start index of each group."""
    order = np.argsort(keys)
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]]))
    counts = np.diff(np.concatenate([starts, [len(keys)]]))
    chosen = np.sort(order[np.repeat(counts >= 2, counts)])  # repeats only, in text order
    chosen = chosen[np.argsort(keys[chosen], kind="stable")]
    run_keys = keys[chosen]
    run_starts = np.flatnonzero(np.concatenate([[True], run_keys[1:] != run_keys[:-1]])) if len(chosen) else chosen
    return positions[chosen], run_starts


def _top_chars(doc, gram_chars, runs, run_starts, n, out) -> None:
    """datatrove find_top_duplicate per document: characters of the most frequent n-gram joined
    with spaces, times its count; ties go to the n-gram seen first."""
    first = runs[run_starts]
    count = np.diff(np.concatenate([run_starts, [len(runs)]]))
    run_doc = doc[first]
    best = np.lexsort((first, -count, run_doc))  # per document: highest count, then earliest
    docs, head = np.unique(run_doc[best], return_index=True)
    chosen = best[head]
    out[docs] = (gram_chars[first[chosen]] + n - 1) * count[chosen]


def _dup_chars(doc, gram_chars, runs, run_starts, n, out) -> None:
    """datatrove find_all_duplicate per document: characters in n-grams repeating an earlier one,
    skipping the next n−1 n-grams after a match (skipped n-grams are not remembered).

    Sequential by definition, but only n-grams with an earlier occurrence can match, so only those
    are visited: one counts when it is not skipped and one of its earlier occurrences was not.
    (Skip windows stay inside their document, so one pass serves the whole batch.)
    """
    has_earlier = np.ones(len(runs), bool)
    has_earlier[run_starts] = False  # a run's first occurrence has no earlier one
    later, earlier = runs[has_earlier], runs[np.flatnonzero(has_earlier) - 1]
    order = np.argsort(later)
    later, earlier = later[order].tolist(), earlier[order].tolist()
    counted: list[int] = []
    earlier_of = None
    next_free = -1  # positions before it are inside the last skip window
    for position, occurrence in zip(later, earlier):
        if position < next_free:
            continue
        # the occurrence was skipped if it lies in the window of a counted n-gram before it
        while counted:
            i = bisect_left(counted, occurrence) - 1
            if i < 0 or occurrence - counted[i] >= n:
                break
            earlier_of = earlier_of or dict(zip(later, earlier))
            occurrence = earlier_of.get(occurrence, -1)
            if occurrence < 0:
                break
        if occurrence < 0:
            continue
        counted.append(position)
        next_free = position + n
    np.add.at(out, doc[counted], gram_chars[counted])


def repetition_columns(ids: np.ndarray, doc: np.ndarray, lengths: np.ndarray, n_docs: int,
                       top=TOP_NGRAMS, dup=DUP_NGRAMS) -> dict[tuple[str, int], np.ndarray]:
    """Per ("top", n) and ("dup", n), per document: top-n-gram characters or duplicate-n-gram
    characters, over the batch's words (ids, document, length per word, documents in order).

    N-grams are 64-bit polynomial hashes of word ids and the document, so equal keys mean the same
    n-gram in the same document. An n-gram can repeat only if the (n−1)-grams at its position and
    the next both repeat, so each n looks only at those positions: after n = 2 the sets are small.
    """
    words = ids.astype(np.uint64) + np.uint64(1)
    total = len(ids)
    cumulative = np.concatenate([[0], np.cumsum(lengths)])
    out = {**{("top", n): np.zeros(n_docs, np.int64) for n in top},
           **{("dup", n): np.zeros(n_docs, np.int64) for n in dup}}
    candidates = np.arange(total)
    for n in range(2, max((*top, *dup)) + 1):
        candidates = candidates[candidates <= total - n]
        candidates = candidates[doc[candidates] == doc[candidates + n - 1]]
        if len(candidates) == 0:
            break
        keys = words[candidates]
        for k in range(1, n):
            keys = keys * _MULT + words[candidates + k]
        keys = keys * _MULT + doc[candidates].astype(np.uint64)
        runs, run_starts = _repeated_runs(candidates, keys)
        if len(runs) == 0:
            break
        gram_chars = cumulative[n:] - cumulative[:-n]
        if n in top:
            _top_chars(doc, gram_chars, runs, run_starts, n, out["top", n])
        if n in dup:
            _dup_chars(doc, gram_chars, runs, run_starts, n, out["dup", n])
        repeated = np.zeros(total + 1, bool)
        repeated[runs] = True
        candidates = np.flatnonzero(repeated[:-1] & repeated[1:])
    return out


EOJEOL_WORD = re.compile(r"\w(?:\S*\w)?")  # a whitespace word without its outer punctuation


def eojeol_words(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(word codes, document, length per word, documents) of the batch's eojeols, for
    ``repetition_columns``."""
    codes = Codes()
    words = [EOJEOL_WORD.findall(text) for text in texts]
    flat = [w for doc_words in words for w in doc_words]
    ids = np.fromiter(map(codes.__getitem__, flat), np.int64, count=len(flat))
    doc = np.repeat(np.arange(len(texts)), [len(w) for w in words])
    return ids, doc, np.fromiter(map(len, flat), np.int64, count=len(flat)), len(texts)


def _words_of(words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    ids = np.fromiter(map(Codes().__getitem__, words), np.int64, count=len(words))
    return ids, np.zeros(len(words), np.int64), np.fromiter(map(len, words), np.int64, count=len(words)), 1


def top_ngram_chars(words: list[str], n: int) -> int:
    """Top-n-gram characters of one list of words (``repetition_columns``)."""
    return int(repetition_columns(*_words_of(words), top=(n,), dup=())["top", n][0])


def dup_ngram_chars(words: list[str], n: int) -> int:
    """Duplicate-n-gram characters of one list of words (``repetition_columns``)."""
    return int(repetition_columns(*_words_of(words), top=(), dup=(n,))["dup", n][0])


def _space_before(batch: TextBatch, doc: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(per token: starts an eojeol, i.e. at the document start or after whitespace; per document:
    eojeols, as ``len(text.split())``), from the batch's UTF-32 code points: no per-token call."""
    lengths, offsets, code_points = batch.lengths, batch.offsets, batch.code_points
    space = _IS_SPACE[np.minimum(code_points, 0x3001)]
    before = np.maximum(offsets[doc] + start - 1, 0)
    initial = (start == 0) | space[before] if len(code_points) else np.zeros(len(start), bool)
    # an eojeol begins at a non-space character preceded by whitespace (the "\n" between texts counts)
    begins = ~space & np.concatenate([[True], space[:-1]]) if len(code_points) else np.zeros(0, bool)
    cumulative = np.concatenate([[0], np.cumsum(begins, dtype=np.int64)])
    return initial, cumulative[offsets + lengths] - cumulative[offsets]


def _properties(forms: list[str]) -> np.ndarray:
    """(length, has a letter, is a stopword) per form, as three rows."""
    return np.array([np.fromiter(map(len, forms), np.float64, count=len(forms)),
                     # w.isalpha() settles most morphemes at C speed; the rest need "any letter"
                     np.fromiter((w.isalpha() or any(c.isalpha() for c in w) for w in forms), np.float64, count=len(forms)),
                     np.fromiter((w in STOPWORDS for w in forms), np.float64, count=len(forms))]).reshape(3, len(forms))


_shared_properties = np.zeros((3, 0))  # of the process's append-only form table (Tokens.shared_forms)


def _form_properties(tokens: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    global _shared_properties
    shared = tokens.shared_forms
    if shared > _shared_properties.shape[1]:
        _shared_properties = np.hstack([_shared_properties,
                                        _properties(tokens.form_table[_shared_properties.shape[1]:shared])])
    table = np.hstack([_shared_properties[:, :shared], _properties(tokens.form_table[shared:])])
    return table[0].astype(np.int64), table[1], table[2]


def _flags(tokens: Tokens) -> np.ndarray:
    return np.array([_TAG_FLAGS[t] for t in tokens.tag_table], np.int64)[tokens.tag] if len(tokens.tag) else np.zeros(0, np.int64)


def _token_view(batch: TextBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(per token: document, tag flags, is a Hangul morpheme starting an eojeol; per document:
    eojeols), made once per batch: the word signals and the word-order step both read it."""
    view = batch.shared.get("words.tokens")
    if view is None:
        tokens = batch.tokens
        doc = np.repeat(np.arange(len(batch.texts)), np.diff(tokens.bounds))
        flags = _flags(tokens)
        initial, eojeols = _space_before(batch, doc, tokens.start)
        view = batch.shared["words.tokens"] = (doc, flags, initial & ((flags & HANGUL) != 0), eojeols)
    return view


def initial_scores(batch: TextBatch, limits: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per document: the sum of Kiwi's LM scores of the Hangul morphemes that start an eojeol, and
    their number; with ``limits``, only morphemes starting before that offset of each document.

    Inside an eojeol (noun + particle, stem + ending) the order survives any shuffle, so only the
    transitions between eojeols tell real sentences from word salad."""
    tokens = batch.tokens
    n_docs = len(batch.texts)
    doc, _, chosen, _ = _token_view(batch)
    if limits is not None:
        chosen = chosen & (tokens.start < limits[doc])
    return _bincount(doc[chosen], n_docs, tokens.score[chosen]), _bincount(doc[chosen], n_docs)


def compute(batch: TextBatch) -> dict[str, np.ndarray]:
    """Every word and morphology signal for a batch, as columns aligned with its texts."""
    texts, tokens = batch.texts, batch.tokens
    n_docs = len(texts)
    doc, flags, _, eojeols = _token_view(batch)
    ids = tokens.form
    form_len, form_alpha, form_stop = _form_properties(tokens)

    is_word = (flags & SYMBOL) == 0
    word_ids, word_doc = ids[is_word], doc[is_word]
    word_len = form_len[word_ids]
    n_words = _bincount(word_doc, n_docs)
    n_morphs = _bincount(doc, n_docs)
    n_chars = np.array([max(1, len(t)) for t in texts], np.float64)
    n_eojeol = np.maximum(eojeols, 1).astype(np.float64)
    safe_words = np.maximum(n_words, 1)
    cols: dict[str, np.ndarray] = {
        "n_words": n_words,
        "mean_word_len": np.where(n_words > 0, _bincount(word_doc, n_docs, word_len.astype(np.float64)) / safe_words, 0.0),
        "alpha_word_ratio": np.where(n_morphs > 0, _bincount(doc, n_docs, form_alpha[ids]) / np.maximum(n_morphs, 1), 0.0),
        "stopword_count": _bincount(word_doc, n_docs, form_stop[word_ids]).astype(np.int64),
        "hash_ellipsis_ratio": np.array([t.count("#") + t.count("...") + t.count("…") for t in texts], np.float64) / safe_words,
        # line breaks between non-empty lines: blank lines of double-spaced text are layout
        "newline_word_ratio": np.array([max(0, sum(1 for l in lines if l.strip()) - 1) for lines in batch.lines],
                                       np.float64) / safe_words,
    }
    for (kind, n), chars in repetition_columns(*eojeol_words(texts)).items():
        cols[f"{kind}_{n}gram_char_frac"] = chars / n_chars

    hangul = (flags & HANGUL) != 0
    n_hangul = _bincount(doc[hangul], n_docs)
    sentences = _bincount(doc[(flags & SENTENCE_END) != 0], n_docs)
    sentences = np.where(sentences > 0, sentences, (n_hangul > 0).astype(np.int64))
    initial_sum, n_initial = initial_scores(batch)
    cols.update({
        "n_morphs": n_morphs,
        "morphs_per_eojeol": n_morphs / n_eojeol,
        "particle_ratio": np.where(n_hangul > 0, _bincount(doc[hangul & ((flags & PARTICLE) != 0)], n_docs)
                                   / np.maximum(n_hangul, 1), 0.0),
        "ef_per_sentence": np.where(sentences > 0, _bincount(doc[(flags & FINAL_ENDING) != 0], n_docs)
                                    / np.maximum(sentences, 1), 0.0),
        "unknown_morph_ratio": np.where(n_morphs > 0, _bincount(doc[(flags & UNKNOWN) != 0], n_docs)
                                        / np.maximum(n_morphs, 1), 0.0),
        # Mean Kiwi LM score of the Hangul morphemes that start an eojeol (``initial_scores``). It
        # ranks word salad low but also rare vocabulary (help pages: median −8.3), so it catches
        # machine garbage (≈ −100); word salad is the ``order`` step's signal.
        "morph_lm_score": np.where(n_initial > 0, initial_sum / np.maximum(n_initial, 1), 0.0),
        "spam_term_density": np.array([sum(t.count(term) for term in SPAM_TERMS) for t in texts], np.float64) / n_eojeol,
    })
    return cols

"""Word order: how much better a document's own eojeol order scores than the same eojeols shuffled.

Word salad (eojeols shuffled, or drawn from a vocabulary) keeps every character and morpheme
statistic of real Korean, and its mean LM score overlaps real text of rare vocabulary (help pages,
manuals). What salad lacks is order: shuffling real prose lowers Kiwi's LM score of the
eojeol-initial morphemes by 1-5 points, shuffling salad again changes it by about nothing. So the
signal is (score in the document's order) − (score of the same eojeols, same lines, shuffled),
over the first ``WINDOW`` eojeols, the shuffled score averaged over ``SHUFFLES`` shuffles (one more
Kiwi call on at most that much text twice; two shuffles instead of one widen the gap between the
clean reference's 0.5 % quantile and the labelled salad's maximum from −0.85 to −0.1 points).
Each shuffle is seeded by the window's text, so the value is reproducible. Fewer than
``MIN_INITIALS`` scored morphemes: no value (NaN never fails a rule).

The second Kiwi pass is the cost (on 1.5 KB documents it more than doubled Kiwi's work), so it
runs only where the order is in doubt: a document whose own ``morph_lm_score`` is at least
``FLUENT`` gets no value. Salad scores low on that signal (shuffled transitions are improbable):
the highest seen was −8.04 (the 709 reference pages shuffled) and −9.39 (400 bench documents
shuffled), so −7 leaves a point of margin, while fluent prose mostly scores above it (88 % of the
bench corpus; technical help pages only 10 %, and those are the ones that need the check).
"""

import random
import re
import zlib

import numpy as np
import pyarrow as pa

from curator.signals import words
from curator.signals.batch import TextBatch

WINDOW = 250
SHUFFLES = 2
FLUENT = -7.0
MIN_INITIALS = 8
COLUMNS = {"order_gain": pa.float64()}
_EOJEOL = re.compile(r"\S+")


def shuffled_window(text: str, shuffle: int = 0) -> tuple[str, int]:
    """(the first ``WINDOW`` eojeols shuffled (the ``shuffle``-th way), in the text's line layout;
    where the window ends)."""
    lines: list[list[str]] = []
    end = count = 0
    for match in _EOJEOL.finditer(text):
        if not lines or "\n" in text[end:match.start()]:
            lines.append([])
        lines[-1].append(match.group())
        end, count = match.end(), count + 1
        if count >= WINDOW:
            break
    flat = [word for line in lines for word in line]
    random.Random(zlib.crc32(text[:end].encode("utf-8")) + shuffle).shuffle(flat)
    out, i = [], 0
    for line in lines:
        out.append(" ".join(flat[i:i + len(line)]))
        i += len(line)
    return "\n".join(out), end


def compute(batch: TextBatch) -> dict[str, np.ndarray]:
    whole_sum, whole_n = words.initial_scores(batch)
    doubtful = np.flatnonzero((whole_n >= MIN_INITIALS) & (whole_sum < FLUENT * np.maximum(whole_n, 1)))
    gain = np.full(len(batch.texts), np.nan)
    if len(doubtful) == 0:
        return {"order_gain": gain}
    windows = [[shuffled_window(batch.texts[i], k) for k in range(SHUFFLES)] for i in doubtful]
    ends = np.zeros(len(batch.texts), np.int64)
    ends[doubtful] = [w[0][1] for w in windows]
    own_sum, own_n = (a[doubtful] for a in words.initial_scores(batch, ends))
    shuffled = TextBatch([text for w in windows for text, _ in w])
    other_sum, other_n = (a.reshape(-1, SHUFFLES) for a in words.initial_scores(shuffled))
    batch.kiwi_cpu += shuffled.kiwi_cpu
    valid = (own_n >= MIN_INITIALS) & (other_n.min(axis=1) >= MIN_INITIALS)
    other = (other_sum / np.maximum(other_n, 1)).mean(axis=1)
    gain[doubtful] = np.where(valid, own_sum / np.maximum(own_n, 1) - other, np.nan)
    return {"order_gain": gain}

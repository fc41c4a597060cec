"""The benchmark index and the matcher.

Index: every checked item's distinct character n-grams (ngrams.py over normalize.py's form), as a
sorted uint64 array with the owning item and the n-gram's position in the item, plus a bit filter
(2^k bits, ~16 per n-gram) that turns away almost every n-gram of a clean document with one memory
read, before the binary search. Memory: 14 bytes per distinct item n-gram plus the filter (see
``memory_bytes``; README gives the figure per million items).

Match: a document holds an item when the item's characters covered by n-grams found in the
document reach a share (``coverage``). A share, not "any n-gram", because a short item shares its
few n-grams with ordinary sentences (a 10-character answer such as "대한민국의 수도는 서울" is a phrase
many pages use); items shorter than ``min_item_chars`` normalised characters are not checked at all
(counted as too short). Where it matched: runs of found n-grams in the document, as spans of the
original text.
"""

from dataclasses import dataclass, field

import numpy as np

from curator.decontam.ngrams import ngram_hashes
from curator.decontam.normalize import normalise


BUILD_ITEMS = 20_000  # items normalised and hashed at once while building


@dataclass(frozen=True)
class MatchSettings:
    """``n``: characters per n-gram of the normalised text; ``min_item_chars``: shorter items are
    not checked; ``min_share``: the share of an item's characters found that marks a document (the
    rule removes a document whose best share is above it); ``record_share``: pairs found at this
    share or more are recorded (and shown in the app) even when under ``min_share``;
    ``ref_chars``: an item shorter than this counts as if it were this long (the share is the
    characters found over max(item length, ref_chars)), the rarity weight: a short item's few
    characters are a phrase many pages share, a long item's are not."""

    # measured (README "Benchmark decontamination", bench/decontam_eval.py --sweep): n 15 keeps
    # common Korean phrases of up to 14 characters ("대한민국제21대국회의원선거") from matching
    n: int = 15
    min_item_chars: int = 15
    min_share: float = 0.4
    record_share: float = 0.2
    ref_chars: int = 30

    def as_dict(self) -> dict:
        return {"unit": "character", "n": self.n, "min_item_chars": self.min_item_chars,
                "min_share": self.min_share, "record_share": self.record_share, "ref_chars": self.ref_chars}


@dataclass
class Match:
    doc: int  # index of the text in the batch given to ``match``
    item: int  # index of the item in the list the index was built from
    share: float  # share of the item's normalised characters found in the document
    spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in the document's text


class BenchmarkIndex:
    def __init__(self, items: list[str], settings: MatchSettings = MatchSettings()):
        self.settings = settings
        n = settings.n
        chars, all_hashes, all_owners, all_pos = [], [], [], []
        for first_item in range(0, len(items), BUILD_ITEMS):  # in slices: the build's peak memory stays small
            norm = normalise(items[first_item:first_item + BUILD_ITEMS], nfc=True)
            lengths = np.diff(norm.starts).astype(np.int64)
            chars.append(lengths)
            hashes, pos = ngram_hashes(norm.values, norm.doc, n)
            owner = norm.doc[pos].astype(np.int64)
            item_pos = pos - norm.starts[owner]
            keep = lengths[owner] >= max(settings.min_item_chars, n)
            hashes, owner, item_pos = hashes[keep], owner[keep], item_pos[keep]
            # one entry per (item, n-gram): its first position in the item
            order = np.lexsort((item_pos, hashes, owner))
            hashes, owner, item_pos = hashes[order], owner[order], item_pos[order]
            first = np.ones(len(order), dtype=bool)
            first[1:] = (owner[1:] != owner[:-1]) | (hashes[1:] != hashes[:-1])
            all_hashes.append(hashes[first])
            all_owners.append((owner[first] + first_item).astype(np.uint32))
            all_pos.append(item_pos[first].astype(np.uint32))
        self.item_chars = np.concatenate(chars) if chars else np.zeros(0, np.int64)
        self.checked = self.item_chars >= max(settings.min_item_chars, n)
        hashes = np.concatenate(all_hashes) if all_hashes else np.zeros(0, np.uint64)
        order = np.argsort(hashes, kind="stable")  # sorted by hash, for the binary search
        self.hashes = hashes[order]
        del hashes
        self.owner = np.concatenate(all_owners)[order] if all_owners else np.zeros(0, np.uint32)
        positions = np.concatenate(all_pos)[order] if all_pos else np.zeros(0, np.uint32)
        self.item_pos = positions.astype(np.uint16) if self.item_chars.max(initial=0) < 65536 else positions
        # a two-probe Bloom filter over the hash's top and middle bits: ~1 % of a clean text's
        # n-grams get through to the binary search at 32 bits per n-gram
        self.bits = int(np.clip(np.ceil(np.log2(max(len(self.hashes), 1) * 32)), 20, 32))
        self.filter = np.zeros(1 << (self.bits - 3), dtype=np.uint8)
        for start in range(0, len(self.hashes), 1 << 20):
            for slots in self._slots(self.hashes[start:start + (1 << 20)]):
                np.bitwise_or.at(self.filter, (slots >> np.uint64(3)).astype(np.int64),
                                 (np.uint8(1) << (slots & np.uint64(7)).astype(np.uint8)))

    def _slots(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The two filter positions of each hash (top bits; bits from the middle)."""
        mask = np.uint64((1 << self.bits) - 1)
        return hashes >> np.uint64(64 - self.bits), (hashes >> np.uint64(16)) & mask

    # what it holds ----------------------------------------------------------------------------
    @property
    def items_checked(self) -> int:
        return int(self.checked.sum())

    @property
    def items_too_short(self) -> int:
        return int((~self.checked).sum())

    @property
    def ngrams(self) -> int:
        return len(self.hashes)

    def memory_bytes(self) -> int:
        return int(self.hashes.nbytes + self.owner.nbytes + self.item_pos.nbytes + self.filter.nbytes
                   + self.item_chars.nbytes + self.checked.nbytes)

    # matching ---------------------------------------------------------------------------------
    def _candidates(self, hashes: np.ndarray) -> np.ndarray:
        """Positions of ``hashes`` that both probes of the filter let through (then searched)."""
        first, second = self._slots(hashes)
        byte = self.filter[(first >> np.uint64(3)).astype(np.int64)]
        passed = np.flatnonzero((byte >> (first & np.uint64(7)).astype(np.uint8)) & np.uint8(1))
        second = second[passed]
        byte = self.filter[(second >> np.uint64(3)).astype(np.int64)]
        return passed[((byte >> (second & np.uint64(7)).astype(np.uint8)) & np.uint8(1)).astype(bool)]

    def best_shares(self, matches: list[Match], n_texts: int) -> np.ndarray:
        """Per text, the largest share of any item found in it (0.0 when none was recorded)."""
        best = np.zeros(n_texts, dtype=np.float64)
        for m in matches:
            best[m.doc] = max(best[m.doc], m.share)
        return best

    def match(self, texts: list[str], record_share: float | None = None) -> list[Match]:
        """Every (text, item) pair of ``texts`` whose share reaches ``record_share`` (default the
        settings'), with the spans of the text where the item's n-grams were found."""
        n = self.settings.n
        floor = self.settings.record_share if record_share is None else record_share
        norm = normalise(texts)
        hashes, pos = ngram_hashes(norm.values, norm.doc, n)
        if len(self.hashes) == 0 or len(hashes) == 0:
            return []
        cand = self._candidates(hashes)
        found_hashes, found_pos = hashes[cand], pos[cand]
        left = np.searchsorted(self.hashes, found_hashes, side="left")
        right = np.searchsorted(self.hashes, found_hashes, side="right")
        counts = right - left
        if not counts.any():
            return []
        # one row per (document n-gram, index entry) with that hash
        rows = np.repeat(np.arange(len(counts)), counts)
        entry = left[rows] + (np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts))
        doc_pos = found_pos[rows]
        doc = norm.doc[doc_pos].astype(np.int64)
        item = self.owner[entry].astype(np.int64)
        item_pos = self.item_pos[entry].astype(np.int64)
        # coverage of each (doc, item): union of the found n-grams' [pos, pos + n) in the item
        order = np.lexsort((item_pos, item, doc))
        doc, item, item_pos, doc_pos = doc[order], item[order], item_pos[order], doc_pos[order]
        same_group = np.zeros(len(doc), dtype=bool)
        same_group[1:] = (doc[1:] == doc[:-1]) & (item[1:] == item[:-1])
        group_start = np.flatnonzero(~same_group)
        nxt = np.full(len(doc), n, dtype=np.int64)
        following_same = np.append(same_group[1:], False)
        nxt[following_same] = np.minimum(item_pos[1:][following_same[:-1]] - item_pos[:-1][following_same[:-1]], n)
        covered = np.add.reduceat(nxt, group_start)
        g_doc, g_item = doc[group_start], item[group_start]
        share = np.minimum(covered / np.maximum(self.item_chars[g_item], self.settings.ref_chars), 1.0)
        recorded = np.flatnonzero(share >= floor)
        if len(recorded) == 0:
            return []
        # spans, for every recorded pair at once: its found n-grams in document order, runs of
        # starts within n of each other, each run [first start, last start + n) in the text
        group_of = np.cumsum(~same_group) - 1
        wanted = np.zeros(len(group_start), dtype=bool)
        wanted[recorded] = True
        rows = np.flatnonzero(wanted[group_of])
        g, p = group_of[rows], doc_pos[rows]
        order = np.lexsort((p, g))
        g, p = g[order], p[order]
        new_run = np.ones(len(g), dtype=bool)
        new_run[1:] = (g[1:] != g[:-1]) | (p[1:] - p[:-1] > n)
        run_first = np.flatnonzero(new_run)
        run_last = np.append(run_first[1:] - 1, len(g) - 1)
        run_group = g[run_first]
        starts = norm.origin[p[run_first]].tolist()
        ends = (norm.origin[p[run_last] + n - 1] + 1).tolist()
        bounds = np.searchsorted(run_group, recorded, side="left").tolist() + [len(run_group)]
        out = []
        for k, grp in enumerate(recorded.tolist()):
            spans = list(zip(starts[bounds[k]:bounds[k + 1]], ends[bounds[k]:bounds[k + 1]]))
            out.append(Match(int(g_doc[grp]), int(g_item[grp]), float(share[grp]), spans))
        return out

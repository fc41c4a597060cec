"""Near-duplicate clusters: LSH banding over MinHash signatures, candidates confirmed by estimated
Jaccard, components by vectorized union-find (label propagation with pointer jumping).

Per band, documents whose band key collides form a group; each member is paired with the group's
first member (a star) and with its predecessor (a chain), so a long shared template that puts one
unrelated document in a group cannot pair everything with it. A pair is joined only when the
signatures agree on at least ``threshold`` of their hashes (the estimated Jaccard). Pairs already
in one component are not checked again, so later bands cost little. Memory: the signatures
(num_perm × 4 bytes per document, usually a memory map), one band's keys and pairs, and a label
per document.
"""

from dataclasses import dataclass

import numpy as np

from curator.dedup.minhash import EMPTY, mix


@dataclass
class Clusters:
    labels: np.ndarray  # per document: the smallest row index of its component (itself if alone)
    pairs: np.ndarray   # confirmed pairs (n, 2) int64, first < second
    similarity: np.ndarray  # estimated Jaccard of each pair (exact duplicates: 1.0)
    exact: np.ndarray   # bool per pair: joined because the normalized texts are identical

    def sizes(self) -> np.ndarray:
        return np.bincount(self.labels, minlength=len(self.labels))

    def in_cluster(self) -> np.ndarray:
        return self.sizes()[self.labels] >= 2


def band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per document for band ``band`` (hash of its ``rows`` signature values)."""
    key = np.full(len(signatures), np.uint64(band + 1), dtype=np.uint64)
    for r in range(band * rows, (band + 1) * rows):
        key = mix(key ^ signatures[:, r].astype(np.uint64))  # mixes the fresh xor in place
    return key


def _groups_pairs(keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Star + chain pairs of documents with equal keys (rows sorted, first < second)."""
    index = np.flatnonzero(valid)
    order = index[np.argsort(keys[index], kind="stable")]  # stable: members in row order
    sorted_keys = keys[order]
    same_as_prev = np.zeros(len(order), dtype=bool)
    same_as_prev[1:] = sorted_keys[1:] == sorted_keys[:-1]
    if not same_as_prev.any():
        return np.zeros((0, 2), dtype=np.int64)
    group_start = np.maximum.accumulate(np.where(~same_as_prev, np.arange(len(order)), 0))
    members = np.flatnonzero(same_as_prev)
    star = np.stack([order[group_start[members]], order[members]], axis=1)
    chain = np.stack([order[members - 1], order[members]], axis=1)
    chain = chain[group_start[members] != members - 1]  # the first chain link equals the star pair
    return np.concatenate([star, chain])


def _propagate(labels: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Union the pairs into ``labels`` (each component labelled by its smallest row)."""
    if len(pairs) == 0:
        return labels
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        la, lb = labels[a], labels[b]
        low = np.minimum(la, lb)
        changed = la != lb
        if not changed.any():
            return labels
        np.minimum.at(labels, la[changed], low[changed])  # roots point to the smaller root
        np.minimum.at(labels, lb[changed], low[changed])
        while True:  # pointer jumping until every label is a root
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped


def _similarity(signatures: np.ndarray, pairs: np.ndarray, chunk: int = 65536) -> np.ndarray:
    out = np.empty(len(pairs), dtype=np.float32)
    for lo in range(0, len(pairs), chunk):
        p = pairs[lo:lo + chunk]
        out[lo:lo + chunk] = (signatures[p[:, 0]] == signatures[p[:, 1]]).mean(axis=1)
    return out


def find_clusters(signatures: np.ndarray, text_hashes: np.ndarray, bands: int, rows: int,
                  threshold: float) -> Clusters:
    n = len(signatures)
    labels = np.arange(n, dtype=np.int64)
    pair_list, sim_list, exact_list = [], [], []
    # exact duplicates: equal normalized-text hashes
    exact_pairs = _groups_pairs(text_hashes.astype(np.uint64), np.ones(n, dtype=bool))
    if len(exact_pairs):
        labels = _propagate(labels, exact_pairs)
        pair_list.append(exact_pairs)
        sim_list.append(np.ones(len(exact_pairs), dtype=np.float32))
        exact_list.append(np.ones(len(exact_pairs), dtype=bool))
    valid = signatures[:, 0] != EMPTY if n else np.zeros(0, dtype=bool)  # documents with words
    for band in range(bands):
        pairs = _groups_pairs(band_keys(signatures, band, rows), valid)
        if len(pairs) == 0:
            continue
        pairs = pairs[labels[pairs[:, 0]] != labels[pairs[:, 1]]]
        if len(pairs) == 0:
            continue
        keys = np.unique(pairs[:, 0] * np.int64(n) + pairs[:, 1])  # sorted, distinct
        pairs = np.stack([keys // n, keys % n], axis=1)
        sims = _similarity(signatures, pairs)
        keep = sims >= threshold
        if keep.any():
            labels = _propagate(labels, pairs[keep])
            pair_list.append(pairs[keep])
            sim_list.append(sims[keep])
            exact_list.append(np.zeros(int(keep.sum()), dtype=bool))
    if pair_list:
        pairs = np.concatenate(pair_list)
        return Clusters(labels, np.sort(pairs, axis=1), np.concatenate(sim_list), np.concatenate(exact_list))
    return Clusters(labels, np.zeros((0, 2), np.int64), np.zeros(0, np.float32), np.zeros(0, bool))

"""Dedup in the workspace: per-batch hashes in the workers, global clusters in the driver, and the
representative of each cluster chosen lazily with the verdict (it depends on the thresholds).

Stored per document: ``text_hash`` (normalized text), ``minhash`` (signature), ``dup_cluster`` (id
of the cluster's first member in input order; null for singletons) and ``dup_reason``
(``dedup:exact``/``dedup:near`` for the non-representative members). ``WS/dedup/pairs.parquet``
keeps every confirmed pair with its estimated Jaccard so the GUI can show a cluster side by side.
"""

import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.dedup.lsh import Clusters, find_clusters
from curator.dedup.minhash import MinHasher, text_hashes

MINHASH_TYPE = pa.list_(pa.uint32())
EXACT, NEAR = "dedup:exact", "dedup:near"
_HASHERS: dict[tuple, MinHasher] = {}


def dedup_settings(config: dict) -> dict:
    return config.get("dedup", {})


def hasher(config: dict) -> MinHasher:
    d = dedup_settings(config)
    key = (d.get("num_perm", 128), d.get("shingle_words", 5), d.get("seed", 1))
    if key not in _HASHERS:
        _HASHERS[key] = MinHasher(*key)
    return _HASHERS[key]


def dedup_columns(texts: list[str], config: dict) -> dict[str, pa.Array]:
    """The worker-side part: ``text_hash`` and ``minhash`` for a batch (final texts)."""
    signatures = hasher(config).signatures(pa.array(texts, pa.string()))
    flat = pa.array(signatures.reshape(-1), pa.uint32())
    offsets = pa.array(np.arange(0, signatures.size + 1, signatures.shape[1], dtype=np.int32))
    return {"text_hash": pa.array(text_hashes(texts), pa.int64()),
            "minhash": pa.ListArray.from_arrays(offsets, flat)}


def read_signatures(part_paths: list[str], num_perm: int, out_path: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Signatures of all parts into a memory map at ``out_path``; also text hashes and ids."""
    total = sum(pq.ParquetFile(p).metadata.num_rows for p in part_paths)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    signatures = np.lib.format.open_memmap(out_path, mode="w+", dtype=np.uint32, shape=(total, num_perm))
    hashes = np.empty(total, dtype=np.int64)
    ids: list[str] = []
    row = 0
    for path in part_paths:
        table = pq.read_table(path, columns=["id", "text_hash", "minhash"])
        n = table.num_rows
        values = table.column("minhash").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        signatures[row:row + n] = values.reshape(n, num_perm)
        hashes[row:row + n] = table.column("text_hash").to_numpy(zero_copy_only=False)
        ids.extend(table.column("id").to_pylist())
        row += n
    signatures.flush()
    return signatures, hashes, ids


def cluster_workspace(ws, config: dict) -> tuple[Clusters, list[str]]:
    """Global near-duplicate clustering over every document of the workspace."""
    d = dedup_settings(config)
    num_perm = d.get("num_perm", 128)
    signatures, hashes, ids = read_signatures(ws.part_paths(), num_perm, os.path.join(ws.dedup_dir, "signatures.npy"))
    clusters = find_clusters(signatures, hashes, d.get("bands", 25), d.get("rows", 5), d.get("threshold", 0.7))
    write_pairs(clusters, ids, os.path.join(ws.dedup_dir, "pairs.parquet"))
    return clusters, ids


def cluster_ids(clusters: Clusters, ids: list[str]) -> pa.Array:
    """``dup_cluster`` per document: the id of its cluster's first member, null when alone."""
    in_cluster = clusters.in_cluster()
    labels = clusters.labels
    first_ids = pa.array(ids, pa.string()).take(pa.array(labels))
    return pa.compute.if_else(pa.array(in_cluster), first_ids, pa.nulls(len(ids), pa.string()))


def write_pairs(clusters: Clusters, ids: list[str], path: str) -> None:
    id_array = pa.array(ids, pa.string())
    a, b = clusters.pairs[:, 0], clusters.pairs[:, 1]
    table = pa.table({
        "cluster": id_array.take(pa.array(clusters.labels[a])),
        "a": id_array.take(pa.array(a)), "b": id_array.take(pa.array(b)),
        "similarity": pa.array(clusters.similarity, pa.float32()),
        "exact": pa.array(clusters.exact, pa.bool_()),
    })
    pq.write_table(table, path, compression="zstd")


def dedup_reasons(cluster: np.ndarray, other_fail: np.ndarray, n_chars: np.ndarray,
                  text_hash: np.ndarray) -> np.ndarray:
    """Per row: 0 (not removed by dedup), 1 (``dedup:exact``) or 2 (``dedup:near``).

    ``cluster`` is a small integer per row (-1: singleton). The representative of each cluster is
    the member no other rule removes, then the longest, then the first in input order (SPEC.md);
    a member whose normalized text equals that of a member preferred before it is an exact
    duplicate, any other non-representative a near duplicate.
    """
    codes = np.zeros(len(cluster), dtype=np.int8)
    members = np.flatnonzero(cluster >= 0)
    if len(members) == 0:
        return codes
    order = members[np.lexsort((members, -n_chars[members], other_fail[members], cluster[members]))]
    group = cluster[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    others = order[~first]
    # an exact copy of a member preferred before it (same cluster and normalized text) is
    # "exact"; every other non-representative member is "near"
    keys = np.stack([cluster[order], text_hash[order]], axis=1)
    _, first_of_text = np.unique(keys, axis=0, return_index=True)
    copy = np.ones(len(order), dtype=bool)
    copy[first_of_text] = False
    codes[others] = np.where(copy[~first], 1, 2)
    return codes

"""Dedup in the workspace: per-batch hashes in the workers, global clusters in the driver, and the
representative of each cluster chosen lazily with the verdict (it depends on the thresholds).

The functions here take arrays (signatures, ids, hashes, line hashes) and return arrays: reading
them from a workspace and writing what they return is workspace/tables.py's and reapply.py's.

Stored per document: ``text_hash`` (normalized text), ``minhash`` (signature), ``dup_cluster`` (id
of the cluster's first member in input order; null for singletons) and ``dup_reason``
(``dedup:exact``/``dedup:near`` for the non-representative members). ``WS/dedup/pairs.parquet``
keeps every confirmed pair with its estimated Jaccard so the GUI can show a cluster side by side.

Repeated lines: every line's hash (``line_hashes``) is counted corpus-wide, once per distinct text;
``repeated_line_ratio`` is the share of a document's lines found in at least ``lines_min_docs``
texts (menus, footers, bylines); with ``strip_repeated_lines`` they are removed from the text and
recorded in ``stripped_lines``.
"""

import hashlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from curator.config import Config, DedupSettings
from curator.dedup.lsh import Clusters, find_clusters
from curator.dedup.minhash import MinHasher, text_hashes
from curator.korean.pii import find_pii

MINHASH_TYPE = pa.list_(pa.uint32())
LINE_HASHES_TYPE = pa.list_(pa.int64())
HASH_FIELDS = [  # what ``dedup_columns`` adds to every document row
    pa.field("text_hash", pa.int64()),           # normalized text: equal ⇔ exact duplicates
    pa.field("minhash", MINHASH_TYPE),           # MinHash signature over word 5-gram shingles
    pa.field("line_hashes", LINE_HASHES_TYPE),   # per line of text (0: too short to count)
]
MIN_LINE_CHARS = 5
EXACT, NEAR = "dedup:exact", "dedup:near"
_HASHERS: dict[tuple, MinHasher] = {}
HASHING_SETTINGS = ("num_perm", "shingle_words", "seed")  # the dedup settings a stored signature depends on


def dedup_settings(config: dict) -> DedupSettings:
    """The typed ``dedup`` section of a stored config (defaults for what it leaves out): the
    functions below take it, parsed once by their caller. Only this section is parsed, so the
    config of a workspace made by an older version is read whatever its other sections hold."""
    return Config.parse({"dedup": config.get("dedup", {})}).dedup


def hasher(d: DedupSettings) -> MinHasher:
    key = tuple(getattr(d, k) for k in HASHING_SETTINGS)
    if key not in _HASHERS:
        _HASHERS[key] = MinHasher(*key)
    return _HASHERS[key]


def dedup_columns(texts: list[str], d: DedupSettings, lines: list[list[str]] | None = None) -> dict[str, pa.Array]:
    """The worker-side part: ``text_hash``, ``minhash`` and ``line_hashes`` for a batch (final
    texts; ``lines``: each text's ``split("\n")`` when already made)."""
    signatures = hasher(d).signatures(pa.array(texts, pa.string()))
    flat = pa.array(signatures.reshape(-1), pa.uint32())
    offsets = pa.array(np.arange(0, signatures.size + 1, signatures.shape[1], dtype=np.int32))
    lines = lines if lines is not None else [t.split("\n") for t in texts]
    return {"text_hash": pa.array(text_hashes(texts), pa.int64()),
            "minhash": pa.ListArray.from_arrays(offsets, flat),
            "line_hashes": pa.array([line_hashes(t, ls) for t, ls in zip(texts, lines)], LINE_HASHES_TYPE)}


def normalize_line(line: str) -> str:
    return " ".join(line.split())


def line_hashes(text: str, lines: list[str] | None = None) -> list[int]:
    """One hash per line of ``text`` (aligned with ``text.split("\n")``, which ``lines`` may
    give); 0 for a line too short to count (fewer than ``MIN_LINE_CHARS`` characters once
    whitespace is collapsed)."""
    out = []
    for line in (lines if lines is not None else text.split("\n")):
        line = normalize_line(line)
        if len(line) < MIN_LINE_CHARS:
            out.append(0)
        else:
            out.append(int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "big",
                                      signed=True) or 1)
    return out


def repeated_lines(lines_column: pa.ChunkedArray, text_hash: np.ndarray, min_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """(sorted hashes of lines found in ≥ ``min_docs`` distinct texts, per-row share of such lines).

    ``lines_column`` (the ``line_hashes`` column) and ``text_hash``: every document's, in
    workspace order (the column in any chunking, e.g. a chunk per part as read). Exact duplicate documents count once, so copies of
    one page do not make its lines "frequent". The column is read once and walked twice (a global
    count sits between the passes); memory: the column (8 bytes per line of the corpus, 4 per
    document), and 8 bytes per counted line while counting.
    """
    _, first = np.unique(text_hash, return_index=True)
    counted = np.zeros(len(text_hash), dtype=bool)
    counted[first] = True
    chunks, row = [], 0
    for column in lines_column.chunks:
        n = len(column)
        lengths = pc.fill_null(pc.list_value_length(column), 0).to_numpy(zero_copy_only=False)
        values = column.flatten().to_numpy(zero_copy_only=False)
        owner = np.repeat(np.arange(n), lengths)
        keep = counted[row:row + n][owner] & (values != 0)
        pairs = np.unique(np.stack([owner[keep], values[keep]], axis=1), axis=0)  # once per document
        chunks.append(pairs[:, 1])
        row += n
    all_lines = np.concatenate(chunks) if chunks else np.zeros(0, np.int64)
    hashes, counts = np.unique(all_lines, return_counts=True)
    frequent = hashes[counts >= min_docs]
    del all_lines, chunks
    ratios = []
    for column in lines_column.chunks:
        lengths = pc.fill_null(pc.list_value_length(column), 0).to_numpy(zero_copy_only=False)
        values = column.flatten().to_numpy(zero_copy_only=False)
        owner = np.repeat(np.arange(len(column)), lengths)
        real = values != 0
        hits = np.bincount(owner[real & np.isin(values, frequent)], minlength=len(column))
        lines = np.bincount(owner[real], minlength=len(column))
        ratios.append(np.divide(hits, lines, out=np.zeros(len(column)), where=lines > 0))
    return frequent, (np.concatenate(ratios) if ratios else np.zeros(0))


def strip_lines(table: pa.Table, frequent: np.ndarray) -> pa.Table:
    """Remove corpus-frequent lines from ``text`` (recorded in ``stripped_lines``; ``n_chars`` and
    the ``pii`` spans redone on the new text)."""
    ratios = table.column("repeated_line_ratio").to_numpy(zero_copy_only=False)
    rows = np.flatnonzero((ratios > 0) & (ratios < 1))  # a page made only of them is left to the rule
    if len(rows) == 0:
        return table
    texts = table.column("text").to_pylist()
    stripped = table.column("stripped_lines").to_pylist()
    hashes = table.column("line_hashes").to_pylist()
    for i in rows.tolist():
        lines = texts[i].split("\n")
        drop = np.isin(np.array(hashes[i], dtype=np.int64), frequent)
        texts[i] = "\n".join(line for line, d in zip(lines, drop) if not d)
        stripped[i] = (stripped[i] or []) + [line for line, d in zip(lines, drop) if d]
        hashes[i] = [h for h, d in zip(hashes[i], drop) if not d]
    # PII spans are offsets into the text: found again on the new text, or they would point into
    # unrelated words and leave the real numbers unredacted
    pii = table.column("pii").to_pylist()
    for i in rows.tolist():
        pii[i] = find_pii(texts[i])
    for name, values in (("text", pa.array(texts, pa.string())), ("stripped_lines", pa.array(stripped, table.schema.field("stripped_lines").type)),
                         ("line_hashes", pa.array(hashes, LINE_HASHES_TYPE)),
                         ("pii", pa.array(pii, table.schema.field("pii").type))):
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(index), values)
    index = table.schema.get_field_index("n_chars")
    return table.set_column(index, table.schema.field(index), pc.utf8_length(table.column("text")).cast(pa.int64()))


def stored_signatures(table: pa.Table, num_perm: int) -> np.ndarray:
    """The ``minhash`` column of a parts table as a (rows, num_perm) uint32 array."""
    values = table.column("minhash").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return values.reshape(table.num_rows, num_perm)


def cluster_documents(signatures: np.ndarray, hashes: np.ndarray, ids: list[str], d: DedupSettings, pairs_path: str,
                      reference: tuple[np.ndarray, np.ndarray, list[str]] | None = None) -> dict[str, pa.Array]:
    """Global near-duplicate clustering over every document of a workspace: their ``signatures``
    (rows, num_perm), text ``hashes`` and ``ids`` in workspace order, and with ``reference`` the
    same three of an earlier workspace or export (``--dedup-against``), whose documents always win.
    Writes the confirmed pairs to ``pairs_path``.

    Returns the per-row ``dup_cluster`` (id of the cluster's first member; for a match against the
    reference, the reference document's id) and ``dup_reference`` (``dedup:exact``/``dedup:near``
    for rows that duplicate the reference, else null).
    """
    n_ref = 0
    ref_hashes = np.zeros(0, np.int64)
    if reference is not None:
        ref_sigs, ref_hashes, ref_ids = reference
        n_ref = len(ref_ids)
        signatures = np.concatenate([ref_sigs, signatures])
        hashes = np.concatenate([ref_hashes, hashes])
        ids = ref_ids + ids
    clusters = find_clusters(signatures, hashes, d.bands, d.rows, d.threshold)
    write_pairs(clusters, ids, pairs_path, n_ref)
    labels = clusters.labels[n_ref:]
    matched = labels < n_ref  # the component holds a reference document (those come first)
    in_cluster = (clusters.sizes()[labels] >= 2) | matched
    first_ids = pa.array(ids, pa.string()).take(pa.array(labels))
    dup_cluster = pc.if_else(pa.array(in_cluster), first_ids, pa.nulls(len(labels), pa.string()))
    exact = np.isin(hashes[n_ref:], ref_hashes)
    code = np.where(matched, np.where(exact, 1, 2), 0)
    dup_reference = pa.array([None, EXACT, NEAR], pa.string()).take(pa.array(code))
    return {"dup_cluster": dup_cluster, "dup_reference": dup_reference}


def write_pairs(clusters: Clusters, ids: list[str], path: str, n_ref: int = 0) -> None:
    id_array = pa.array(ids, pa.string())
    a, b = clusters.pairs[:, 0], clusters.pairs[:, 1]
    table = pa.table({
        "reference": pa.array(a < n_ref),  # ``a`` is a document of the --dedup-against reference
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

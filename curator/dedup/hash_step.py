"""Analysis step: the dedup hashes of every document (exact-duplicate hash, MinHash signature,
line hashes), computed in the workers with the signals, over the same batch."""

from curator.dedup.stage import HASH_FIELDS, dedup_columns
from curator.signals.batch import TextBatch

COLUMNS = {f.name: f.type for f in HASH_FIELDS}


def compute(batch: TextBatch) -> dict:
    return dedup_columns(batch.texts, batch.config, batch.lines)

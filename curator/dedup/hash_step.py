"""Analysis step: the dedup hashes of every document (exact-duplicate hash, MinHash signature,
line hashes), computed in the workers with the signals, over the same batch."""

from curator.dedup.stage import HASH_FIELDS, dedup_columns, dedup_settings
from curator.signals.batch import TextBatch

COLUMNS = {f.name: f.type for f in HASH_FIELDS}


def compute(batch: TextBatch) -> dict:
    # the batch carries the stored config as a dict (signals sit below the config layer): typed here
    return dedup_columns(batch.texts, dedup_settings(batch.config), batch.lines)

"""Signal step: PII spans (``korean/pii.py``) of each text, redacted at export."""

import pyarrow as pa

from curator.korean.pii import find_pii
from curator.signals.batch import TextBatch

PII_TYPE = pa.list_(pa.struct([("kind", pa.string()), ("start", pa.int32()), ("end", pa.int32())]))
COLUMNS = {"pii": PII_TYPE}


def compute(batch: TextBatch) -> dict:
    return {"pii": [find_pii(text) for text in batch.texts]}

"""Per-document signal functions. ``compute_signals`` is the one stage the executors run."""

import pyarrow as pa

from curator.signals.basic import SCHEMA as BASIC_SCHEMA, basic_signals

SIGNAL_SCHEMA: dict[str, str] = dict(BASIC_SCHEMA)


def signal_fields() -> list[pa.Field]:
    return [pa.field(name, getattr(pa, kind)()) for name, kind in SIGNAL_SCHEMA.items()]


def compute_signals(texts: list[str], config: dict | None = None) -> pa.RecordBatch:
    """All signal columns for a batch of NFC texts, as an Arrow batch (runs in a worker)."""
    columns = basic_signals(texts)
    return pa.RecordBatch.from_arrays(
        [pa.array(columns[f.name], type=f.type) for f in signal_fields()], schema=pa.schema(signal_fields()))

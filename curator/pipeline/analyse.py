"""The analysis stage the executors run on each batch (local pool and Ray alike): the signals,
then the dedup hashes of the text as it will be stored."""

import time

import pyarrow as pa

from curator.dedup.stage import dedup_columns
from curator.signals import compute_signals


def analyse_batch(texts: list[str], config: dict | None = None) -> pa.RecordBatch:
    """Signals, PII spans, stripped lines and dedup hashes of a batch of NFC texts; with cleaning
    on, the cleaned ``text`` too (hashed in its place)."""
    signals = compute_signals(texts, config)
    started = time.process_time()
    if "text" in signals.schema.names:
        texts = signals.column("text").to_pylist()
    hashes = dedup_columns(texts, config or {})
    names = [n for n in signals.schema.names if n != "text"] + list(hashes)
    arrays = [signals.column(n) for n in signals.schema.names if n != "text"] + list(hashes.values())
    if "text" in signals.schema.names:
        names.append("text")
        arrays.append(signals.column("text"))
    metadata = dict(signals.schema.metadata or {})
    cpu_signals = float(metadata.get(b"cpu_signals", 0)) + time.process_time() - started
    metadata[b"cpu_signals"] = repr(cpu_signals).encode()
    schema = pa.schema([pa.field(n, a.type) for n, a in zip(names, arrays)], metadata=metadata)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)

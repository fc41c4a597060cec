"""The analysis stage the executors run on each batch of input rows (local pool and Ray alike):
the signals, then the dedup hashes of the text as it will be stored, as documents rows."""

import time

import pyarrow as pa

from curator.dedup.stage import dedup_columns
from curator.signals import compute_signals
from curator.workspace.layout import document_rows


def analyse_rows(inputs: pa.RecordBatch, config: dict | None = None) -> pa.RecordBatch:
    """The documents rows (workspace/layout.py) of a batch of input rows; the schema metadata
    carries the batch's CPU split (``cpu_kiwi``: Kiwi; ``cpu_signals``: everything else here)."""
    signals = compute_signals(inputs.column("text").to_pylist(), config)
    started = time.process_time()
    texts = signals.column("text") if "text" in signals.schema.names else inputs.column("text")
    hashes = dedup_columns(texts.to_pylist(), config or {})
    analysed = pa.RecordBatch.from_arrays([signals.column(n) for n in signals.schema.names] + list(hashes.values()),
                                          names=signals.schema.names + list(hashes))
    metadata = dict(signals.schema.metadata or {})
    cpu_signals = float(metadata.get(b"cpu_signals", 0)) + time.process_time() - started
    metadata[b"cpu_signals"] = repr(cpu_signals).encode()
    return document_rows(inputs, analysed).replace_schema_metadata(metadata)

"""Per-document signals of a batch (``compute_signals``); the executors run it inside the
analysis stage of ``curator.pipeline.analyse``, which adds the dedup hashes.

Morphology runs once per document (one Kiwi call per batch) and feeds every signal that needs it.
"""

import time

import pyarrow as pa

from curator.korean.kiwi_pool import tokenize_batch
from curator.korean.pii import find_pii
from curator.signals.lines import SCHEMA as LINE_SCHEMA, line_signals, strip_boilerplate
from curator.signals.script import SCHEMA as SCRIPT_SCHEMA, batch_script_signals
from curator.signals.words import SCHEMA as WORD_SCHEMA, batch_word_signals

SIGNAL_SCHEMA: dict[str, str] = {**SCRIPT_SCHEMA, **LINE_SCHEMA, **WORD_SCHEMA}

PII_TYPE = pa.list_(pa.struct([("kind", pa.string()), ("start", pa.int32()), ("end", pa.int32())]))
STRIPPED_TYPE = pa.list_(pa.string())


def signal_fields() -> list[pa.Field]:
    return [pa.field(name, getattr(pa, kind)()) for name, kind in SIGNAL_SCHEMA.items()]


def compute_signals(texts: list[str], config: dict | None = None) -> pa.RecordBatch:
    """Signal columns, ``pii`` spans and ``stripped_lines`` for a batch of NFC texts; the schema
    metadata carries this batch's CPU split (``cpu_kiwi``, ``cpu_signals``).

    With ``clean.strip_boilerplate`` on, boilerplate lines are removed first and the batch also
    carries the cleaned ``text``; the removed lines are kept in ``stripped_lines``.
    """
    started = time.process_time()  # this process's CPU, Kiwi's own thread included
    clean = (config or {}).get("clean", {})
    stripped: list[list[str]] = [[] for _ in texts]
    if clean.get("strip_boilerplate"):
        cleaned = []
        for i, text in enumerate(texts):
            new, removed = strip_boilerplate(text)
            # Only clean documents that keep substance; an all-boilerplate page stays as it is so
            # the boilerplate rule removes it with a reason.
            if removed and len(new.strip()) >= clean.get("min_chars_after_strip", 200):
                cleaned.append(new)
                stripped[i] = removed
            else:
                cleaned.append(text)
        texts = cleaned
    before_kiwi = time.process_time()
    tokens = tokenize_batch(texts)
    kiwi_cpu = time.process_time() - before_kiwi
    columns = batch_word_signals(texts, tokens)
    columns.update(batch_script_signals(texts))
    rows = [line_signals(t) for t in texts]
    columns.update({name: [r[name] for r in rows] for name in LINE_SCHEMA})
    arrays = [pa.array(columns[f.name], type=f.type) for f in signal_fields()]
    names = [f.name for f in signal_fields()]
    arrays.append(pa.array([find_pii(t) for t in texts], type=PII_TYPE))
    names.append("pii")
    arrays.append(pa.array(stripped, type=STRIPPED_TYPE))
    names.append("stripped_lines")
    if clean.get("strip_boilerplate"):
        arrays.append(pa.array(texts, type=pa.string()))
        names.append("text")
    # CPU split of this batch (Kiwi incl. reading its tokens / everything else), for run timings
    cpu = {b"cpu_kiwi": repr(kiwi_cpu).encode(), b"cpu_signals": repr(time.process_time() - started - kiwi_cpu).encode()}
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema([pa.field(n, a.type) for n, a in zip(names, arrays)], metadata=cpu))

"""The analysis stage the executors run on each batch of input rows (local pool and Ray alike):
every signal step and the dedup hashes over one shared batch, as documents rows.

Two halves for the local executor's stream mode: ``begin_rows`` prepares a batch and queues its
texts in the process's Kiwi stream, ``finish_rows`` computes its signals once Kiwi is done, so a
process can begin the next batch before finishing this one and Kiwi never waits for Python.
``analyse_rows`` is both in a row."""

import time

import pyarrow as pa

from curator import signals
from curator.filters.learned import SIGNAL
from curator.pipeline.learn import model_for, score_table
from curator.workspace.layout import ANALYSIS_STEPS, document_rows


def analyse_rows(inputs: pa.RecordBatch, config: dict | None = None) -> pa.RecordBatch:
    """The documents rows (workspace/layout.py) of a batch of input rows; the schema metadata
    carries the batch's CPU split (``cpu_kiwi``: Kiwi; ``cpu_signals``: every other step)."""
    return finish_rows(begin_rows(inputs, config))


def begin_rows(inputs: pa.RecordBatch, config: dict | None = None) -> tuple:
    """The batch prepared and, in a process with a Kiwi stream, queued there."""
    batch = signals.prepare(inputs.column("text").to_pylist(), config)
    batch.submit_to_kiwi()
    return inputs, batch, config


def finish_rows(begun: tuple) -> pa.RecordBatch:
    """The documents rows of a batch ``begin_rows`` started."""
    inputs, batch, config = begun
    clock = time.thread_time()
    analysed = signals.run_steps(batch, ANALYSIS_STEPS)
    metadata = analysed.schema.metadata
    if batch.kiwi_future is not None:
        # Kiwi's threads ran beside this one, so the process clock run_steps reads counts them
        # too: the steps' CPU is this thread's (waiting for Kiwi costs it none)
        metadata = {**metadata, b"cpu_signals": repr(time.thread_time() - clock).encode()}
    rows = document_rows(inputs, analysed)
    model = model_for(config)
    if model is not None:  # the learned model named by the config scores the final text
        quality = pa.array(score_table(model, pa.Table.from_batches([rows])), pa.float64())
        rows = rows.set_column(rows.schema.get_field_index(SIGNAL), rows.schema.field(SIGNAL), quality)
    return rows.replace_schema_metadata(metadata)


analyse_rows.stages = (begin_rows, finish_rows)  # the local executor's stream mode runs them apart

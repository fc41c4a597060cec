"""The analysis stage the executors run on each batch of input rows (local pool and Ray alike):
every signal step and the dedup hashes over one shared batch, as documents rows."""

import pyarrow as pa

from curator import signals
from curator.filters.learned import SIGNAL
from curator.pipeline.learn import model_for, score_table
from curator.workspace.layout import ANALYSIS_STEPS, document_rows


def analyse_rows(inputs: pa.RecordBatch, config: dict | None = None) -> pa.RecordBatch:
    """The documents rows (workspace/layout.py) of a batch of input rows; the schema metadata
    carries the batch's CPU split (``cpu_kiwi``: Kiwi; ``cpu_signals``: every other step)."""
    batch = signals.prepare(inputs.column("text").to_pylist(), config)
    analysed = signals.run_steps(batch, ANALYSIS_STEPS)
    rows = document_rows(inputs, analysed)
    model = model_for(config)
    if model is not None:  # the learned model named by the config scores the final text
        quality = pa.array(score_table(model, pa.Table.from_batches([rows])), pa.float64())
        rows = rows.set_column(rows.schema.get_field_index(SIGNAL), rows.schema.field(SIGNAL), quality)
    return rows.replace_schema_metadata(analysed.schema.metadata)

"""Per-document signals, computed by small steps over one shared batch (``batch.TextBatch``).

A step is a module with ``COLUMNS`` (name → Arrow type: what it adds to every document row) and
``compute(batch) → {name: values}``; the documents schema is the union of the steps' columns. To
add one: write the module and list it in ``STEPS`` (the dedup hashes, a step of the dedup layer,
are listed in the analysis stage, ``pipeline/analyse.py``).
"""

import time

import pyarrow as pa

from curator.decontam import is_contamination_signal
from curator.signals import lines, order, pii, script, words
from curator.signals.batch import TextBatch
from curator.signals.lines import strip_boilerplate

STEPS = (script, lines, words, order, pii)
PII_TYPE = pii.PII_TYPE
STRIPPED_TYPE = pa.list_(pa.string())


def step_fields(steps=STEPS) -> list[pa.Field]:
    return [pa.field(name, type_) for step in steps for name, type_ in step.COLUMNS.items()]


def signal_fields() -> list[pa.Field]:
    """The numeric signal columns (what a rule can test)."""
    return [f for f in step_fields() if pa.types.is_integer(f.type) or pa.types.is_floating(f.type)]


SIGNAL_SCHEMA: dict[str, pa.DataType] = {f.name: f.type for f in signal_fields()}

# the values a signal can take, where it has bounds: shares are 0–1, counts ≥ 0 (a threshold
# outside is a typo: `hangul_ratio` min 350 removed 97.6 % of a workspace); the rest is open
SHARES = frozenset({"alpha_word_ratio", "boilerplate_line_ratio", "bullet_line_ratio", "char_dup_ratio",
                    "code_line_ratio", "compat_jamo_ratio", "ellipsis_line_ratio", "hangul_ratio", "hanja_ratio",
                    "jamo_run_ratio", "latin_ratio", "line_punct_ratio", "markup_char_ratio", "mojibake_ratio",
                    "particle_ratio", "short_line_ratio", "unknown_morph_ratio", "repeated_line_ratio",
                    "learned_quality"} | {n for n in SIGNAL_SCHEMA if n.endswith("_frac")})
COUNTS = frozenset({"invalid_chars", "n_lines", "n_morphs", "n_words", "stopword_count", "n_chars"})


def signal_range(name: str) -> tuple[float | None, float | None]:
    """(lowest, highest) value ``name`` can take; None where it is open."""
    if name in SHARES or is_contamination_signal(name):  # a benchmark's column: the share of an item found
        return 0.0, 1.0
    if name in COUNTS or name in ("mean_word_len", "morphs_per_eojeol", "spam_term_density", "newline_word_ratio",
                                   "hash_ellipsis_ratio", "ef_per_sentence"):
        return 0.0, None
    return None, None


def prepare(texts: list[str], config: dict | None = None) -> TextBatch:
    """The batch the steps read. With ``clean.strip_boilerplate`` on, boilerplate lines are removed
    first (and kept in ``stripped``) from documents that keep substance; an all-boilerplate page
    stays as it is so the boilerplate rule removes it with a reason."""
    clean = (config or {}).get("clean", {})
    if not clean.get("strip_boilerplate"):
        return TextBatch(texts, config)
    cleaned, stripped = [], []
    for text in texts:
        new, removed = strip_boilerplate(text)
        if removed and len(new.strip()) >= clean.get("min_chars_after_strip", 200):
            cleaned.append(new)
            stripped.append(removed)
        else:
            cleaned.append(text)
            stripped.append([])
    return TextBatch(cleaned, config, stripped, cleaned=True)


def run_steps(batch: TextBatch, steps=STEPS) -> pa.RecordBatch:
    """The steps' columns and ``stripped_lines`` (and the cleaned ``text``) of a batch; the schema
    metadata carries its CPU split: ``cpu_kiwi`` (Kiwi, reading its tokens included) and
    ``cpu_signals`` (every step but Kiwi)."""
    started = time.process_time()
    fields = step_fields(steps)
    columns: dict = {}
    for step in steps:
        columns.update(step.compute(batch))
    # a signal without a value (NaN: e.g. no word order in a short text) is stored as null
    arrays = [pa.array(columns[f.name], type=f.type, from_pandas=pa.types.is_floating(f.type)) for f in fields]
    fields.append(pa.field("stripped_lines", STRIPPED_TYPE))
    arrays.append(pa.array(batch.stripped, type=STRIPPED_TYPE))
    if batch.cleaned:
        fields.append(pa.field("text", pa.string()))
        arrays.append(pa.array(batch.texts, type=pa.string()))
    cpu = {b"cpu_kiwi": repr(batch.kiwi_cpu).encode(),
           b"cpu_signals": repr(time.process_time() - started - batch.kiwi_cpu).encode()}
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields, metadata=cpu))


def compute_signals(texts: list[str], config: dict | None = None) -> pa.RecordBatch:
    """Every signal step's columns for a batch of NFC texts (see ``run_steps``)."""
    return run_steps(prepare(texts, config))

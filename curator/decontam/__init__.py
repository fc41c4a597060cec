"""Benchmark decontamination: find benchmark items (test questions, passages) inside documents.

Qt-free and Kiwi-free, numpy only, so it runs at corpus speed (issue 31):

    normalize.py   text → the characters that carry meaning (NFC, width, case; no spaces or
                   punctuation), with each kept character's position in the original text
    ngrams.py      hashes of character n-grams of that normalised text, never across documents
    index.py       the benchmark's n-grams (sorted hashes + a bit filter) and the matcher:
                   which items a document holds, what share of each, and where (spans)
    benchmark.py   reading benchmark files (any format ``run`` reads) into items
    cut.py         ``--mode span``: the lines holding matched spans taken out of a text

Why characters and not eojeols: Korean spacing is loose, so the same sentence is written with and
without spaces between eojeols; once spaces are gone the only unit both spellings share is the
character. Morphemes would need Kiwi (hundreds of times slower). README "Benchmark
decontamination" has the measurements behind the unit, n and the share.
"""

SIGNAL_PREFIX = "contamination_"  # the per-document column of benchmark NAME: contamination_NAME
FAMILY = "contamination"  # reasons contamination:NAME


def signal_name(name: str) -> str:
    return SIGNAL_PREFIX + name


def is_contamination_signal(name) -> bool:
    """A benchmark's column (``curator decontaminate`` writes one per benchmark checked)."""
    return isinstance(name, str) and name.startswith(SIGNAL_PREFIX) and len(name) > len(SIGNAL_PREFIX)


def rule_name(name: str) -> str:
    return f"{FAMILY}:{name}"

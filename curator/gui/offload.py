"""Pure-Python work on a whole document in a process of its own instead of a worker thread.

A thread running Python holds the GIL, and every Python call the UI thread makes meanwhile (each
table cell a repaint asks for, each slot) waits for it: the evidence of a 400,000-character
document (0.4 s of Python) held the UI thread 160 ms at a time though it ran on a worker. In a
process it holds nothing of ours; the worker thread that waits for it releases the GIL. One
spawned process, started on first use, gone with ``close()`` or with the app. Qt-free.

Lemma search needs Kiwi, so it runs in the morpheme service's process (``MORPHEMES.call``), where
the model is loaded already: ``lemma_search`` and ``lemma_spans`` below.
"""

import numpy as np

from curator.korean.service import SpawnedWorker

OFFLOAD = SpawnedWorker()  # ``OFFLOAD.call(fn, *args)``: fn a module-level function over plain data


def lemma_search(parts: list[str], part_starts: np.ndarray, needle: str, rows: np.ndarray | None) -> np.ndarray:
    """``search.search_parts(..., mode="lemma")`` with Kiwi in this process (run it in the morpheme
    service's: ``MORPHEMES.call(lemma_search, ...)``). In a worker thread of the app its Python
    (windows, matching, unpickling the morphemes) held the GIL the UI thread waits for: the result
    landed 266-287 ms after a stall of the table."""
    from curator.korean.kiwi_pool import analyse
    from curator.workspace import search

    return search.search_parts(parts, part_starts, needle, rows, mode="lemma", analyse=analyse)


def lemma_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where ``needle``'s lemma occurs in ``text`` (the shown document's hits), with Kiwi in this
    process (``MORPHEMES.call(lemma_spans, ...)``), for the same reason as ``lemma_search``."""
    from curator.korean.kiwi_pool import analyse
    from curator.workspace import search

    return search.lemma_spans(text, search.query_pattern(needle, analyse), analyse)

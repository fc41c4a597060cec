"""The local executor: an ordered, bounded map over a process pool.

Bounded: at most ``4 × workers`` batches are in flight, so a 10 GB input never piles up in memory
(``multiprocessing.Pool.imap`` would drain the whole input iterator into its queue). Ordered:
results come back in submission order so parts are written in input order. Workers are spawned,
not forked, so each loads its own models (one Kiwi per process) lazily.
"""

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator


class LocalExecutor:
    def __init__(self, workers: int):
        self.workers = max(1, workers)

    def map_ordered(self, fn: Callable, items: Iterable, args: tuple = ()) -> Iterator[tuple]:
        """Yield ``(item, fn(item.payload, *args))`` in order; in-process when workers == 1."""
        if self.workers == 1:
            for item in items:
                yield item, fn(item.texts, *args)
            return
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context)
        finished = False
        try:
            pending: deque = deque()
            for item in items:
                pending.append((item, pool.submit(fn, item.texts, *args)))
                while len(pending) >= 4 * self.workers:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
            finished = True
        finally:
            # a cancelled or failed run does not wait for the batches still queued
            pool.shutdown(wait=finished, cancel_futures=not finished)

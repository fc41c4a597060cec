"""The local executor: an ordered, bounded map over a process pool.

Bounded: at most ``4 × workers`` batches are in flight, so a 10 GB input never piles up in memory
(``multiprocessing.Pool.imap`` would drain the whole input iterator into its queue). Ordered:
results come back in submission order so parts are written in input order. Workers are spawned,
not forked, so each loads its own models (one Kiwi per process) lazily. A worker exits when its
driver dies (even by SIGKILL), so no orphan keeps ~0.9 GB of Kiwi alive.
"""

PR_SET_PDEATHSIG = 1


def exit_with_parent(parent: int) -> None:
    """Worker initializer: die with the driver. The kernel's parent-death signal covers Linux;
    a watcher thread polling the parent PID covers the rest (and a parent that died before the
    signal was armed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()

import ctypes
import multiprocessing
import os
import signal
import threading
import time
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
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=exit_with_parent,
                                   initargs=(os.getpid(),))
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

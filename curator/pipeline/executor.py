"""The local executor: an ordered, bounded map over a process pool.

Bounded: at most ``4 × workers`` batches are in flight, so a 10 GB input never piles up in memory
(``multiprocessing.Pool.imap`` would drain the whole input iterator into its queue). Ordered:
results come back in submission order so parts are written in input order. Workers are spawned,
not forked, so each loads its own models (one Kiwi per process) lazily. A worker exits when its
driver dies (even by SIGKILL), so no orphan keeps ~0.9 GB of Kiwi alive.
"""

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Iterable, Iterator

from curator.errors import Cancelled

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



class LocalExecutor:
    def __init__(self, workers: int):
        self.workers = max(1, workers)

    def map_ordered(self, fn: Callable, items: Iterable, args: tuple = (),
                    stop: Callable[[], bool] | None = None) -> Iterator:
        """Yield ``fn(item, *args)`` for every item, in order; in-process when workers == 1.

        ``stop()`` is polled every ``POLL_S`` while a result is awaited (not only when one
        lands: a first batch waits for Kiwi to load), and a stop terminates the workers at once.
        """
        if self.workers == 1:
            for item in items:
                check_stop(stop)
                yield fn(item, *args)
            return
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=exit_with_parent,
                                   initargs=(os.getpid(),))
        finished = False
        try:
            pending: deque = deque()
            for item in items:
                check_stop(stop)
                pending.append(pool.submit(fn, item, *args))
                while len(pending) >= 4 * self.workers:
                    yield _await(pending.popleft(), stop)
            while pending:
                yield _await(pending.popleft(), stop)
            finished = True
        finally:
            # a cancelled or failed run does not wait for the batches queued or running
            processes = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown clears it
            pool.shutdown(wait=finished, cancel_futures=not finished)
            if not finished:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.join(timeout=5)


POLL_S = 0.2


def check_stop(stop) -> None:
    """Raise ``Cancelled`` when ``stop()`` says so (the executors' cancel point)."""
    if stop is not None and stop():
        raise Cancelled("cancelled")


def _await(future, stop):
    """The future's result, checking ``stop`` while waiting."""
    if stop is None:
        return future.result()
    while True:
        try:
            return future.result(timeout=POLL_S)
        except FutureTimeout:
            check_stop(stop)

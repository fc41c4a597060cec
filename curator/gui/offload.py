"""Pure-Python work on a whole document in a process of its own instead of a worker thread.

A thread running Python holds the GIL, and every Python call the UI thread makes meanwhile (each
table cell a repaint asks for, each slot) waits for it: the evidence of a 400,000-character
document (0.4 s of Python) held the UI thread 160 ms at a time though it ran on a worker. In a
process it holds nothing of ours; the worker thread that waits for it releases the GIL. One
spawned process, started on first use, gone with ``close()`` or with the app. Qt-free.
"""

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from curator.korean.service import _die_with_parent


class Offload:
    """``call(fn, *args)``: ``fn(*args)`` in the offload process, blocking (call it off the UI
    thread); ``fn`` and its arguments must pickle (a module-level function over plain data)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_die_with_parent, initargs=(os.getpid(),))
            return self._pool

    def call(self, fn, *args):
        return self._executor().submit(fn, *args).result()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


OFFLOAD = Offload()

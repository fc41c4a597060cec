"""Morphological analysis as a service in its own process.

The desktop app shows a document's morphemes on demand. Loading Kiwi in the app's process would
add ~0.9 GB to it for the whole session and stall whichever thread loads it; here one spawned
worker process owns the model, is started on first use, and goes away with ``close()`` (or with
the app: the worker dies with its parent).
"""

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor

from curator.korean.kiwi_pool import Morph, analyse


def _analyse(texts: list[str]) -> list[list[Morph]]:
    return analyse(texts)


def _die_with_parent(parent: int) -> None:
    def watch() -> None:
        import time
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


class SpawnedWorker:
    """One spawned process, started on first use, gone with ``close()`` or with its parent: work
    that must not run in the caller's process (a 0.9 GB model; Python that would hold the GIL the
    app's UI thread needs). ``call(fn, *args)`` runs ``fn(*args)`` there, blocking (off the UI
    thread); ``fn`` and its arguments must pickle."""

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


class MorphemeService(SpawnedWorker):
    """``submit(text)`` → Future of the text's ``Morph`` list, computed in the worker process."""

    def submit(self, text: str) -> Future:
        return self._executor().submit(_first, text)

    def analyse(self, text: str) -> list[Morph]:
        """Blocking form (call it off the UI thread)."""
        return self.submit(text).result()

    def analyse_many(self, texts: list[str]) -> list[list[Morph]]:
        """Every text's morphemes in one call to the worker (blocking: off the UI thread)."""
        return self.call(_analyse, list(texts)) if texts else []


def _first(text: str) -> list[Morph]:
    return _analyse([text])[0]

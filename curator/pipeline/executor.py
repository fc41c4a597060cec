"""The local executor: an ordered, bounded map over one stream process or a process pool.

Two modes for ``workers`` ≥ 2 (``workers`` == 1 runs in the driver, one batch after another):

- ``stream`` (the default up to ``STREAM_MAX_THREADS`` workers): one worker process with one Kiwi
  whose own ``workers`` threads share its model, fed by one long Kiwi call
  (``korean/kiwi_pool.KiwiStream``). The process begins a batch (prepares it and queues its texts
  in Kiwi) ``LOOKAHEAD`` batches before it finishes it (signals from Kiwi's tokens), so Kiwi
  always has the next batch while Python computes the previous one's signals; Kiwi releases the
  GIL in its threads. One model instead of one per worker; on real text this used less Kiwi CPU
  than two single-threaded processes (docs/throughput.md).
- ``pool``: ``workers`` processes, each its own single-threaded Kiwi, a batch per call. Beyond
  ``STREAM_MAX_THREADS`` workers one Python thread would have to compute every batch's signals,
  so many-core machines keep the pool. ``CURATOR_LOCAL_MODE=pool|stream`` forces one.

Bounded: at most a few batches per worker are in flight, so a 10 GB input never piles up in
memory (``multiprocessing.Pool.imap`` would drain the whole input iterator into its queue).
Ordered: results come back in submission order so parts are written in input order. Workers are
spawned, not forked, so each loads its own models (one Kiwi per process) lazily. A worker exits
when its driver dies (even by SIGKILL), so no orphan keeps ~0.9 GB of Kiwi alive.
"""

import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Iterable, Iterator

from curator.errors import Cancelled, CuratorError

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



STREAM_MAX_THREADS = 4
LOOKAHEAD = 2  # batches a stream process has begun beyond the one it finishes
MODES = ("stream", "pool")


class LocalExecutor:
    def __init__(self, workers: int, mode: str | None = None):
        self.workers = max(1, workers)
        mode = mode or os.environ.get("CURATOR_LOCAL_MODE") or None
        if mode is not None and mode not in MODES:
            raise CuratorError(f"CURATOR_LOCAL_MODE: {mode!r} is not one of {', '.join(MODES)}")
        self.mode = mode or ("stream" if self.workers <= STREAM_MAX_THREADS else "pool")

    def map_ordered(self, fn: Callable, items: Iterable, args: tuple = (),
                    stop: Callable[[], bool] | None = None) -> Iterator:
        """Yield ``fn(item, *args)`` for every item, in order; in-process when workers == 1.

        ``fn.stages``, if there, is ``(begin, finish)`` with ``fn(item, *args) ==
        finish(begin(item, *args))``: the stream mode begins later batches before it finishes
        earlier ones. ``stop()`` is polled every ``POLL_S`` while a result is awaited (not only
        when one lands: a first batch waits for Kiwi to load), and a stop terminates the workers
        at once.
        """
        if self.workers == 1:
            for item in items:
                check_stop(stop)
                yield fn(item, *args)
            return
        if self.mode == "stream":
            yield from self._stream(fn, items, args, stop)
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


    def _stream(self, fn: Callable, items: Iterable, args: tuple, stop) -> Iterator:
        begin, finish = getattr(fn, "stages", (fn, None))
        context = multiprocessing.get_context("spawn")
        inbox, outbox = context.Queue(), context.Queue()
        process = context.Process(target=_stream_worker, name="curator-stream", daemon=True,
                                  args=(os.getpid(), self.workers, begin, finish, args, inbox, outbox))
        process.start()
        finished = False
        try:
            sent = received = 0
            for item in items:
                check_stop(stop)
                inbox.put((sent, item))
                sent += 1
                while sent - received > LOOKAHEAD + 2:  # the process begins LOOKAHEAD ahead: keep it fed
                    yield _receive(outbox, received, process, stop)
                    received += 1
            inbox.put(None)
            while received < sent:
                yield _receive(outbox, received, process, stop)
                received += 1
            finished = True
        finally:
            if finished:
                process.join(timeout=30)
            if process.is_alive():  # cancelled or failed: the queued batches are not waited for
                process.terminate()
                process.join(timeout=5)
            for channel in (inbox, outbox):
                channel.close()
                channel.cancel_join_thread()


def _receive(outbox, index: int, process, stop):
    """Result ``index`` from a stream process (raising what the batch raised there)."""
    while True:
        try:
            got, ok, value = outbox.get(timeout=POLL_S)
            break
        except queue.Empty:
            check_stop(stop)
            if process.is_alive():
                continue
        try:  # it died: what it sent before is still readable
            got, ok, value = outbox.get(timeout=POLL_S)
            break
        except queue.Empty:
            raise CuratorError(f"the analysis process stopped unexpectedly (exit code {process.exitcode})") from None
    if got != index:
        raise CuratorError(f"the analysis process returned batch {got} for batch {index}")
    if not ok:
        raise value
    return value


def _stream_worker(parent: int, threads: int, begin: Callable, finish: Callable | None, args: tuple,
                   inbox, outbox) -> None:
    """A stream process: one Kiwi stream with ``threads`` threads; each batch begun (prepared and
    queued in Kiwi) ``LOOKAHEAD`` batches before it is finished (its signals) and sent back."""
    from curator.korean.kiwi_pool import start_stream

    exit_with_parent(parent)
    stream = start_stream(threads)
    begun: deque = deque()

    def finish_oldest() -> None:
        index, ok, value = begun.popleft()
        if ok and finish is not None:
            try:
                value = finish(value)
            except BaseException as error:  # noqa: BLE001 - the driver raises it
                ok, value = False, error
        if not ok:
            try:
                pickle.dumps(value)
            except Exception:  # noqa: BLE001 - an exception that cannot cross processes
                value = CuratorError(f"{type(value).__name__}: {value}")
        outbox.put((index, ok, value))

    while True:
        try:  # a driver slow to send: finish what is begun rather than leave it waiting
            item = inbox.get(timeout=POLL_S) if begun else inbox.get()
        except queue.Empty:
            finish_oldest()
            continue
        if item is None:
            break
        index, payload = item
        try:
            begun.append((index, True, begin(payload, *args)))
        except BaseException as error:  # noqa: BLE001 - the driver raises it
            begun.append((index, False, error))
        while len(begun) > LOOKAHEAD:
            finish_oldest()
    while begun:
        finish_oldest()
    stream.close()


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

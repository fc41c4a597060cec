"""Background work off the UI thread: a QRunnable with signals, progress and a cancel flag."""

import functools
import traceback

import shiboken6

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from curator.errors import Cancelled


class WorkerSignals(QObject):
    progress = Signal(float, int)  # share done, documents
    finished = Signal(object)      # the result
    failed = Signal(str)           # one-line error
    cancelled = Signal()


class Worker(QRunnable):
    """Runs ``fn(*args, callback=..., cancel=..., **kwargs)`` (or plain ``fn(*args)`` with
    ``hooks=False``) on the global thread pool."""

    def __init__(self, fn, *args, hooks: bool = True, **kwargs):
        super().__init__()
        self.fn, self.args, self.kwargs, self.hooks = fn, args, kwargs, hooks
        self.signals = WorkerSignals()
        self._cancel = False
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel = True

    def is_cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:
        try:
            if self.hooks:
                result = self.fn(*self.args, callback=self.signals.progress.emit, cancel=self.is_cancelled,
                                 **self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # shown in the UI as one line; the traceback goes to stderr
            traceback.print_exc()
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc))
        else:
            self.signals.finished.emit(result)


def when_alive(method):
    """For a widget's handler of a worker's result: do nothing once the widget is gone. A result
    queued while its window closed (a language switch, a test's window torn down) otherwise
    reached a deleted Qt object."""
    @functools.wraps(method)
    def handler(self, *args, **kwargs):
        if shiboken6.isValid(self):
            return method(self, *args, **kwargs)
        return None
    return handler


_RUNNING: set = set()  # Python references to workers in flight (Qt does not own them)


def start(worker: Worker) -> Worker:
    """Run ``worker`` on the global pool; it is kept alive until it finished, failed or cancelled."""
    _RUNNING.add(worker)
    for signal in (worker.signals.finished, worker.signals.failed, worker.signals.cancelled):
        signal.connect(lambda *_: _RUNNING.discard(worker))
    QThreadPool.globalInstance().start(worker)
    return worker

"""The workspace write lock: one writer at a time (CLI or GUI, any process), others wait or fail.

An advisory ``flock`` on ``WS/.lock``; the file holds the holder's PID and what it is doing so a
waiting command can say who has it. The kernel releases the lock when its holder dies, so a
killed process never leaves the workspace locked. Re-entrant within a thread (``apply`` inside
``run`` takes it again; two GUI threads still exclude each other); readers (``stats``, the GUI's table) take no lock because every write
replaces whole files atomically.
"""

import fcntl
import os
import threading
import time
from contextlib import contextmanager

from curator.errors import CuratorError

LOCK_NAME = ".lock"
DEFAULT_WAIT = float(os.environ.get("CURATOR_LOCK_WAIT", "30"))

_held: dict[tuple, tuple[int, int]] = {}  # (real path, thread) -> (fd, depth)
_guard = threading.RLock()


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    pid, _, purpose = text.partition(" ")
    return f"PID {pid} ({purpose})" if pid else "another process"


@contextmanager
def write_lock(root: str, purpose: str, wait: float | None = None):
    """Hold the write lock of workspace ``root`` for the ``with`` block; yields True when this
    took it (False: re-entered, an outer block of this thread holds it).

    Waits up to ``wait`` seconds (default ``CURATOR_LOCK_WAIT`` or 30) for another writer, then
    raises ``CuratorError`` naming the holder.
    """
    key = (os.path.realpath(root), threading.get_ident())
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield False
        finally:
            with _guard:
                fd, depth = _held[key]
                _held[key] = (fd, depth - 1)
        return
    try:
        os.makedirs(root, exist_ok=True)
        fd = os.open(os.path.join(root, LOCK_NAME), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # a read-only workspace: say so (reading commands need no lock)
        raise CuratorError(f"{os.path.join(root, LOCK_NAME)}: cannot take the write lock ({exc.strerror}): "
                           f"{purpose} writes the workspace; stats, export and tokenizer only read it") from None
    deadline = time.monotonic() + (DEFAULT_WAIT if wait is None else wait)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CuratorError(f"{root}: workspace busy: held by {_holder(fd)}; "
                                       f"try again when it has finished") from None
                time.sleep(0.05)
        try:  # who holds it, for a waiting command to say; a full disk only loses the note
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {purpose}\n".encode("utf-8"), 0)
        except OSError:
            pass
        with _guard:
            _held[key] = (fd, 1)
        try:
            yield True
        finally:
            with _guard:
                del _held[key]
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

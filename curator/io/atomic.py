"""Atomic file replacement, the one helper every writer of the workspace and the export uses.

A temporary file next to the target gets a name unique to this process and call (two writers of
one part never share it), is flushed to disk, and replaces the target with ``os.replace``; the
directory entry is synced too. A crash leaves the old file or the new one, never half of either.
"""

import os
import secrets
from contextlib import contextmanager

from curator.faults import kill_point

TMP_SUFFIX = ".tmp"


def temp_path(path: str) -> str:
    """A hidden sibling of ``path`` unique to this process and call."""
    folder, name = os.path.split(path)
    return os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")


def fsync_dir(folder: str) -> None:
    fd = os.open(folder or ".", os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(tmp: str, path: str) -> None:
    """Sync ``tmp`` and move it over ``path``."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(os.path.dirname(path))


@contextmanager
def replacing(path: str):
    """``with replacing(p) as tmp: write(tmp)``: on success ``tmp`` replaces ``p``; on failure it
    is removed and ``p`` is untouched."""
    tmp = temp_path(path)
    try:
        yield tmp
        kill_point(f"write:{os.path.basename(path)}")  # the crash tests: killed with the temporary written
        commit(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def write_text(path: str, text: str) -> None:
    with replacing(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)


def exchange(a: str, b: str) -> bool:
    """Swap two directory entries in one step (Linux ``renameat2(RENAME_EXCHANGE)``): a reader sees
    the old one or the new one, never neither. False where the call is missing (other systems,
    old kernels or file systems); the caller then renames twice."""
    import ctypes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        return False
    fsync_dir(os.path.dirname(os.path.abspath(a)))
    return True

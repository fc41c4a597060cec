"""Fault injection for the crash tests: ``CURATOR_KILL_AT=name`` SIGKILLs the process at the
``kill_point(name)`` with that name (run phases, parts, export shards, ``write:NAME`` between
writing a file's temporary and putting it in place). Inert otherwise."""

import os
import signal


def kill_point(name: str) -> None:
    if os.environ.get("CURATOR_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)

"""Loaded by every Python process started with this folder on PYTHONPATH (the CLI, its workers,
Ray's driver, workers and agents): logs each network call to ``$CURATOR_NET_LOG``, one JSON line
per call, through Python's audit hooks (no strace or eBPF needed)."""

import json
import os
import sys

_LOG = os.environ.get("CURATOR_NET_LOG")
_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
           "socket.gethostbyname", "socket.gethostbyaddr", "socket.bind"}


def _hook(event, args):
    if event not in _EVENTS or not _LOG:
        return
    try:
        if event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
            sock, address = args[0], args[-1]
            family = getattr(sock, "family", None)
            detail = {"family": int(family) if family is not None else None, "address": repr(address)}
        else:
            detail = {"host": repr(args[0])}
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"pid": os.getpid(), "event": event, "argv": sys.argv[:2], **detail}) + "\n")
    except Exception:
        pass


if _LOG:
    sys.addaudithook(_hook)

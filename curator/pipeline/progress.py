"""A one-line terminal progress bar (documents, MB/s, ETA); silent when stderr is not a terminal."""

import sys
import time

from curator.errors import Cancelled


class Progress:
    """Also the hook for callers other than a terminal: ``callback(share, docs)`` is called on
    every update and ``cancel()`` returning True stops the operation with ``Cancelled``."""

    def __init__(self, total_bytes: int, label: str = "analyse", stream=None, enabled: bool | None = None,
                 callback=None, cancel=None):
        self.callback = callback
        self.cancel = cancel
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = max(1, total_bytes)
        self.label = label
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, docs: int, bytes_done: int, force: bool = False) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled(f"{self.label} cancelled")
        if self.callback is not None:
            self.callback(min(1.0, bytes_done / self.total), docs)
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.2:
            return
        self._last = now
        elapsed = max(1e-6, now - self.start)
        rate = bytes_done / elapsed / 1e6
        share = min(1.0, bytes_done / self.total)
        eta = (elapsed / share - elapsed) if share > 0 else 0.0
        filled = int(share * 30)
        bar = "█" * filled + "·" * (30 - filled)
        self.stream.write(f"\r{self.label} {bar} {share:6.1%}  {docs:,} docs  {rate:6.1f} MB/s  "
                          f"ETA {int(eta // 60):02d}:{int(eta % 60):02d} ")
        self.stream.flush()

    def close(self, docs: int, bytes_done: int) -> None:
        if self.enabled:
            self.update(docs, bytes_done, force=True)
            self.stream.write("\n")
            self.stream.flush()

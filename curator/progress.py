"""Terminal progress for long commands (tqdm): one bar in bytes of input *analysed* (not read: the
reader runs batches ahead), documents done as its postfix, and one line per later stage (dedup,
verdicts, write). Silent when stderr is not a terminal.

Also the hook for callers other than a terminal (the GUI): ``callback(share, docs)`` is called on
every update and ``cancel()`` returning True stops the operation with ``Cancelled``.
"""

import sys
import time

from tqdm import tqdm

from curator.errors import Cancelled


class Progress:
    def __init__(self, total_bytes: int, label: str = "analyse", stream=None, enabled: bool | None = None,
                 callback=None, cancel=None):
        self.callback = callback
        self.cancel = cancel
        self.stream = stream or sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.total = max(1, total_bytes)
        self.label = label
        self.started = time.monotonic()
        self.bar = None

    def _open(self) -> None:
        if self.enabled and self.bar is None:
            self.bar = tqdm(total=self.total, desc=self.label, unit="B", unit_scale=True, unit_divisor=1000,
                            file=self.stream, mininterval=0.2, dynamic_ncols=True, leave=True)

    def update(self, docs: int, bytes_done: int, force: bool = False) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled(f"{self.label} cancelled")
        if self.callback is not None:
            self.callback(min(1.0, bytes_done / self.total), docs)
        if not self.enabled:
            return
        self._open()
        self.bar.set_postfix_str(f"{docs:,} docs", refresh=False)
        step = min(bytes_done, self.total) - self.bar.n
        if step > 0:
            self.bar.update(step)
        if force:
            self.bar.refresh()

    def stage(self, text: str) -> None:
        """A one-line message for a stage without a bar ("dedup: 33 documents ...")."""
        if self.cancel is not None and self.cancel():
            raise Cancelled(f"{self.label} cancelled")
        if not self.enabled:
            return
        line = f"{text} [{time.monotonic() - self.started:,.1f} s]"
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self, docs: int, bytes_done: int) -> None:
        if self.enabled:
            self._open()
            self.update(docs, bytes_done, force=True)
            self.bar.close()
            self.bar = None


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

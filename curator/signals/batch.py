"""The batch every signal step reads: texts, and what several steps need of them, made once.

Before, each family split every document into lines on its own (four times per document with the
dedup hashes), encoded the batch to UTF-32 twice and called Kiwi from the middle of one function.
Here each view is computed on first use and shared by every step of the analysis stage.
"""

import time
from functools import cached_property

import numpy as np

from curator.korean import kiwi_pool
from curator.korean.kiwi_pool import Tokens, tokenize_batch


class TextBatch:
    """NFC texts of one batch (after cleaning), with the run's config (some steps read theirs)."""

    def __init__(self, texts: list[str], config: dict | None = None, stripped: list[list[str]] | None = None,
                 cleaned: bool = False):
        self.texts = texts
        self.config = config or {}
        self.stripped = stripped if stripped is not None else [[] for _ in texts]  # boilerplate lines removed
        self.cleaned = cleaned  # texts differ from the input (the stage stores them)
        self.kiwi_cpu = 0.0
        self.shared: dict = {}  # views one step makes and another reads too, made once (key: the maker)
        self.kiwi_future = None  # (Tokens, Kiwi CPU) from this process's Kiwi stream, if submitted there

    def submit_to_kiwi(self) -> None:
        """Queue the texts in this process's Kiwi stream (if it runs one) now, so Kiwi analyses
        them while the caller computes another batch; ``tokens`` then waits for the result."""
        stream = kiwi_pool.stream()
        if stream is not None and self.kiwi_future is None and "tokens" not in self.__dict__:
            self.kiwi_future = stream.submit(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    @cached_property
    def lengths(self) -> np.ndarray:
        """Code points per text."""
        return np.fromiter(map(len, self.texts), np.int64, count=len(self.texts))

    @cached_property
    def lines(self) -> list[list[str]]:
        """Every text split at "\\n" (empty lines kept: some steps count positions)."""
        return [text.split("\n") for text in self.texts]

    @cached_property
    def code_points(self) -> np.ndarray:
        """The batch's texts joined by "\\n" as UTF-32 code points (text i starts at ``offsets[i]``)."""
        return np.frombuffer("\n".join(self.texts).encode("utf-32-le"), np.uint32)

    @cached_property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.lengths + 1)])[:-1].astype(np.int64)

    @cached_property
    def tokens(self) -> Tokens:
        """Kiwi's morphemes of every text (one call for the batch; its CPU time is kept)."""
        if self.kiwi_future is None:
            self.submit_to_kiwi()
        if self.kiwi_future is not None:  # Kiwi runs on threads beside this one: the stream says its CPU
            tokens, cpu = self.kiwi_future.result()
            self.kiwi_cpu += cpu
            return tokens
        started = time.process_time()
        tokens = tokenize_batch(self.texts)
        self.kiwi_cpu += time.process_time() - started
        return tokens

    def per_text(self, mask: np.ndarray) -> np.ndarray:
        """How many of each text's code points ``mask`` (over ``code_points``) marks."""
        cumulative = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
        return cumulative[self.offsets + self.lengths] - cumulative[self.offsets]

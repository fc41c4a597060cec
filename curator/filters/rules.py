"""The general rule mechanism: (signal column, bounds) -> reason ``family:rule``, vectorized.

A verdict is a pure function of (signals, rules, decisions). Failing rules are combined into one
integer code per row (bit i = rule i failed); the distinct codes are few, so the ``reasons`` list
column is built by mapping codes to lists once, not per row. This is what makes re-evaluation on
millions of rows a matter of milliseconds.
"""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from curator.errors import CuratorError

REASONS_TYPE = pa.list_(pa.string())


@dataclass(frozen=True)
class Rule:
    name: str  # family:rule
    signal: str
    min: float | None = None
    max: float | None = None

    @property
    def family(self) -> str:
        return self.name.split(":", 1)[0]

    def fails(self, values: np.ndarray) -> np.ndarray:
        """Boolean mask of rows that fail; a missing value (NaN) never fails a rule."""
        values = np.asarray(values, dtype=np.float64)
        if self.min is not None and self.max is not None:
            return (values < self.min) | (values > self.max)
        if self.min is not None:
            return values < self.min
        if self.max is not None:
            return values > self.max
        return np.zeros(values.shape, dtype=bool)

    def describe(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"{self.signal} ≥ {self.min:g}")
        if self.max is not None:
            parts.append(f"{self.signal} ≤ {self.max:g}")
        return " and ".join(parts)


def rules_from_config(config: dict) -> list[Rule]:
    rules = []
    for name, spec in config.get("rules", {}).items():
        if spec.get("enabled", True) is False:
            continue
        rules.append(Rule(name, spec["signal"], spec.get("min"), spec.get("max")))
    return rules


def pack_bits(masks) -> np.ndarray:
    """One uint64 per row whose bit i says ``masks[i]`` holds for that row (at most 64 masks)."""
    masks = list(masks)
    if len(masks) > 64:
        raise CuratorError(f"at most 64 reasons are supported ({len(masks)} given: rules + dedup + review)")
    codes = np.zeros(len(masks[0]) if masks else 0, dtype=np.uint64)
    for bit, mask in enumerate(masks):
        codes |= np.asarray(mask).astype(np.uint64) << np.uint64(bit)
    return codes


def reasons_from_codes(codes: np.ndarray, names: list[str]) -> pa.ListArray:
    """A list<string> column with the names whose bits are set, in rule order."""
    unique, inverse = np.unique(codes, return_inverse=True)
    lists = [[names[b] for b in range(len(names)) if (int(code) >> b) & 1] for code in unique]
    dictionary = pa.array(lists, type=REASONS_TYPE)
    return dictionary.take(pa.array(inverse.astype(np.int64)))

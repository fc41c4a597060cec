"""Byte sizes as users write them: ``256MB``, ``1.5GB`` (powers of 1000), ``64MiB`` (powers of 1024)."""

import re

from curator.errors import CuratorError

_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    match = _SIZE.match(str(text))
    unit = (match.group(2).lower() or "b") if match else None
    if not match or unit not in _UNITS:
        raise CuratorError(f"{text!r}: not a size (examples: 256MB, 1GB, 64MiB, 500KB)")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise CuratorError(f"{text!r}: a size must be positive")
    return size

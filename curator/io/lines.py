"""Text lines of a decompressed byte stream: bounded in size, decoded one line at a time.

Bounded: a line longer than the record cap is never held whole; it is skipped and reported as
``Oversize`` (a 5 GiB one-line gzip bomb costs the cap, not 5 GiB). Decoded per line: a file that
mixes CP949 and UTF-8 lines (concatenated dumps) decodes each line in the encoding that fits it,
strictly, before falling back to replacement characters (which the encoding rule then counts).
UTF-16/32 files cannot be split on the byte ``\\n``; they go through one decoder, still bounded.
"""

import codecs
import io
from typing import Iterator, NamedTuple

SKIP_CHUNK = 1 << 20

# primary encoding -> the other encoding a Korean file may mix in
_FALLBACK = {"utf-8": "cp949", "utf-8-sig": "cp949", "cp949": "utf-8", "euc-kr": "utf-8"}


class Oversize(NamedTuple):
    """A line longer than the cap, skipped; ``n_bytes`` of it were read (at least the cap)."""

    n_bytes: int


def decode_line(raw: bytes, encoding: str) -> str:
    """``raw`` in ``encoding``, else in the other Korean encoding, else with U+FFFD replacements."""
    primary = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return raw.decode(primary)
    except UnicodeDecodeError:
        pass
    other = _FALLBACK.get(encoding)
    if other is not None:
        try:
            return raw.decode(other)
        except UnicodeDecodeError:
            pass
    return raw.decode(primary, errors="replace")


def _skip_rest(read_line, taken: int, newline=b"\n") -> int:
    """Read and drop the rest of an oversize line; returns its whole length."""
    while True:
        more = read_line(SKIP_CHUNK)
        taken += len(more)
        if not more or more.endswith(newline):
            return taken


def byte_lines(stream: io.BufferedIOBase, max_bytes: int) -> Iterator[bytes | Oversize]:
    """Raw lines (with their ``\\n``) of at most ``max_bytes``; longer ones become ``Oversize``."""
    read_line = stream.readline
    while True:
        line = read_line(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes:
            yield Oversize(_skip_rest(read_line, len(line)) if not line.endswith(b"\n") else len(line))
            continue
        yield line


def text_lines(stream: io.BufferedIOBase, encoding: str, max_bytes: int) -> Iterator[str | Oversize]:
    """Decoded lines of ``stream`` (line endings kept), each at most ``max_bytes`` of input."""
    if encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
        yield from _wide_lines(stream, encoding, max_bytes)
        return
    first = True
    for raw in byte_lines(stream, max_bytes):
        if isinstance(raw, Oversize):
            first = False
            yield raw
            continue
        if first:
            first = False
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
        yield decode_line(raw, encoding)


def _wide_lines(stream, encoding: str, max_bytes: int) -> Iterator[str | Oversize]:
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    max_chars = max(1, max_bytes // 2)
    while True:
        line = text.readline(max_chars + 1)
        if not line:
            return
        if len(line) > max_chars and not line.endswith("\n"):
            yield Oversize(_skip_rest(text.readline, len(line), "\n") * 2)
            continue
        yield line.lstrip("\ufeff") if line.startswith("\ufeff") else line


def read_bounded(stream: io.BufferedIOBase, max_bytes: int) -> bytes | Oversize:
    """The whole rest of ``stream`` if it is at most ``max_bytes``, else ``Oversize``."""
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    taken = len(data)
    del data
    while True:
        more = stream.read(SKIP_CHUNK)
        if not more:
            return Oversize(taken)
        taken += len(more)


def decode_text(raw: bytes, encoding: str) -> str:
    """A whole document: strict in ``encoding``; if that fails, line by line (see ``decode_line``)."""
    if encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
        return raw.decode(encoding, errors="replace")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    primary = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return raw.decode(primary)
    except UnicodeDecodeError:
        return "".join(decode_line(line, encoding) for line in raw.splitlines(keepends=True))

"""Byte streams over input files: decompression, byte counting for progress, sha256 on the fly.

Reading hashes the raw file as it goes, so the input fingerprint in ``workspace.json`` costs no
second pass. Truncated gzip and zstd streams raise ``EOFError`` (zstandard's own reader returns
short data silently, so we drive its decompressobj and check ``eof``).
"""

import gzip
import hashlib
import io
import os

import zstandard


class CountingFile(io.RawIOBase):
    """Wraps a binary file; counts and hashes every byte read."""

    def __init__(self, path: str):
        self._f = open(path, "rb")
        self.bytes_read = 0
        self.sha256 = hashlib.sha256()
        self._digest: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._f.readinto(buffer)
        if n:
            self.bytes_read += n
            self.sha256.update(memoryview(buffer)[:n])
        return n

    def finish_hash(self) -> str:
        """Hash whatever a reader left unread (e.g. after a fatal error) and return the hex digest."""
        if self._digest is None:
            while True:
                chunk = self._f.read(1 << 20)
                if not chunk:
                    break
                self.bytes_read += len(chunk)
                self.sha256.update(chunk)
            self._digest = self.sha256.hexdigest()
        return self._digest

    def close(self) -> None:
        # Wrappers (TextIOWrapper, GzipFile) close us when they are dropped: hash the rest first.
        if not self.closed:
            self.finish_hash()
            self._f.close()
        super().close()


class _ZstdReader(io.RawIOBase):
    """Streaming zstd decompression that notices a truncated frame."""

    def __init__(self, raw):
        self._raw = raw
        self._dobj = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            chunk = self._raw.read(1 << 18)
            if not chunk:
                if not self._dobj.eof:
                    raise EOFError("zstd stream ended before the end-of-frame marker (truncated file)")
                self._done = True
                break
            out = self._dobj.decompress(chunk)
            while self._dobj.eof and self._dobj.unused_data:  # concatenated frames
                rest = self._dobj.unused_data
                self._dobj = zstandard.ZstdDecompressor().decompressobj()
                out += self._dobj.decompress(rest)
            self._pending = out
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def compression_of(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(".gz"):
        return "gzip"
    if lower.endswith(".zst") or lower.endswith(".zstd"):
        return "zstd"
    return None


def open_bytes(path: str) -> tuple[io.BufferedReader, CountingFile]:
    """Open ``path`` as a decompressed, buffered byte stream; also return the counting raw file."""
    raw = CountingFile(path)
    kind = compression_of(path)
    if kind == "gzip":
        stream = gzip.GzipFile(fileobj=io.BufferedReader(raw, 1 << 20), mode="rb")
        return io.BufferedReader(stream, 1 << 20), raw
    if kind == "zstd":
        return io.BufferedReader(_ZstdReader(raw), 1 << 20), raw
    return io.BufferedReader(raw, 1 << 20), raw


def sha256_file(path: str) -> str:
    """sha256 of a whole file, read in 1 MB blocks (inputs we cannot hash while reading, shards)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_size(path: str) -> int:
    return os.path.getsize(path)

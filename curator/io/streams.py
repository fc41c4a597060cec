"""Byte streams over input files: decompression, byte counting for progress, sha256 on the fly.

Reading hashes the raw file as it goes, so the input fingerprint in ``workspace.json`` costs no
second pass. Truncated gzip and zstd streams raise ``EOFError`` after every byte before the cut
has been handed out (the stock readers lose the last buffer or return short data silently, so we
drive both decompressors ourselves and check ``eof``).
"""

import hashlib
import io
import os
import zlib

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


class _GzipReader(io.RawIOBase):
    """Streaming gzip decompression that hands out every byte before a cut.

    ``gzip.GzipFile`` behind a buffered reader loses the data decompressed just before a
    truncation (the buffered read fails as a whole); here the error is raised only once all the
    data before it has been read, like ``_ZstdReader``. Concatenated members are read in turn.
    """

    def __init__(self, raw):
        self._raw = raw
        self._dobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._done = False
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            chunk = self._raw.read(1 << 18)
            if not chunk:
                if self._started and not self._dobj.eof:
                    raise EOFError("gzip stream ended before the end-of-stream marker (truncated file)")
                self._done = True
                break
            self._started = True
            try:
                out = self._dobj.decompress(chunk, 1 << 22)
                while self._dobj.unconsumed_tail and len(out) < (1 << 22):
                    out += self._dobj.decompress(self._dobj.unconsumed_tail, 1 << 22)
            except zlib.error as exc:
                raise OSError(f"not a valid gzip stream: {exc}") from None
            self._pending = out
            if self._dobj.unconsumed_tail:  # bounded output per call: keep the rest for later
                self._raw = _Prepend(self._dobj.unconsumed_tail, self._raw)
            elif self._dobj.eof and self._dobj.unused_data:  # next member
                rest = self._dobj.unused_data
                self._dobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._raw = _Prepend(rest, self._raw)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _Prepend:
    """``bytes`` put back in front of a raw stream."""

    def __init__(self, head: bytes, raw):
        self._head, self._raw = head, raw

    def read(self, n: int) -> bytes:
        if self._head:
            head, self._head = self._head[:n], self._head[n:]
            return head
        return self._raw.read(n)


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
        return io.BufferedReader(_GzipReader(io.BufferedReader(raw, 1 << 20)), 1 << 20), raw
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

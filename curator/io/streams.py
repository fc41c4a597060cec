"""Byte streams over input files: decompression, byte counting for progress, sha256 on the fly.

Reading hashes the raw file as it goes, so the input fingerprint in ``workspace.json`` costs no
second pass. Truncated gzip and zstd streams raise ``EOFError`` after every byte before the cut
has been handed out (the stock readers lose the last buffer or return short data silently, so we
drive both decompressors ourselves and check ``eof``).
"""

import hashlib
import io
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
        self.produced = 0

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
            self.produced += len(out)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _GzipReader(io.RawIOBase):
    """Streaming gzip decompression that hands out every byte before a cut.

    ``gzip.GzipFile`` behind a buffered reader loses the data decompressed just before a
    truncation (the buffered read fails as a whole); here the error is raised only once all the
    data before it has been read, like ``_ZstdReader``. Concatenated members are read in turn, and
    output per step is bounded (a gzip bomb never expands in one piece).
    """

    STEP = 1 << 22  # decompressed bytes per step

    def __init__(self, raw):
        self._raw = raw
        self._dobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._input = b""  # compressed bytes read but not yet given to the decompressor
        self._done = False
        self._started = False
        self.produced = 0  # decompressed bytes so far (progress: raw bytes per decompressed byte)

    def readable(self) -> bool:
        return True

    def _step(self) -> bytes:
        if not self._input:
            self._input = self._raw.read(1 << 18)
            if not self._input:
                if self._started and not self._dobj.eof:
                    raise EOFError("gzip stream ended before the end-of-stream marker (truncated file)")
                self._done = True
                return b""
        self._started = True
        try:
            out = self._dobj.decompress(self._input, self.STEP)
        except zlib.error as exc:
            raise OSError(f"not a valid gzip stream: {exc}") from None
        self._input = self._dobj.unconsumed_tail
        if self._dobj.eof:  # a member ended: the rest (if any) is the next member
            self._input = self._dobj.unused_data + self._input
            if self._input:
                self._dobj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return out

    def readinto(self, buffer) -> int:
        while not self._pending and not self._done:
            self._pending = self._step()
            self.produced += len(self._pending)
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


class Consumed(io.BufferedReader):
    """A buffered stream that counts the bytes its reader has taken (not what the buffer holds),
    so progress says how far the *records* are, not how far read-ahead went."""

    def __init__(self, raw, size: int):
        super().__init__(raw, size)
        self.consumed = 0

    def read(self, n=-1):
        data = super().read(n)
        self.consumed += len(data)
        return data

    def readline(self, limit=-1):
        line = super().readline(limit)
        self.consumed += len(line)
        return line

    def read1(self, n=-1):
        data = super().read1(n)
        self.consumed += len(data)
        return data

    def readinto(self, buffer):
        n = super().readinto(buffer)
        self.consumed += n or 0
        return n


def open_bytes(path: str) -> tuple[Consumed, CountingFile]:
    """Open ``path`` as a decompressed, buffered byte stream; also return the counting raw file."""
    raw = CountingFile(path)
    kind = compression_of(path)
    if kind == "gzip":
        stream = Consumed(_GzipReader(io.BufferedReader(raw, 1 << 20)), 1 << 20)
    elif kind == "zstd":
        stream = Consumed(_ZstdReader(raw), 1 << 20)
    else:
        stream = Consumed(raw, 1 << 20)
    raw.stream = stream
    return stream, raw


def consumed_raw_bytes(raw: "CountingFile") -> int:
    """How many bytes of the file on disk the records read so far came from (decompressed files:
    the raw bytes read, scaled by the share of decompressed output already taken)."""
    stream = getattr(raw, "stream", None)
    if stream is None:
        return raw.bytes_read
    inner = stream.raw
    produced = getattr(inner, "produced", None)
    if produced is None:
        return min(stream.consumed, raw.bytes_read)
    return int(raw.bytes_read * min(1.0, stream.consumed / produced)) if produced else 0


def sha256_file(path: str) -> str:
    """sha256 of a whole file, read in 1 MB blocks (inputs we cannot hash while reading, shards)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()



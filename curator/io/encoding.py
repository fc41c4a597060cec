"""Detect the text encoding of an input file: BOM, strict UTF-8, strict EUC-KR/CP949, then a detector.

Strict decoding is right on every Korean sample we have; statistical detectors are not (charset-
normalizer calls short Korean "big5"), so one is only the last resort. The sample skips a leading
pure-ASCII stretch, because a file whose first megabyte is ASCII tells nothing about its encoding.
"""

import codecs

from curator.io.streams import open_bytes

SAMPLE_BYTES = 1 << 20
MAX_SCAN_BYTES = 256 << 20

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def detect_encoding_of_bytes(head: bytes, sample: bytes) -> str:
    """Choose an encoding from the file's first bytes (for the BOM) and a non-ASCII sample."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if not sample or sample.isascii():
        return "utf-8"
    for name, max_cut in (("utf-8", 3), ("euc-kr", 1), ("cp949", 1)):
        # A sample cut mid-file may end inside a multibyte character: allow a short tail.
        for cut in range(max_cut + 1):
            try:
                codecs.decode(sample[: len(sample) - cut], name, "strict")
                return name
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else "utf-8"


def _read(stream, n: int) -> bytes:
    try:
        return stream.read(n)
    except EOFError:  # truncated compressed file: the reader reports it; sniff what we got
        return b""


def detect_encoding(path: str) -> str:
    """Sniff ``path`` (decompressing if needed) and return a Python codec name."""
    stream, raw = open_bytes(path)
    try:
        head = _read(stream, 4)
        buffer, scanned = head, len(head)
        while scanned < MAX_SCAN_BYTES:
            if not buffer.isascii():
                # The first non-ASCII byte starts a character in UTF-8 and CP949 alike.
                first = next(i for i, b in enumerate(buffer) if b >= 0x80)
                sample = buffer[first:]
                if len(sample) < SAMPLE_BYTES:
                    sample += _read(stream, SAMPLE_BYTES - len(sample))
                return detect_encoding_of_bytes(head, sample)
            buffer = _read(stream, SAMPLE_BYTES)
            if not buffer:
                break
            scanned += len(buffer)
        return detect_encoding_of_bytes(head, b"")
    finally:
        stream.close()
        raw.close()

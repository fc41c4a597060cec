"""Streaming readers for every accepted input format.

Each reader yields, in input order, either a ``Record`` or a ``ReadError`` with the file and the
position (line, CSV record, row, array element). A bad record never stops the file; a fatal
problem (truncated stream, unreadable container) ends the file with one ``ReadError`` after every
good record before it has been yielded.

Positions: ``path:LINE`` for line-based text formats (1-based), ``path:ROW`` for Parquet/Arrow and
JSON arrays (1-based row/element), ``path`` alone for a whole-file ``.txt`` document.
"""

import csv
import errno
import glob
import hashlib
import io
import json
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.encoding import detect_encoding
from curator.io.lines import Oversize, decode_text, read_bounded, text_lines
from curator.io.streams import CountingFile, consumed_raw_bytes, open_bytes, sha256_file
from curator.io.text import normalize

TEXT_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".json", ".json.gz", ".json.zst", ".txt",
                 ".txt.gz", ".txt.zst", ".csv", ".tsv", ".csv.gz", ".tsv.gz", ".csv.zst", ".tsv.zst")
ACCEPTED = TEXT_SUFFIXES + (".parquet", ".arrow")


class Record(NamedTuple):
    text: str
    source: str
    input_id: str | None
    meta: str | None  # JSON object of the other fields the input carried, or None


@dataclass
class ReadError:
    file: str
    position: str | None
    reason: str

    def as_dict(self) -> dict:
        return {"file": self.file, "position": self.position, "reason": self.reason}


@dataclass
class ReadOptions:
    text_field: str | None = "text"  # None: the whole record (every field but the id) goes to ``meta``, text ""
    id_field: str = "id"
    txt_split: str = "file"  # or "paragraph"
    max_record_bytes: int = 64_000_000  # longer records are reported and skipped (bounded memory)
    full_paths: bool = False  # keep input paths as given in ``source`` (default: relative names)


@dataclass
class FileReport:
    """What reading one file found out; filled in as the reader goes."""

    path: str
    size: int
    format: str
    encoding: str | None = None
    sha256: str | None = None
    records: int = 0
    errors: int = 0
    counter: CountingFile | None = None  # the raw file being read, for progress in bytes
    rows_share: float = 0.0  # Parquet/Arrow: share of the rows read so far

    @property
    def bytes_read(self) -> int:
        """Bytes of the file the records handed out so far came from (not the read-ahead)."""
        if self.counter is not None:
            return consumed_raw_bytes(self.counter)
        return int(self.size * self.rows_share)


# ---------------------------------------------------------------- input discovery


def is_hf_dataset_dir(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "state.json")) or os.path.isfile(
        os.path.join(path, "dataset_dict.json"))


def format_of(path: str) -> str | None:
    if os.path.isdir(path):
        return "hf_dataset" if is_hf_dataset_dir(path) else None
    lower = path.lower()
    for suffix in ACCEPTED:
        if lower.endswith(suffix):
            return suffix.split(".")[1]
    return None


@dataclass
class Inputs:
    """What ``expand_inputs`` found: readable inputs in order, each with the name it is stored
    under in ``source``; files skipped for their format; files that cannot be read at all."""

    paths: list[str]
    names: dict[str, str]
    skipped: list[str]
    problems: list[ReadError]
    own_outputs: list[str] = field(default_factory=list)  # directories of the tool's own output, not read


def printable(path: str) -> str:
    """``path`` as valid UTF-8 text: bytes of a non-UTF-8 file name become ``\\xNN`` escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _problem(path: str) -> str | None:
    """Why ``path`` (found in a directory or named) cannot be read as a file, or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            return "symbolic link loop" if exc.errno == errno.ELOOP else "dangling symbolic link"
        return exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
        return f"not a regular file ({kind})"
    return None


def expand_inputs(inputs: list[str], full_paths: bool = False, is_own_output=None) -> Inputs:
    """Turn files, directories and globs into an ordered list of readable inputs.

    Files inside a directory whose format is not accepted are skipped and listed; FIFOs, sockets,
    dangling links and link loops are problems (reported, the run goes on); a path named directly
    that does not exist or is not accepted is an error. Each input's stored name is relative to
    the input named on the command line (its directory's name, then the path inside), unless
    ``full_paths``: no local path reaches a shared export. A directory met on the walk for which
    ``is_own_output(path)`` holds (the run's own workspace, another workspace or an export of this
    tool) is not read, and listed in ``own_outputs``: a second run over a folder that holds the
    first run's output must not read that output back.
    """
    own_outputs: list[str] = []
    found: list[str] = []
    names: dict[str, str] = {}
    skipped: list[str] = []
    problems: list[ReadError] = []

    def add(path: str, name: str) -> None:
        why = _problem(path)
        if why is not None:
            problems.append(ReadError(printable(name), None, f"cannot read: {why}"))
        elif path not in names:
            found.append(path)
            names[path] = printable(path if full_paths else name)

    for item in inputs:
        if any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise CuratorError(f"{item}: no file matches this pattern")
            paths = matches
            base = os.path.dirname(os.path.abspath(literal_prefix(item) or "."))
        else:
            if not os.path.lexists(item):
                raise CuratorError(f"{item}: no such file or directory")
            paths = [item]
            base = os.path.dirname(os.path.abspath(item))
        for path in paths:
            rel = os.path.relpath(os.path.abspath(path), base)
            if os.path.isdir(path) and not is_hf_dataset_dir(path):
                for root, dirs, files in os.walk(path):
                    if is_own_output is not None and root != path and is_own_output(root):
                        own_outputs.append(printable(root))
                        dirs.clear()
                        continue
                    dirs.sort()
                    if is_hf_dataset_dir(root) and root != path:
                        add(root, os.path.join(rel, os.path.relpath(root, path)))
                        dirs.clear()
                        continue
                    for name in sorted(files):
                        full = os.path.join(root, name)
                        if format_of(full):
                            add(full, os.path.join(rel, os.path.relpath(full, path)))
                        else:
                            skipped.append(printable(full))
            elif format_of(path):
                add(path, rel)
            else:
                raise CuratorError(f"{printable(path)}: unsupported input format (accepted: "
                                   ".jsonl[.gz|.zst], .json, .txt, .csv, .tsv, .parquet, "
                                   "a datasets save_to_disk directory)")
    return Inputs(found, names, skipped, problems, own_outputs)


def literal_prefix(pattern: str) -> str:
    """The directories of a glob pattern before its first wildcard (``/data/ko/*.jsonl`` → ``/data/ko/``)."""
    head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return head[: head.rfind(os.sep) + 1] if os.sep in head else ""


# ---------------------------------------------------------------- helpers


def _split_record(obj: dict, options: ReadOptions) -> tuple[str | None, str | None, str | None]:
    """(text, input_id, meta_json) from a JSON/CSV object; text None when missing (text "" when
    ``options.text_field`` is None: a benchmark file is read whole, decontam/benchmark.py)."""
    text = obj.get(options.text_field) if options.text_field is not None else ""
    raw_id = obj.get(options.id_field)
    input_id = None
    if isinstance(raw_id, str) and raw_id:
        input_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        input_id = str(raw_id)
    meta = None
    if len(obj) > ((options.text_field is not None) + (options.id_field in obj)):
        rest = {k: v for k, v in obj.items() if k != options.text_field and k != options.id_field}
        meta = json.dumps(rest, ensure_ascii=False, default=str)
    return text, input_id, meta


def _type_name(value) -> str:
    return "null" if value is None else type(value).__name__


def _text_stream(stream, encoding: str, newline: str | None = "\n") -> io.TextIOWrapper:
    # errors="replace": an undecodable byte becomes U+FFFD, which the encoding rule counts.
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=newline)


# ---------------------------------------------------------------- readers


def _oversize(path: str, where: str, item: Oversize, options: ReadOptions) -> ReadError:
    return ReadError(path, where, f"record of {item.n_bytes:,}+ bytes is larger than input.max_record_bytes "
                                  f"({options.max_record_bytes:,}); skipped")


def _read_jsonl_lines(lines, path: str, options: ReadOptions, report: FileReport,
                      first_line: int = 1) -> Iterator:
    text_field = options.text_field
    loads = json.loads
    for lineno, line in enumerate(lines, first_line):
        if isinstance(line, Oversize):
            yield _oversize(path, f"line {lineno}", line, options)
            continue
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except ValueError as exc:
            yield ReadError(path, f"line {lineno}", f"invalid JSON: {exc}")
            continue
        except RecursionError:
            yield ReadError(path, f"line {lineno}", "invalid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield ReadError(path, f"line {lineno}", f"expected a JSON object, got {_type_name(obj)}")
            continue
        text, input_id, meta = _split_record(obj, options)
        if not isinstance(text, str):
            what = (f"missing (fields: {', '.join(list(obj)[:10]) or 'none'})" if text_field not in obj
                    else f"not a string ({_type_name(text)})")
            yield ReadError(path, f"line {lineno}", f"field '{text_field}' is {what}")
            continue
        yield Record(normalize(text), f"{path}:{lineno}", input_id, meta)


@contextmanager
def opened(path: str, report: FileReport) -> Iterator:
    """The file's byte stream (decompressed), counted for progress and hashed as it is read; on
    leaving (the reader finished, failed or was stopped early) the hash lands in ``report`` and the
    stream is closed. ``report.encoding`` is detected first."""
    report.encoding = detect_encoding(path)
    stream, raw = open_bytes(path)
    report.counter = raw
    try:
        yield stream
    finally:
        report.sha256 = raw.finish_hash()
        stream.close()


def read_jsonl(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    with opened(path, report) as stream:
        lines = text_lines(stream, report.encoding, options.max_record_bytes)
        yield from _read_jsonl_lines(lines, path, options, report)


def read_json(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    """A JSON array of objects, decoded element by element; a file not starting with '[' is JSONL."""
    is_array = False
    with opened(path, report) as stream:
        text_io = _text_stream(stream, report.encoding)
        buf = text_io.read(1 << 16)
        stripped = buf.lstrip("\ufeff \t\r\n")
        is_array = stripped.startswith("[")
        if is_array:
            yield from _read_json_array(stripped[1:], text_io, path, options)
    if not is_array:
        yield from read_jsonl(path, options, report)


def _read_json_array(buf: str, text_io, path: str, options: ReadOptions) -> Iterator:
    """Elements one by one. When an element does not fit the buffer, the next read doubles (so a
    200 MB element costs a few decode attempts, not one per megabyte); an element larger than the
    record cap ends the file with one error (an array cannot be resynchronised safely)."""
    decoder = json.JSONDecoder()
    max_chars = options.max_record_bytes
    index = 0
    pos = 0
    eof = False
    step = 1 << 20
    while True:
        while pos < len(buf) and buf[pos] in " \t\r\n,":
            pos += 1
        if pos < len(buf) and buf[pos] == "]":
            return
        try:
            if pos >= len(buf):
                raise ValueError("need more")
            obj, end = decoder.raw_decode(buf, pos)
            if end == len(buf) and not eof:  # a number or literal may continue in the next chunk
                raise ValueError("need more")
        except RecursionError:
            # nested too deeply for the decoder but well formed: skip just this element
            end = _end_of_value(buf, pos)
            if end is not None:
                index += 1
                yield ReadError(path, f"element {index}", "invalid JSON: nested too deeply; element skipped")
                pos = end
                continue
            if eof:
                yield ReadError(path, f"element {index + 1}", "unexpected end of file; rest of the array skipped")
                return
            more = text_io.read(step)
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            continue
        except ValueError as exc:
            if eof:
                reason = "unexpected end of file" if pos >= len(buf) else f"invalid JSON: {exc}"
                yield ReadError(path, f"element {index + 1}", f"{reason}; rest of the array skipped")
                return
            if len(buf) - pos > max_chars:
                yield ReadError(path, f"element {index + 1}", f"element larger than input.max_record_bytes "
                                f"({max_chars:,}); rest of the array skipped")
                return
            more = text_io.read(step)
            step = min(step * 2, max(1 << 20, max_chars))
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            continue
        step = 1 << 20
        index += 1
        pos = end
        if pos > (1 << 22):  # drop what has been decoded so the buffer does not keep it
            buf, pos = buf[pos:], 0
        if not isinstance(obj, dict):
            yield ReadError(path, f"element {index}", f"expected a JSON object, got {_type_name(obj)}")
            continue
        text, input_id, meta = _split_record(obj, options)
        if not isinstance(text, str):
            yield ReadError(path, f"element {index}", f"field '{options.text_field}' is missing or not a string")
            continue
        yield Record(normalize(text), f"{path}:{index}", input_id, meta)


_JSON_TOKENS = re.compile(r'[\[\]{}"]')


def _end_of_value(buf: str, pos: int) -> int | None:
    """Where the JSON array or object starting at ``pos`` ends (brackets counted outside strings),
    or None when the buffer holds only part of it."""
    depth, i = 0, pos
    while True:
        match = _JSON_TOKENS.search(buf, i)
        if match is None:
            return None
        ch, i = match.group(), match.end()
        if ch == '"':  # a string: to its closing quote, past escaped ones
            while True:
                close = buf.find('"', i)
                if close < 0:
                    return None
                backslashes = len(buf[:close]) - len(buf[:close].rstrip("\\"))
                i = close + 1
                if backslashes % 2 == 0:
                    break
        elif ch in "[{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return i


def read_txt(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    with opened(path, report) as stream:
        if options.txt_split == "paragraph":
            block: list[str] = []
            size = 0
            start = 0
            for lineno, line in enumerate(text_lines(stream, report.encoding, options.max_record_bytes), 1):
                if isinstance(line, Oversize) or size + len(line) > options.max_record_bytes:
                    yield _oversize(path, f"line {start or lineno}", line if isinstance(line, Oversize)
                                    else Oversize(size + len(line)), options)
                    block, size, start = [], 0, 0
                    continue
                if line.strip():
                    if not block:
                        start = lineno
                    block.append(line.rstrip("\r\n"))
                    size += len(line)
                elif block:
                    yield Record(normalize("\n".join(block)), f"{path}:{start}", None, None)
                    block, size, start = [], 0, 0
            if block:
                yield Record(normalize("\n".join(block)), f"{path}:{start}", None, None)
        else:
            data = read_bounded(stream, options.max_record_bytes)
            if isinstance(data, Oversize):
                yield _oversize(path, None, data, options)
                return
            text = decode_text(data, report.encoding)
            del data
            yield Record(normalize(text.replace("\r\n", "\n").replace("\r", "\n")), path, None, None)


class _LineCounter:
    """Feeds ``csv.reader`` bounded lines and counts physical lines (skipped ones included)."""

    def __init__(self, lines, path: str, options: ReadOptions):
        self.lines, self.path, self.options = lines, path, options
        self.count = 0
        self.skipped: list[ReadError] = []

    def __iter__(self):
        for line in self.lines:
            self.count += 1
            if isinstance(line, Oversize):
                self.skipped.append(_oversize(self.path, f"line {self.count}", line, self.options))
                continue
            yield line


def read_csv(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    delimiter = "\t" if ".tsv" in path.lower() else ","
    csv.field_size_limit(max(options.max_record_bytes, 131_072))  # the default cap is 131,072 characters
    with opened(path, report) as stream:
        lines = _LineCounter(text_lines(stream, report.encoding, options.max_record_bytes), path, options)
        reader = csv.reader(iter(lines), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if options.text_field is not None and options.text_field not in header:
            yield ReadError(path, "line 1", f"no column '{options.text_field}' in header {header[:10]}")
            return
        text_at = header.index(options.text_field) if options.text_field is not None else None
        while True:
            start = lines.count + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield ReadError(path, f"line {start}", f"CSV error: {exc}")
                continue
            finally:
                while lines.skipped:
                    yield lines.skipped.pop(0)
            if not row:
                continue
            if len(row) != len(header):
                yield ReadError(path, f"line {start}",
                                f"expected {len(header)} fields, found {len(row)}")
                continue
            size = utf8_size_over(row[text_at] if text_at is not None else "".join(row), options.max_record_bytes)
            if size is not None:  # a quoted field spans lines: each line was bounded, the field was not
                yield ReadError(path, f"line {start}", f"record of {size:,} bytes is larger than "
                                f"input.max_record_bytes ({options.max_record_bytes:,}); skipped")
                continue
            obj = dict(zip(header, row))
            _, input_id, meta = _split_record(obj, options)
            yield Record(normalize(row[text_at]) if text_at is not None else "", f"{path}:{start}", input_id, meta)


def utf8_size_over(text: str, limit: int) -> int | None:
    """The UTF-8 size of ``text`` when it is over ``limit`` bytes, else None: one unit (bytes of
    UTF-8) for the record cap in every format (a Hangul syllable is 3 bytes, so a character count
    let a 354 KB Parquet or CSV record through a 300 KB cap that skipped it from JSONL)."""
    if len(text) * 4 <= limit:  # no character is wider than 4 bytes: surely under, no encoding
        return None
    size = len(text.encode("utf-8", "surrogatepass"))
    return size if size > limit else None


def text_column(column: pa.Array) -> pa.Array | None:
    """``column`` as strings: dictionary-encoded strings are decoded, binary is read as UTF-8
    (invalid bytes become U+FFFD, which the encoding rule counts); None for any other type."""
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column
    if getattr(pa.types, "is_string_view", lambda _t: False)(kind):
        return column.cast(pa.string())
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind):
        values = [None if v is None else v.decode("utf-8", errors="replace") for v in column.to_pylist()]
        return pa.array(values, pa.string())
    return None


def _read_arrow_batches(batches, path: str, options: ReadOptions, row_offset: list[int]) -> Iterator:
    """Rows of Arrow record batches; ``row_offset`` is a one-item list carried across batches."""
    whole = options.text_field is None  # the whole row: text "", every column but the id in meta
    if whole:
        options = ReadOptions(**{**options.__dict__, "text_field": "\0text"})
    for batch in batches:
        if whole:
            batch = batch.append_column("\0text", pa.array([""] * batch.num_rows, pa.string()))
        names = batch.schema.names
        if options.text_field not in names:
            yield ReadError(path, None, f"no column '{options.text_field}' (columns: {names[:10]})")
            return
        column = text_column(batch.column(options.text_field))
        if column is None:
            yield ReadError(path, None, f"column '{options.text_field}' has type "
                                        f"{batch.column(options.text_field).type}, not text")
            return
        texts = column.to_pylist()
        ids = batch.column(options.id_field).to_pylist() if options.id_field in names else None
        others = [n for n in names if n not in (options.text_field, options.id_field)]
        meta_rows = batch.select(others).to_pylist() if others else None
        for i, text in enumerate(texts):
            row = row_offset[0] + i + 1
            if text is None:
                yield ReadError(path, f"row {row}", f"field '{options.text_field}' is null")
                continue
            size = utf8_size_over(text, options.max_record_bytes)
            if size is not None:
                yield ReadError(path, f"row {row}", f"record of {size:,} bytes is larger than "
                                f"input.max_record_bytes ({options.max_record_bytes:,}); skipped")
                continue
            input_id = None
            if ids is not None and ids[i] is not None and not isinstance(ids[i], bool):
                input_id = str(ids[i])
            meta = json.dumps(meta_rows[i], ensure_ascii=False, default=str) if meta_rows else None
            yield Record(normalize(text), f"{path}:{row}", input_id, meta)
        row_offset[0] += len(texts)


@dataclass
class CorruptRow(ReadError):
    """A row of a batch that failed validation (it still takes its place in the row count)."""


def _valid_rows(batch: pa.RecordBatch, path: str, offset: int) -> Iterator:
    """A batch that fails full validation, row by row: the rows that validate alone are kept."""
    for i in range(batch.num_rows):
        row = batch.slice(i, 1)
        try:
            row.validate(full=True)
        except (pa.ArrowInvalid, pa.ArrowException) as exc:
            yield CorruptRow(path, f"row {offset + i + 1}", f"corrupt Arrow data: {exc}")
            continue
        yield row


def read_parquet(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    """Row group by row group (Parquet needs random access, so the hash is a separate pass)."""
    report.encoding = "utf-8"
    try:
        try:
            pfile = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several types for a broken footer
            yield ReadError(path, None, f"not a readable Parquet file: {exc}")
            return
        offset = [0]
        for group in range(pfile.num_row_groups):
            try:
                table = pfile.read_row_group(group)
            except Exception as exc:
                yield ReadError(path, f"row group {group}", f"unreadable row group: {exc}")
                offset[0] += pfile.metadata.row_group(group).num_rows
                continue
            yield from _read_arrow_batches(table.to_batches(max_chunksize=8192), path, options, offset)
            report.rows_share = offset[0] / max(1, pfile.metadata.num_rows)
    finally:
        report.sha256 = sha256_file(path)


def _hf_arrow_files(path: str) -> list[str]:
    """The Arrow files of a ``save_to_disk`` directory (Dataset or DatasetDict), in order."""
    if os.path.isfile(os.path.join(path, "dataset_dict.json")):
        with open(os.path.join(path, "dataset_dict.json"), encoding="utf-8") as fh:
            splits = json.load(fh).get("splits", [])
        return [f for split in splits for f in _hf_arrow_files(os.path.join(path, split))]
    with open(os.path.join(path, "state.json"), encoding="utf-8") as fh:
        state = json.load(fh)
    if not isinstance(state, dict) or not isinstance(state.get("_data_files", []), list):
        raise ValueError(f"{os.path.join(path, 'state.json')} is not a datasets state object")
    return [os.path.join(path, item["filename"]) for item in state.get("_data_files", [])]


def _hf_batches(arrow_file: str, first_row: int) -> Iterator:
    """Record batches of one Arrow file (stream or file format), each validated in full; a batch
    that does not validate is read row by row, and a message that cannot be read ends the file with
    one error after every batch before it."""
    source = pa.memory_map(arrow_file)
    try:
        reader = pa.ipc.open_stream(source)
        batches = iter(reader)
    except Exception:
        try:
            reader = pa.ipc.open_file(pa.memory_map(arrow_file))
        except Exception as exc:
            yield ReadError(arrow_file, None, f"not a readable Arrow file: {exc}")
            return
        batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
    rows_seen = first_row
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:
            yield ReadError(arrow_file, f"row {rows_seen + 1}", f"unreadable Arrow data, rest of the file skipped: {exc}")
            return
        try:
            batch.validate(full=True)
        except Exception:
            yield from _valid_rows(batch, arrow_file, rows_seen)
        else:
            yield batch
        rows_seen += batch.num_rows


def read_hf_dataset(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    report.encoding = "utf-8"
    try:
        files = [path] if os.path.isfile(path) else _hf_arrow_files(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        yield ReadError(path, None, f"not a readable datasets directory: {type(exc).__name__}: {exc}")
        return
    offset = [0]
    for arrow_file in files:
        for item in _hf_batches(arrow_file, offset[0]):
            if isinstance(item, ReadError):
                yield item
                if isinstance(item, CorruptRow):  # a row of a batch read row by row
                    offset[0] += 1
                continue
            yield from _read_arrow_batches([item], path, options, offset)
    report.sha256 = hashlib.sha256("".join(sha256_file(f) for f in files if os.path.isfile(f)).encode()).hexdigest()


READERS = {
    "jsonl": read_jsonl,
    "json": read_json,
    "txt": read_txt,
    "csv": read_csv,
    "tsv": read_csv,
    "parquet": read_parquet,
    "arrow": read_hf_dataset,
    "hf_dataset": read_hf_dataset,
}


def input_size(path: str) -> int:
    """Bytes of an input (files in a datasets directory summed; unreadable entries count 0)."""
    if os.path.isdir(path):
        total = 0
        for root, _, files in os.walk(path):
            for name in files:
                try:
                    total += os.stat(os.path.join(root, name)).st_size
                except OSError:
                    pass
        return total
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_file(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    """Yield Records and ReadErrors of one input; a fatal error ends it with one ReadError."""
    reader = READERS[report.format]
    if report.size == 0 and report.format != "hf_dataset":
        report.sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        yield ReadError(path, None, "empty file (0 bytes)")
        return
    count = 0
    try:
        for item in reader(path, options, report):
            count += 1
            yield item
    except EOFError as exc:
        yield ReadError(path, f"after record {count}", f"truncated file: {exc}")
    except Exception as exc:  # whatever one file does (RecursionError, MemoryError, ...), the run goes on
        yield ReadError(path, f"after record {count}", f"{type(exc).__name__}: {exc}")

"""Streaming readers for every accepted input format.

Each reader yields, in input order, either a ``Record`` or a ``ReadError`` with the file and the
position (line, CSV record, row, array element). A bad record never stops the file; a fatal
problem (truncated stream, unreadable container) ends the file with one ``ReadError`` after every
good record before it has been yielded.

Positions: ``path:LINE`` for line-based text formats (1-based), ``path:ROW`` for Parquet/Arrow and
JSON arrays (1-based row/element), ``path`` alone for a whole-file ``.txt`` document.
"""

import csv
import glob
import hashlib
import io
import json
import os
from dataclasses import dataclass
from typing import Iterator, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.encoding import detect_encoding
from curator.io.streams import CountingFile, open_bytes, sha256_file
from curator.korean.script import normalize

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
    text_field: str = "text"
    id_field: str = "id"
    txt_split: str = "file"  # or "paragraph"


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

    @property
    def bytes_read(self) -> int:
        return self.counter.bytes_read if self.counter is not None else 0


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


def expand_inputs(inputs: list[str]) -> tuple[list[str], list[str]]:
    """Turn files, directories and globs into an ordered list of readable inputs.

    Returns (inputs, skipped): files inside a directory whose format is not accepted are skipped
    and listed; a path named directly that does not exist or is not accepted is an error.
    """
    found: list[str] = []
    skipped: list[str] = []
    for item in inputs:
        if any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise CuratorError(f"{item}: no file matches this pattern")
            paths = matches
        else:
            if not os.path.exists(item):
                raise CuratorError(f"{item}: no such file or directory")
            paths = [item]
        for path in paths:
            if os.path.isdir(path) and not is_hf_dataset_dir(path):
                for root, dirs, files in os.walk(path):
                    dirs.sort()
                    if is_hf_dataset_dir(root) and root != path:
                        found.append(root)
                        dirs.clear()
                        continue
                    for name in sorted(files):
                        full = os.path.join(root, name)
                        (found if format_of(full) else skipped).append(full)
            elif format_of(path):
                found.append(path)
            else:
                raise CuratorError(f"{path}: unsupported input format (accepted: "
                                   ".jsonl[.gz|.zst], .json, .txt, .csv, .tsv, .parquet, "
                                   "a datasets save_to_disk directory)")
    seen = set()
    ordered = [p for p in found if not (p in seen or seen.add(p))]
    return ordered, skipped


# ---------------------------------------------------------------- helpers


def _split_record(obj: dict, options: ReadOptions) -> tuple[str | None, str | None, str | None]:
    """(text, input_id, meta_json) from a JSON/CSV object; text None when missing."""
    text = obj.get(options.text_field)
    raw_id = obj.get(options.id_field)
    input_id = None
    if isinstance(raw_id, str) and raw_id:
        input_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        input_id = str(raw_id)
    meta = None
    if len(obj) > (1 + (options.id_field in obj)):
        rest = {k: v for k, v in obj.items() if k != options.text_field and k != options.id_field}
        meta = json.dumps(rest, ensure_ascii=False, default=str)
    return text, input_id, meta


def _type_name(value) -> str:
    return "null" if value is None else type(value).__name__


def _text_stream(stream, encoding: str, newline: str | None = "\n") -> io.TextIOWrapper:
    # errors="replace": an undecodable byte becomes U+FFFD, which the encoding rule counts.
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=newline)


# ---------------------------------------------------------------- readers


def _read_jsonl_lines(lines, path: str, options: ReadOptions, report: FileReport,
                      first_line: int = 1) -> Iterator:
    text_field = options.text_field
    loads = json.loads
    for lineno, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except ValueError as exc:
            yield ReadError(path, f"line {lineno}", f"invalid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield ReadError(path, f"line {lineno}", f"expected a JSON object, got {_type_name(obj)}")
            continue
        text, input_id, meta = _split_record(obj, options)
        if not isinstance(text, str):
            what = "missing" if text_field not in obj else f"not a string ({_type_name(text)})"
            yield ReadError(path, f"line {lineno}", f"field '{text_field}' is {what}")
            continue
        yield Record(normalize(text), f"{path}:{lineno}", input_id, meta)


def read_jsonl(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    report.encoding = detect_encoding(path)
    stream, raw = open_bytes(path)
    report.counter = raw
    try:
        yield from _read_jsonl_lines(_text_stream(stream, report.encoding), path, options, report)
    finally:
        report.sha256 = raw.finish_hash()
        stream.close()


def read_json(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    """A JSON array of objects, decoded element by element; a file not starting with '[' is JSONL."""
    report.encoding = detect_encoding(path)
    stream, raw = open_bytes(path)
    report.counter = raw
    text_io = _text_stream(stream, report.encoding)
    is_array = False
    try:
        buf = text_io.read(1 << 16)
        stripped = buf.lstrip("\ufeff \t\r\n")
        is_array = stripped.startswith("[")
        if is_array:
            yield from _read_json_array(stripped[1:], text_io, path, options)
    finally:
        report.sha256 = raw.finish_hash()
        stream.close()
    if not is_array:
        yield from read_jsonl(path, options, report)


def _read_json_array(buf: str, text_io, path: str, options: ReadOptions) -> Iterator:
    decoder = json.JSONDecoder()
    index = 0
    pos = 0
    eof = False
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
        except ValueError as exc:
            if eof:
                reason = "unexpected end of file" if pos >= len(buf) else f"invalid JSON: {exc}"
                yield ReadError(path, f"element {index + 1}", f"{reason}; rest of the array skipped")
                return
            more = text_io.read(1 << 20)
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            continue
        index += 1
        pos = end
        if not isinstance(obj, dict):
            yield ReadError(path, f"element {index}", f"expected a JSON object, got {_type_name(obj)}")
            continue
        text, input_id, meta = _split_record(obj, options)
        if not isinstance(text, str):
            yield ReadError(path, f"element {index}", f"field '{options.text_field}' is missing or not a string")
            continue
        yield Record(normalize(text), f"{path}:{index}", input_id, meta)


def read_txt(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    report.encoding = detect_encoding(path)
    stream, raw = open_bytes(path)
    report.counter = raw
    text_io = _text_stream(stream, report.encoding, newline=None)
    try:
        if options.txt_split == "paragraph":
            block: list[str] = []
            start = 0
            for lineno, line in enumerate(text_io, 1):
                if line.strip():
                    if not block:
                        start = lineno
                    block.append(line)
                elif block:
                    yield Record(normalize("".join(block).rstrip("\n")), f"{path}:{start}", None, None)
                    block = []
            if block:
                yield Record(normalize("".join(block).rstrip("\n")), f"{path}:{start}", None, None)
        else:
            text = text_io.read()
            if text.startswith("\ufeff"):
                text = text[1:]
            yield Record(normalize(text), path, None, None)
    finally:
        report.sha256 = raw.finish_hash()
        stream.close()


def read_csv(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    report.encoding = detect_encoding(path)
    stream, raw = open_bytes(path)
    report.counter = raw
    text_io = _text_stream(stream, report.encoding, newline="")
    delimiter = "\t" if ".tsv" in path.lower() else ","
    try:
        reader = csv.reader(text_io, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        if options.text_field not in header:
            yield ReadError(path, "line 1", f"no column '{options.text_field}' in header {header[:10]}")
            return
        text_at = header.index(options.text_field)
        line = reader.line_num
        index = 1
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield ReadError(path, f"line {start}", f"CSV error: {exc}")
                line = reader.line_num
                continue
            line = reader.line_num
            index += 1
            if not row:
                continue
            if len(row) != len(header):
                yield ReadError(path, f"line {start}",
                                f"expected {len(header)} fields, found {len(row)}")
                continue
            obj = dict(zip(header, row))
            _, input_id, meta = _split_record(obj, options)
            yield Record(normalize(row[text_at]), f"{path}:{start}", input_id, meta)
    finally:
        report.sha256 = raw.finish_hash()
        stream.close()


def _read_arrow_batches(batches, path: str, options: ReadOptions, row_offset: list[int]) -> Iterator:
    """Rows of Arrow record batches; ``row_offset`` is a one-item list carried across batches."""
    for batch in batches:
        names = batch.schema.names
        if options.text_field not in names:
            yield ReadError(path, None, f"no column '{options.text_field}' (columns: {names[:10]})")
            return
        column = batch.column(options.text_field)
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            yield ReadError(path, None, f"column '{options.text_field}' has type {column.type}, not string")
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
            input_id = None
            if ids is not None and ids[i] is not None and not isinstance(ids[i], bool):
                input_id = str(ids[i])
            meta = json.dumps(meta_rows[i], ensure_ascii=False, default=str) if meta_rows else None
            yield Record(normalize(text), f"{path}:{row}", input_id, meta)
        row_offset[0] += len(texts)


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
    return [os.path.join(path, item["filename"]) for item in state.get("_data_files", [])]


def read_hf_dataset(path: str, options: ReadOptions, report: FileReport) -> Iterator:
    report.encoding = "utf-8"
    try:
        files = [path] if os.path.isfile(path) else _hf_arrow_files(path)
    except (OSError, ValueError, KeyError) as exc:
        yield ReadError(path, None, f"not a readable datasets directory: {exc}")
        return
    offset = [0]
    for arrow_file in files:
        try:
            reader = pa.ipc.open_stream(pa.memory_map(arrow_file))
        except Exception:
            try:
                reader = pa.ipc.open_file(pa.memory_map(arrow_file))
                reader = (reader.get_batch(i) for i in range(reader.num_record_batches))
            except Exception as exc:
                yield ReadError(arrow_file, None, f"not a readable Arrow file: {exc}")
                continue
        try:
            yield from _read_arrow_batches(reader, path, options, offset)
        except pa.ArrowInvalid as exc:
            yield ReadError(arrow_file, f"row {offset[0] + 1}", f"truncated Arrow stream: {exc}")
    report.sha256 = hashlib.sha256("".join(sha256_file(f) for f in files).encode()).hexdigest()


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
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
    return os.path.getsize(path)


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
    except (OSError, ValueError, csv.Error) as exc:  # gzip.BadGzipFile is an OSError
        yield ReadError(path, f"after record {count}", f"{type(exc).__name__}: {exc}")

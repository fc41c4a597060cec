"""Reading a benchmark: any file or directory ``curator run`` reads (io/readers.py), every record
read whole, and each string in it (or in the fields ``--fields`` names) an item to look for.

Items are de-duplicated by their text (KLUE NLI repeats each premise for its three hypotheses),
each keeping the label of its first record and field (``ID.field`` or ``FILE:LINE.field``).
A record that cannot be read stops the command with one line naming file and position: a
benchmark checked in part would give a false "clean".
"""

import json
import os
import re
from dataclasses import dataclass, field

from curator.errors import CuratorError
from curator.io.readers import FileReport, ReadError, ReadOptions, expand_inputs, format_of, input_size, read_file
from curator.io.streams import sha256_file

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


@dataclass
class Benchmark:
    name: str
    items: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # where each item came from: id or file:line, and field
    files: list[dict] = field(default_factory=list)  # {file, sha256, bytes, records}
    records: int = 0
    fields: list[str] | None = None


def default_name(path: str) -> str:
    """A benchmark's name from its first path: ``klue-nli-dev.jsonl.gz`` → ``klue-nli-dev``."""
    base = os.path.basename(os.path.normpath(path)).lower()
    for suffix in (".gz", ".zst", ".jsonl", ".json", ".csv", ".tsv", ".parquet", ".arrow", ".txt"):
        if base.endswith(suffix):
            base = base[: -len(suffix)]
    base = re.sub(r"[^a-z0-9_-]+", "-", base).strip("-_")
    return base or "benchmark"


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise CuratorError(f"--name {name!r}: use lower-case letters, digits, '-' and '_' (it names the reason "
                           f"contamination:{name} and a column)")
    return name


def _strings(value, prefix: str, out: list[tuple[str, str]]) -> None:
    """Every string inside ``value`` (lists and objects walked), with its field path."""
    if isinstance(value, str):
        out.append((prefix, value))
    elif isinstance(value, dict):
        for key, inner in value.items():
            _strings(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            _strings(inner, f"{prefix}[{i}]", out)


def record_strings(text: str, meta: str | None, fields: list[str] | None) -> list[tuple[str, str]]:
    """(field, text) of a record read whole: its ``meta`` object's strings (``fields``: only those
    top-level fields), and each line of a .txt document (a file of questions, one per line)."""
    found: list[tuple[str, str]] = []
    obj = json.loads(meta) if meta else {}
    for key, value in obj.items():
        if fields is None or key in fields:
            _strings(value, key, found)
    if text and (fields is None or "text" in fields):  # a .txt benchmark: one item per line
        found += [(f"line{i}", line) for i, line in enumerate(text.split("\n"), 1) if line.strip()]
    return found


def read_benchmark(paths: list[str], name: str | None = None, fields: list[str] | None = None) -> Benchmark:
    """The items of the benchmark files ``paths`` (files, directories, globs, as ``run`` takes)."""
    if not paths:
        raise CuratorError("no benchmark file given")
    bench = Benchmark(check_name(name or default_name(paths[0])), fields=fields)
    found = expand_inputs(paths)
    if found.problems:
        problem = found.problems[0]
        raise CuratorError(f"{problem.file}: {problem.reason}")
    if not found.paths:
        raise CuratorError(f"{' '.join(paths)}: no benchmark file of a format `run` reads")
    seen: dict[str, int] = {}
    options = ReadOptions(text_field=None)
    for path in found.paths:
        report = FileReport(path, input_size(path), format_of(path))
        records = 0
        for record in read_file(path, options, report):
            if isinstance(record, ReadError):
                where = f"{record.file}:{record.position}" if record.position else record.file
                raise CuratorError(f"{where}: {record.reason} (benchmark {bench.name})")
            records += 1
            where = record.source.rpartition(":")[2]
            label = record.input_id or (f"{found.names[path]}:{where}" if where.isdigit() else found.names[path])
            for key, text in record_strings(record.text, record.meta, fields):
                text = text.strip()
                if text and text not in seen:
                    seen[text] = len(bench.items)
                    bench.items.append(text)
                    bench.labels.append(f"{label}.{key}")
        digest = report.sha256 or (sha256_file(path) if os.path.isfile(path) else None)
        bench.files.append({"file": found.names[path], "sha256": digest, "bytes": report.size, "records": records})
        bench.records += records
    if fields is not None and not bench.items:
        raise CuratorError(f"{' '.join(paths)}: no string in the fields {', '.join(fields)} (--fields)")
    return bench

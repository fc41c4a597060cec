"""Read all inputs in order, assign stable unique ids, log bad records, and cut document batches.

Runs in the driver process: reading is sequential per file and cheap next to analysis, and one
place that sees every record in input order is what keeps ids stable and unique (``~2``, ``~3``
for repeated input ids, SPEC.md).
"""

import hashlib
import json
from typing import Iterator

import pyarrow as pa

from curator.io.readers import (FileReport, Inputs, ReadError, ReadOptions, format_of, input_size,
                                printable, read_file)
from curator.workspace.layout import input_schema


class _Pending:
    """The records of the batch being cut, column by column."""

    def __init__(self):
        self.ids: list[str] = []
        self.sources: list[str] = []
        self.texts: list[str] = []
        self.metas: list[str | None] = []
        self.n_bytes = 0

    def rows(self) -> pa.RecordBatch:
        schema = input_schema()
        return pa.RecordBatch.from_arrays(
            [pa.array(values, f.type) for values, f in zip((self.ids, self.sources, self.texts, self.metas), schema)],
            schema=schema)


def generated_id(source: str) -> str:
    """Stable id of a record without one: a hash of its source path (as given) and position."""
    return hashlib.blake2b(source.encode("utf-8"), digest_size=8).hexdigest()


class Ingest:
    """Iterate batches over ``paths``; ``reports`` and ``errors`` fill in as reading goes."""

    def __init__(self, inputs: Inputs, options: ReadOptions, errors_file):
        paths = inputs.paths
        self.paths = paths
        self.names = inputs.names  # path -> the name stored in ``source`` (relative by default)
        self.problems = inputs.problems  # files found but unreadable (FIFO, dangling link, ...)
        self.options = options
        self.errors_file = errors_file
        self.reports = [FileReport(p, input_size(p), format_of(p)) for p in paths]
        self.total_bytes = sum(r.size for r in self.reports)
        self.records = 0
        self.errors = 0
        self.first_error: ReadError | None = None
        self._seen: dict[str, int] = {}
        self._finished_bytes = 0
        self._current: FileReport | None = None

    @property
    def bytes_done(self) -> int:
        current = self._current.bytes_read if self._current is not None else 0
        return self._finished_bytes + current

    def _unique(self, doc_id: str) -> str:
        count = self._seen.get(doc_id)
        if count is None:
            self._seen[doc_id] = 1
            return doc_id
        while True:
            count += 1
            candidate = f"{doc_id}~{count}"
            if candidate not in self._seen:
                self._seen[doc_id] = count
                self._seen[candidate] = 1
                return candidate

    def log_error(self, error: ReadError) -> None:
        self.errors += 1
        if self.first_error is None:
            self.first_error = error
        self.errors_file.write(json.dumps(error.as_dict(), ensure_ascii=False) + "\n")

    def batches(self, batch_docs: int, batch_bytes: int) -> Iterator[pa.RecordBatch]:
        """Input rows (``layout.input_schema``) in batches of at most ``batch_docs`` documents or
        about ``batch_bytes`` of text."""
        for problem in self.problems:
            self.log_error(problem)
        batch = _Pending()
        for report in self.reports:
            self._current = report
            path = report.path
            name = self.names.get(path, path)
            cut = len(path)
            for item in read_file(path, self.options, report):
                if isinstance(item, ReadError):
                    report.errors += 1
                    if item.file.startswith(path):
                        item.file = name + printable(item.file[cut:])
                    self.log_error(item)
                    continue
                report.records += 1
                self.records += 1
                # the id hashes the path as given (stable, SPEC.md); ``source`` stores the name
                batch.ids.append(self._unique(item.input_id or generated_id(item.source)))
                batch.sources.append(name + item.source[cut:])
                batch.texts.append(item.text)
                batch.metas.append(item.meta)
                batch.n_bytes += len(item.text) * 2  # cheap estimate; Korean is 3 bytes/char
                if len(batch.ids) >= batch_docs or batch.n_bytes >= batch_bytes:
                    yield batch.rows()
                    batch = _Pending()
            self._finished_bytes += report.size
            self._current = None
        if batch.ids:
            yield batch.rows()

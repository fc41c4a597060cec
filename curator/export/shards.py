"""Zstd Parquet shards bounded on disk, written deterministically from a stream of row tables.

A shard is filled row group by row group. Before a row group goes in, its compressed size is
predicted from the ratio seen so far; when it would not fit, the shard is closed. A prediction can
be wrong, so a closed shard that is over the bound is cut back (its last row group, or half of a
single one) and the rows carried into the next shard. A single document larger than the bound gets
a shard of its own. Memory stays at about one row group (≤ ``MAX_GROUP_BYTES`` of text).
"""

import os

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

MAX_GROUP_BYTES = 100_000_000  # uncompressed text per row group (DESIGN.md: ~100 MB max)
FOOTER_FIRST_GUESS = 4_096  # bytes of Parquet footer; learnt from each closed shard
PARQUET_OPTIONS = {"compression": "zstd", "use_dictionary": False, "write_statistics": False}


def _text_bytes(table: pa.Table) -> int:
    return table.column("text").nbytes


class ShardWriter:
    """Writes one split (``train``/``validation``) as shards of at most ``limit`` bytes on disk."""

    def __init__(self, out_dir: str, split: str, schema: pa.Schema, limit: int):
        self.out_dir = out_dir
        self.split = split
        self.schema = schema
        self.limit = limit
        self.ratio = 0.5  # compressed / uncompressed text bytes; learnt as groups are written
        self.pending: list[pa.Table] = []
        self.pending_bytes = 0
        self.shards: list[str] = []  # temporary paths in order
        self.sink = None
        self.writer = None
        self.groups_in_shard = 0
        self.footer = FOOTER_FIRST_GUESS

    # row intake -------------------------------------------------------------------------------
    def group_target(self) -> int:
        """Uncompressed bytes per row group: about an eighth of a shard, so predictions stay safe."""
        return max(1, min(MAX_GROUP_BYTES, int(self.limit / self.ratio / 8)))

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.pending.append(table)
        self.pending_bytes += _text_bytes(table)
        while self.pending_bytes >= self.group_target():
            self._write_group(self._take(self.group_target()))

    def _take(self, target: int) -> pa.Table:
        """Pop rows from ``pending`` up to ``target`` text bytes (at least one row)."""
        table = pa.concat_tables(self.pending) if len(self.pending) > 1 else self.pending[0]
        sizes = pc.binary_length(table.column("text")).to_numpy(zero_copy_only=False)
        cumulative = sizes.cumsum()
        rows = max(1, int((cumulative <= target).sum()))
        head, rest = table.slice(0, rows), table.slice(rows)
        self.pending = [rest] if rest.num_rows else []
        self.pending_bytes = int(cumulative[-1] - cumulative[rows - 1])
        return head

    # shards -----------------------------------------------------------------------------------
    def _open(self) -> None:
        path = os.path.join(self.out_dir, f".{self.split}-{len(self.shards):05d}.parquet.tmp")
        self.shards.append(path)
        self.sink = pa.OSFile(path, "wb")
        self.writer = pq.ParquetWriter(self.sink, self.schema, **PARQUET_OPTIONS)
        self.groups_in_shard = 0

    def _write_group(self, group: pa.Table) -> None:
        predicted = _text_bytes(group) * self.ratio * 1.1
        if self.writer is not None and self.sink.tell() + predicted + self.footer > self.limit:
            self._close()
        if self.writer is None:
            self._open()
        before = self.sink.tell()
        self.writer.write_table(group, row_group_size=group.num_rows)
        written = self.sink.tell() - before
        if _text_bytes(group) > 0 and written > 0:
            self.ratio = max(0.05, written / _text_bytes(group))
        self.groups_in_shard += 1

    def _close(self) -> None:
        if self.writer is None:
            return
        data_bytes = self.sink.tell()
        self.writer.close()
        self.sink.close()
        self.footer = max(self.footer, os.path.getsize(self.shards[-1]) - data_bytes)
        self.writer = self.sink = None
        path = self.shards[-1]
        carry = self._cut_back(path)
        if carry is not None:  # rows that did not fit start the next shard
            self._write_group(carry)

    def _cut_back(self, path: str) -> pa.Table | None:
        """While ``path`` is over the bound, rewrite it without its tail; return the tail rows."""
        carried: list[pa.Table] = []
        while os.path.getsize(path) > self.limit:
            parquet = pq.ParquetFile(path)
            groups = [parquet.read_row_group(i) for i in range(parquet.num_row_groups)]
            parquet.close()
            if len(groups) > 1:
                keep, tail = groups[:-1], groups[-1]
            elif groups[0].num_rows > 1:
                half = groups[0].num_rows // 2
                keep, tail = [groups[0].slice(0, half)], groups[0].slice(half)
            else:
                break  # one document larger than the bound: a shard of its own
            with pa.OSFile(path, "wb") as sink, \
                    pq.ParquetWriter(sink, self.schema, **PARQUET_OPTIONS) as writer:
                for group in keep:
                    writer.write_table(group, row_group_size=group.num_rows)
            carried.insert(0, tail)
        return pa.concat_tables(carried) if carried else None

    def finish(self, always: bool = False) -> list[str]:
        """Flush everything; returns the final shard paths (renamed ``split-NNNNN-of-NNNNN``)."""
        while self.pending:
            self._write_group(self._take(self.group_target()))
        if self.writer is None and not self.shards and always:
            self._open()  # an empty split still gets one shard carrying the schema
        while self.writer is not None:  # closing may carry rows into one more shard
            self._close()
        final = []
        total = len(self.shards)
        for index, tmp in enumerate(self.shards):
            path = os.path.join(self.out_dir, f"{self.split}-{index:05d}-of-{total:05d}.parquet")
            os.replace(tmp, path)
            final.append(path)
        return final

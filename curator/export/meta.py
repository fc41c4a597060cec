"""The ``meta`` column of an export: other input fields, filtered by ``export.meta``, PII-redacted,
parsed from JSON into one struct type for every shard.

Every shard needs the same type, known before the first is written, and it depends on every part.
So one pass (``plan``) redacts and parses each part's ``meta`` once, unifies the types, and spools
the exported rows' parsed values to a file per part; the write pass reads them back and casts them
to the unified type: each value is redacted once and parsed once.
"""

import io
import os

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from curator.config import Config
from curator.export.redact import redact_meta
from curator.workspace.tables import read_part

SPOOL_NAME = ".meta-{:05d}.arrow"  # in data/, removed when the shards are written


def meta_policy(config: dict):
    """``export.meta`` of the workspace's config: "redact" (default), "drop" or a list of names."""
    return Config.parse({"export": config.get("export") or {}}).export.meta


def parse(column: pa.Array) -> pa.StructArray | None:
    """Parse JSON-object strings in C++ (pyarrow.json); nulls stay null; None when all are null."""
    valid = column.drop_null()
    if len(valid) == 0:
        return None
    buffer = "\n".join(valid.to_pylist()).encode("utf-8")
    parsed = pj.read_json(io.BytesIO(buffer)).combine_chunks()
    struct = pa.StructArray.from_arrays([c.combine_chunks() for c in parsed.columns], fields=list(parsed.schema))
    if len(valid) == len(column):
        return struct
    positions = np.cumsum(column.is_valid().to_numpy(zero_copy_only=False)) - 1
    spread = struct.take(pa.array(np.maximum(positions, 0)))  # row i ← its parsed object
    return pc.if_else(column.is_valid(), spread, pa.nulls(len(column), struct.type))


class MetaPlan:
    """The exported ``meta`` of every part: its type (None: no column) and the spooled values."""

    def __init__(self, data_dir: str):
        self.data_dir = data_dir
        self.type: pa.DataType | None = None
        self.spools: list[str] = []

    def build(self, parts: list[str], kept: list[np.ndarray], policy, counts: dict) -> "MetaPlan":
        """Redact (counting the exported rows' redactions in ``counts``) and parse every part;
        rows that are not exported count toward the type only, as before any spooling."""
        if policy == "drop":
            return self
        schemas, as_text = [], False
        for index, (path, mine) in enumerate(zip(parts, kept)):
            column = read_part(path, columns=["meta"]).column("meta").combine_chunks()
            scratch: dict = {}
            strings = pa.array([redact_meta(v, policy, counts if k else scratch)
                                for v, k in zip(column.to_pylist(), mine.tolist())], pa.string())
            parsed = None
            if not as_text:
                try:
                    parsed = parse(strings)
                except (pa.ArrowInvalid, pa.ArrowTypeError):
                    as_text = True  # not objects of one shape: meta stays the JSON text it came as
            if parsed is not None and parsed.type.num_fields:
                schemas.append(pa.schema([pa.field("meta", parsed.type)]))
            spooled = {"text": strings.filter(pa.array(mine))}
            if parsed is not None:
                spooled["parsed"] = parsed.filter(pa.array(mine))
            self.spools.append(os.path.join(self.data_dir, SPOOL_NAME.format(index)))
            with pa.OSFile(self.spools[-1], "wb") as sink, pa.ipc.new_file(sink, pa.table(spooled).schema) as writer:
                writer.write_table(pa.table(spooled))
        if as_text:
            self.type = pa.string()
        elif schemas:
            try:
                self.type = pa.unify_schemas(schemas, promote_options="permissive").field("meta").type
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                self.type = pa.string()
        return self

    def exported(self, index: int) -> pa.Array | None:
        """Part ``index``'s exported rows' ``meta`` in the export's type (None: no column)."""
        if self.type is None:
            return None
        with pa.memory_map(self.spools[index]) as source:
            spooled = pa.ipc.open_file(source).read_all()
        if pa.types.is_string(self.type):
            return spooled.column("text").combine_chunks()
        if "parsed" not in spooled.column_names:
            return pa.nulls(spooled.num_rows, self.type)
        return spooled.column("parsed").combine_chunks().cast(self.type)

    def remove(self) -> None:
        for path in self.spools:
            if os.path.isfile(path):
                os.remove(path)

"""The workspace directory shared by the CLI and the GUI (see SPEC.md).

    WS/workspace.json      format version, inputs (path, size, sha256), effective config, counts
    WS/documents/part-*.parquet   one row per input document, in input order across parts
    WS/errors.jsonl        one line per unreadable record or file, with its position
"""

import glob
import json
import os

import pyarrow as pa

from curator.errors import CuratorError
from curator.filters.rules import REASONS_TYPE
from curator.signals import PII_TYPE, STRIPPED_TYPE, signal_fields

FORMAT_VERSION = 1

BASE_FIELDS = [
    pa.field("id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("n_chars", pa.int64(), nullable=False),
    pa.field("meta", pa.string()),  # JSON object of the other input fields, or null
]
VERDICT_FIELDS = [
    pa.field("kept", pa.bool_(), nullable=False),
    pa.field("reasons", REASONS_TYPE, nullable=False),
    pa.field("dup_cluster", pa.string()),  # id of the cluster's first member; null when alone
    pa.field("dup_reason", pa.string()),   # dedup:exact / dedup:near for non-representatives
    pa.field("dup_reference", pa.string()),  # dedup:exact / dedup:near against --dedup-against
    pa.field("pii", PII_TYPE),
    pa.field("stripped_lines", STRIPPED_TYPE),  # boilerplate lines removed from text, if cleaning is on
]


DEDUP_FIELDS = [
    pa.field("text_hash", pa.int64()),           # normalized text: equal ⇔ exact duplicates
    pa.field("minhash", pa.list_(pa.uint32())),  # MinHash signature over word 5-gram shingles
    pa.field("line_hashes", pa.list_(pa.int64())),  # per line of text (0: too short to count)
    pa.field("repeated_line_ratio", pa.float64()),  # share of lines frequent across the corpus
]


def documents_schema() -> pa.Schema:
    return pa.schema(BASE_FIELDS + signal_fields() + DEDUP_FIELDS + VERDICT_FIELDS)


class Workspace:
    def __init__(self, root: str):
        self.root = root

    # paths
    @property
    def meta_path(self) -> str:
        return os.path.join(self.root, "workspace.json")

    @property
    def documents_dir(self) -> str:
        return os.path.join(self.root, "documents")

    @property
    def errors_path(self) -> str:
        return os.path.join(self.root, "errors.jsonl")

    @property
    def dedup_dir(self) -> str:
        return os.path.join(self.root, "dedup")

    @property
    def decisions_path(self) -> str:
        return os.path.join(self.root, "decisions.sqlite")

    def part_paths(self) -> list[str]:
        return sorted(glob.glob(os.path.join(self.documents_dir, "part-*.parquet")))

    def part_path(self, index: int) -> str:
        return os.path.join(self.documents_dir, f"part-{index:05d}.parquet")

    # metadata
    def exists(self) -> bool:
        return os.path.isfile(self.meta_path)

    @classmethod
    def open(cls, root: str) -> "Workspace":
        ws = cls(root)
        if not os.path.isdir(root):
            raise CuratorError(f"{root}: no such workspace directory")
        if not ws.exists():
            raise CuratorError(f"{root}: not a workspace (no workspace.json)")
        return ws

    def read_meta(self) -> dict:
        try:
            with open(self.meta_path, encoding="utf-8") as fh:
                return json.load(fh)
        except ValueError as exc:
            raise CuratorError(f"{self.meta_path}: unreadable workspace.json: {exc}") from None

    def write_meta(self, meta: dict) -> None:
        tmp = self.meta_path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, self.meta_path)

    @property
    def config(self) -> dict:
        return self.read_meta()["config"]

    def error_count(self) -> int:
        if not os.path.isfile(self.errors_path):
            return 0
        with open(self.errors_path, "rb") as fh:
            return sum(1 for line in fh if line.strip())

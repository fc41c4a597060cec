"""Where finished documents are read from: a workspace or an export directory.

``--dedup-against``, the tokenizer, ``verify`` and export itself open them here, so the layout of
an export (``manifest.json``, ``data/*.parquet``, the marker file) is known in one place, as
``Workspace`` is the one place that knows a workspace's.
"""

import glob
import json
import os
import re
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.workspace.layout import Workspace
from curator.io.parts import read_part, reading_part

MANIFEST_NAME = "manifest.json"
MARKER_NAME = ".hangul-curator-export"  # written first: the directory is an export of ours
DATA_DIR = "data"
EXPORT_FORMAT = "hangul-curator-export"
# every file an export writes in data/: shards, their temporaries while being written, and the
# spooled meta values (export/meta.py) while the shards are written
SHARD_FILE = re.compile(r"^(\.?(train|validation)-\d{5}(-of-\d{5})?\.parquet(\.tmp)?|\.meta-\d{5}\.arrow)$")


def _content(folder: str) -> list[str]:
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


class ExportLayout:
    """The files of an export directory."""

    def __init__(self, root: str):
        self.root = root

    @property
    def manifest_path(self) -> str:
        return os.path.join(self.root, MANIFEST_NAME)

    @property
    def marker_path(self) -> str:
        return os.path.join(self.root, MARKER_NAME)

    @property
    def data_dir(self) -> str:
        return os.path.join(self.root, DATA_DIR)

    @property
    def card_path(self) -> str:
        return os.path.join(self.root, "README.md")

    def exists(self) -> bool:
        return os.path.isfile(self.manifest_path)

    def shard_paths(self) -> list[str]:
        return sorted(glob.glob(os.path.join(self.data_dir, "*.parquet")))

    def content(self) -> list[str]:
        return _content(self.root)

    def is_ours(self) -> bool:
        """Written by ``curator export`` (its marker, or a manifest of our format)."""
        return os.path.isfile(self.marker_path) or (self.read_manifest() or {}).get("format") == EXPORT_FORMAT

    def foreign_data_files(self) -> list[str]:
        """Names in ``data/`` that an export does not write (``datasets`` would load them too)."""
        return [name for name in _content(self.data_dir) if not SHARD_FILE.match(name)]

    def remove_own_files(self, marker: bool = False) -> None:
        """Delete the manifest, card and shards an export wrote; nothing else."""
        for path in [self.manifest_path, self.card_path] + ([self.marker_path] if marker else []):
            if os.path.isfile(path):
                os.remove(path)
        for name in _content(self.data_dir):
            if SHARD_FILE.match(name):
                os.remove(os.path.join(self.data_dir, name))
        if os.path.isdir(self.data_dir) and not _content(self.data_dir):
            os.rmdir(self.data_dir)

    def read_manifest(self) -> dict | None:
        """The manifest, or None when there is none or it is unreadable."""
        try:
            with open(self.manifest_path, encoding="utf-8") as fh:
                manifest = json.load(fh)
        except (OSError, ValueError):
            return None
        return manifest if isinstance(manifest, dict) else None


class DocumentSource:
    """A finished workspace (every document, with verdicts) or an export (kept documents only,
    redacted). ``open`` refuses anything else, and a workspace whose run did not finish."""

    def __init__(self, root: str, workspace: Workspace | None = None, export: ExportLayout | None = None):
        self.root = root
        self.workspace = workspace
        self.export = export

    @classmethod
    def open(cls, root: str, what: str = "") -> "DocumentSource":
        if Workspace(root).exists() or os.path.isfile(Workspace(root).run_state_path):
            return cls(root, workspace=Workspace.open(root))
        if ExportLayout(root).exists():
            return cls(root, export=ExportLayout(root))
        raise CuratorError(f"{(what + ' ') if what else ''}{root}: neither a workspace (workspace.json) "
                           f"nor an export directory ({MANIFEST_NAME})")

    @property
    def is_workspace(self) -> bool:
        return self.workspace is not None

    def files(self) -> list[str]:
        """The workspace's parts or the export's shards, in order."""
        return self.workspace.part_paths() if self.workspace else self.export.shard_paths()

    def config(self) -> dict | None:
        """The config a workspace was made with (an export keeps it in its manifest)."""
        if self.workspace:
            return self.workspace.config
        return (self.export.read_manifest() or {}).get("config")

    def batches(self, columns: list[str], batch_size: int = 2000) -> Iterator[pa.RecordBatch]:
        for path in self.files():
            with reading_part(path):
                yield from pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=columns)

    def documents(self, kept=None) -> Iterator[tuple[str, str]]:
        """(id, text) of every document, or of the rows ``kept`` (a boolean array in part order:
        the verdict engine's, which reads this class, so it is passed in rather than asked for)."""
        start = 0
        for path in self.files():
            table = read_part(path, columns=["id", "text"])
            mine = kept[start:start + table.num_rows] if kept is not None else None
            start += table.num_rows
            ids, texts = table.column("id").to_pylist(), table.column("text").to_pylist()
            for row, (doc_id, text) in enumerate(zip(ids, texts)):
                if mine is None or mine[row]:
                    yield doc_id, text

    def workspace_behind(self) -> Workspace | None:
        """The workspace an export was made from, when it lies beside the export (the manifest
        names it without a local path); a workspace is its own."""
        if self.workspace:
            return self.workspace
        name = (self.export.read_manifest() or {}).get("workspace")
        if not isinstance(name, str) or not name:
            return None
        beside = Workspace(os.path.join(os.path.dirname(os.path.abspath(self.root)), os.path.basename(name)))
        return beside if beside.exists() else None

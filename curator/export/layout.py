"""The files of an export directory: ``manifest.json`` (written last), ``data/*.parquet`` (the
shards), ``README.md`` (the dataset card) and the marker file written first. Only this module
knows them, as ``Workspace`` (workspace/layout.py) is the one place that knows a workspace's.
"""

import glob
import json
import os
import re

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

"""``curator verify``: recompute every shard's sha256 and row count against ``manifest.json``."""

import json
import os

import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.streams import sha256_file
from curator.workspace.source import ExportLayout


def verify_export(out: str) -> dict:
    """Raises CuratorError naming the first bad shard; returns totals when all match."""
    layout = ExportLayout(out)
    manifest_path = layout.manifest_path
    if not os.path.isfile(manifest_path):
        raise CuratorError(f"{out}: no manifest.json (not an export directory)")
    try:
        with open(manifest_path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        shards = manifest["shards"]
    except (ValueError, KeyError) as exc:
        raise CuratorError(f"{manifest_path}: unreadable manifest: {exc}") from None
    rows = 0
    for shard in shards:
        path = os.path.join(out, shard["file"])
        if not os.path.isfile(path):
            raise CuratorError(f"{path}: shard listed in the manifest is missing")
        if os.path.getsize(path) != shard["bytes"]:
            raise CuratorError(f"{path}: {os.path.getsize(path):,} bytes, manifest says {shard['bytes']:,}")
        if sha256_file(path) != shard["sha256"]:
            raise CuratorError(f"{path}: sha256 does not match the manifest")
        try:
            n = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:
            raise CuratorError(f"{path}: unreadable Parquet: {exc}") from None
        if n != shard["rows"]:
            raise CuratorError(f"{path}: {n:,} rows, manifest says {shard['rows']:,}")
        rows += n
    listed = {os.path.normpath(s["file"]) for s in shards}
    data_dir = layout.data_dir
    extra = sorted(f for f in os.listdir(data_dir) if f.endswith(".parquet")
                   and os.path.normpath(os.path.join("data", f)) not in listed) if os.path.isdir(data_dir) else []
    if extra:
        raise CuratorError(f"{os.path.join(data_dir, extra[0])}: shard not listed in the manifest")
    return {"shards": len(shards), "rows": rows}

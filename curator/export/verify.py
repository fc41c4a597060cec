"""``curator verify``: recompute every shard's sha256 and row count against ``manifest.json``."""

import json
import os

import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.io.streams import sha256_file
from curator.export.layout import ExportLayout


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
    # every file a loader of data/ reads: pyarrow.dataset and `datasets` walk it recursively,
    # skipping only names that start with "." or "_" (pyarrow's ignore_prefixes)
    listed = {os.path.normpath(s["file"]) for s in shards}
    extra = []
    for root, dirs, files in os.walk(layout.data_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            rel = os.path.normpath(os.path.relpath(os.path.join(root, name), out))
            if not name.startswith((".", "_")) and rel not in listed:
                extra.append(os.path.join(out, rel))
    if extra:
        raise CuratorError(f"{extra[0]}: not listed in the manifest, but a loader of data/ would read it"
                           + (f" ({len(extra) - 1} more)" if len(extra) > 1 else ""))
    return {"shards": len(shards), "rows": rows}

"""Reading Parquet parts so that a damaged one is named in one line (file and what is wrong).

Below every package that reads parts (dedup, workspace, export, pipeline): an empty, truncated or
damaged part becomes ``PATH: empty (0 bytes)`` / ``truncated or not Parquet`` / ``damaged (…)``
instead of an Arrow traceback.
"""

import os
from contextlib import contextmanager

import pyarrow as pa

from curator.errors import CuratorError


def part_damage(path: str, exc: BaseException | str) -> CuratorError:
    """One line naming a part that cannot be read and what is wrong with it."""
    try:
        size = os.path.getsize(path)
    except OSError as missing:
        return CuratorError(f"{path}: unreadable part ({missing.strerror or missing})")
    text = " ".join(str(exc).split())
    if size == 0:
        what = "empty (0 bytes)"
    elif "magic bytes not found" in text or "smaller than the size reported" in text or size < 12:
        what = f"truncated or not Parquet ({size:,} bytes, no valid footer)"
    else:
        what = f"damaged ({text[:100]}{'…' if len(text) > 100 else ''})"
    if os.path.basename(os.path.dirname(os.path.abspath(path))) == "documents":  # a workspace's part
        what += "; restore it, or make the workspace again with `curator run ... --overwrite`"
    return CuratorError(f"{path}: {what}")


@contextmanager
def reading_part(path: str):
    """``with reading_part(p): …read p…``: any failure to read the part is one line naming it."""
    try:
        yield
    except CuratorError:
        raise
    except (OSError, pa.ArrowException) as exc:
        raise part_damage(path, exc) from None


def part_file(path: str):
    """``pq.ParquetFile`` of a part (its footer read); a damaged one is named (``part_damage``)."""
    import pyarrow.parquet as pq
    with reading_part(path):
        return pq.ParquetFile(path)


def read_part(path: str, columns: list[str] | None = None, **options) -> pa.Table:
    """``pq.read_table`` of a part; a damaged one is named in one line (``part_damage``)."""
    import pyarrow.parquet as pq
    with reading_part(path):
        return pq.read_table(path, columns=columns, **options)


def part_rows(path: str) -> int:
    return part_file(path).metadata.num_rows


def part_schema(path: str) -> pa.Schema:
    return part_file(path).schema_arrow

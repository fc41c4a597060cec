"""Where finished documents are read from: a workspace or an export directory.

``--dedup-against`` (the run's clustering and ``apply``'s re-clustering) and the tokenizer open
them here. It sits in ``export`` because it reads exports (ExportLayout); the workspace layer
below gets a reference's signatures from it through a function its caller passes
(``reapply.recluster``'s ``read_reference``).
"""

import os
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.config import DedupSettings
from curator.dedup.minhash import text_hashes
from curator.dedup.stage import HASHING_SETTINGS, dedup_settings, hasher, stored_signatures
from curator.errors import CuratorError
from curator.export.layout import MANIFEST_NAME, ExportLayout
from curator.io.parts import read_part, reading_part
from curator.workspace.layout import Workspace


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


def reference_signatures(root: str, d: DedupSettings) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Signatures, text hashes and ids of the documents of the workspace or export at ``root``
    for ``--dedup-against`` (``reapply.recluster``'s ``read_reference``).

    A workspace made with the same hashing settings gives its stored signatures; otherwise (and for
    an export, whose text is redacted) they are computed from the text.
    """
    source = DocumentSource.open(root, "--dedup-against")
    n_perm = d.num_perm
    sigs, hashes, ids = [], [], []
    reference = dedup_settings(source.config() or {}) if source.is_workspace else None
    if reference is not None and all(getattr(reference, k) == getattr(d, k) for k in HASHING_SETTINGS):
        for batch in source.batches(["id", "text_hash", "minhash"]):
            table = pa.Table.from_batches([batch])
            sigs.append(stored_signatures(table, n_perm))
            hashes.append(table.column("text_hash").to_numpy(zero_copy_only=False))
            ids.extend(table.column("id").to_pylist())
    else:
        for batch in source.batches(["id", "text"]):
            texts = batch.column("text").to_pylist()
            sigs.append(hasher(d).signatures(pa.array(texts, pa.string())))
            hashes.append(np.array(text_hashes(texts), dtype=np.int64))
            ids.extend(batch.column("id").to_pylist())
    return (np.concatenate(sigs) if sigs else np.zeros((0, n_perm), np.uint32),
            np.concatenate(hashes) if hashes else np.zeros(0, np.int64), ids)

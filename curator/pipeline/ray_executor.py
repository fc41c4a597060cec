"""The Ray executor: the same analysis stage (``analyse_batch``) through Ray Data, one Kiwi per actor.

The driver still reads the inputs (ids must be assigned in input order, in one place); it stages
the batches as Parquet files, then a Ray Dataset of their paths (one block each) runs
``map_batches`` with an actor pool (each actor a process holding one Kiwi, reading its staged
batch) and streams the results back in order
(``preserve_order``), so the driver writes exactly the parts a local run writes. The global dedup
step then runs in the driver over the stored signatures (a few hundred MB per million documents,
see README), as in a local run.

Without ``--ray-address`` a local Ray starts with laptop/CI settings: no dashboard, the given
number of CPUs, a bounded object store. Ray is optional (``pip install 'curator[ray]'``).
"""

import logging
import os
import sys
import warnings
import shutil
import tempfile
from typing import Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.errors import CuratorError
from curator.pipeline.executor import check_stop

BATCH_COLUMN = "_batch"  # the staged batch a row came from: results are cut back into batches by it
OBJECT_STORE_BYTES = 512 * 2**20


class AnalysisActor:
    """A Ray Data actor: loads its Kiwi lazily on the first batch, like a local worker process.
    Its input rows are paths of staged batches; it runs the same function as a local worker on
    each batch's record batch and returns the result with the batch number."""

    def __init__(self, fn: Callable, args: tuple):
        self.fn, self.args = fn, args

    def __call__(self, paths: pa.Table) -> pa.Table:
        return pa.concat_tables([self._one(i, p) for i, p in zip(paths.column("index").to_pylist(),
                                                                   paths.column("path").to_pylist())])

    def _one(self, index: int, path: str) -> pa.Table:
        result = pa.Table.from_batches([self.fn(pq.read_table(path).combine_chunks().to_batches()[0], *self.args)])
        return result.append_column(BATCH_COLUMN, pa.array([index] * result.num_rows, pa.int64()))


# Ray's dashboard head loads its usage-stats module even with usage stats and the dashboard off,
# and that module asks cloud metadata servers (169.254.169.254, metadata.google.internal) what it
# runs on. Ray's processes inherit this process's environment: their HTTP (the ``requests``
# library) is pointed at a closed port on loopback, so the question never leaves the machine and
# no name is resolved. Ray's gRPC ignores HTTP proxies (RAY_grpc_enable_http_proxy is off), and
# loopback and the cluster address the user gave are exempt.
DEAD_PROXY = "http://127.0.0.1:9"


def keep_ray_offline(address: str | None) -> None:
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_USAGE_STATS_PROMPT_ENABLED", "0")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ[name] = DEAD_PROXY
    exempt = ["127.0.0.1", "localhost", "::1"]
    if address and address not in ("auto", "local"):
        exempt.append(address.split("://")[-1].rsplit(":", 1)[0])
    for name in ("NO_PROXY", "no_proxy"):
        os.environ[name] = ",".join(exempt)


def start_ray(workers: int, address: str | None) -> None:
    keep_ray_offline(address)
    try:
        import ray
    except ImportError:
        if getattr(sys, "frozen", False):
            raise CuratorError("--executor ray: this packaged build leaves Ray out; use the Python install "
                               "(pip install 'curator[ray]') for Ray") from None
        raise CuratorError("--executor ray needs Ray: pip install 'curator[ray]'") from None
    try:
        # Ray Data imports this from several threads at once; without aiohttp a half-failed import
        # surfaces as "cannot import name HTTPFileSystem". The ray extra installs aiohttp.
        import fsspec.implementations.http  # noqa: F401
    except ImportError:
        pass
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    else:
        # everything on loopback: no interface but lo is needed (a network namespace without one works)
        ray.init(address="local", num_cpus=workers, include_dashboard=False, log_to_driver=False,
                 logging_level="ERROR", object_store_memory=OBJECT_STORE_BYTES, _node_ip_address="127.0.0.1")


class RayExecutor:
    def __init__(self, workers: int, address: str | None = None, staging: str | None = None):
        self.workers = max(1, workers)
        self.address = address
        self.staging = staging

    def map_ordered(self, fn: Callable, items: Iterable[pa.RecordBatch], args: tuple = (),
                    stop: Callable[[], bool] | None = None) -> Iterator[pa.RecordBatch]:
        """Yield ``fn(batch, *args)`` for every record batch, in input order, computed by Ray actors."""
        start_ray(self.workers, self.address)
        import ray
        from ray.data import ActorPoolStrategy, DataContext

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # after import: ray.data sets its own
        warnings.filterwarnings("ignore", module="ray.data")  # tuning hints about our one-block inputs

        staging = self.staging or tempfile.mkdtemp(prefix="curator-ray-")
        os.makedirs(staging, exist_ok=True)
        try:
            files = self._stage(items, staging)
            if not files:
                return
            context = DataContext.get_current()
            context.execution_options.preserve_order = True
            context.enable_progress_bars = False
            # one block per staged batch (read_parquet would merge small files into one task and
            # leave all but one actor idle); each actor reads its batch from the staging directory
            dataset = ray.data.from_items([{"index": i, "path": f} for i, f in enumerate(files)],
                                          override_num_blocks=len(files)).map_batches(
                AnalysisActor, fn_constructor_args=(fn, args), batch_format="pyarrow", batch_size=1,
                compute=ActorPoolStrategy(size=self.workers), num_cpus=0.5)
            for block in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
                check_stop(stop)
                yield from self._split(block)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @staticmethod
    def _stage(items: Iterable[pa.RecordBatch], staging: str) -> list[str]:
        files = []
        for batch in items:
            path = os.path.join(staging, f"batch-{len(files):08d}.parquet")
            pq.write_table(pa.Table.from_batches([batch]), path)
            files.append(path)
        return files

    @staticmethod
    def _split(block: pa.Table) -> Iterator[pa.RecordBatch]:
        """One Ray output block back into the results of the staged batches it holds, in order."""
        indices = block.column(BATCH_COLUMN).to_numpy()
        cuts = np.concatenate([[0], np.flatnonzero(np.diff(indices)) + 1, [len(indices)]])
        block = block.drop_columns([BATCH_COLUMN])
        for start, end in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
            yield block.slice(start, end - start).combine_chunks().to_batches()[0]

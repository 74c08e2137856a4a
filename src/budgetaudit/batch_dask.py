"""Run a batch on a Dask cluster (``pip install 'budgetaudit[dask]'``, ``--scheduler``).

The same per-document function as on one machine is mapped over the inputs; results come
back in input order. Workers open the files themselves, so every worker must see the paths
as given (run from a shared file system). Tasks carry a chunk of documents each, because a
document takes milliseconds and a Dask task costs about as much to schedule.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from budgetaudit.batch import SchedulerError, is_stdin

R = TypeVar("R")

CHUNK = 32  # documents per task
AHEAD = 8  # tasks in flight per worker: enough to keep them busy, few enough to stream
CONNECT_TIMEOUT = "10s"


def map_on_dask(
    items: Sequence[Any],
    work: Callable[[Any], R],
    scheduler: str,
    jobs: int,
) -> Iterator[R]:
    """``work(item)`` for each item on the cluster at ``scheduler`` (``"local"``: a new one)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'budgetaudit[dask]'") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise SchedulerError(f"cannot connect to scheduler {scheduler}: {exc}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        remote = [item for item in items if not is_stdin(item)]
        results = _ordered(client, work, remote, workers)
        for item in items:
            # The workers cannot read our standard input: that one is checked here.
            yield work(item) if is_stdin(item) else next(results)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _ordered(client: Any, work: Callable[[Any], R], items: list[Any], workers: int) -> Iterator[R]:
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    pending: deque[Any] = deque()
    submitted = 0
    while submitted < len(chunks) or pending:
        while submitted < len(chunks) and len(pending) < AHEAD * workers:
            pending.append(client.submit(_work_chunk, work, chunks[submitted], pure=False))
            submitted += 1
        future = pending.popleft()
        yield from future.result()
        future.release()


def _work_chunk(work: Callable[[Any], R], chunk: list[Any]) -> list[R]:
    return [work(item) for item in chunk]

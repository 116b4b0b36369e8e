"""Building documents on a Dask cluster (``kg build --dask SCHEDULER_ADDRESS``).

The only module that imports Dask, and only when a Dask build is asked for: the single-machine
build needs no Dask installed. Workers receive each file's bytes (they need not see the input
folder) and run :func:`graph._parallel.run_batch`, so kg-builder and its spaCy pipeline must be
installed where the workers run. Results come back in input order, at most ``4 x`` the cluster's
worker threads batches at a time. A batch whose worker dies or raises is built again one
document at a time, so only the document that fails is lost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ._errors import ClusterError
from ._parallel import WORKER_DIED, BatchResult, BuildConfig, Item, Outcome, run_batch

__all__ = ["run_dask"]

#: seconds to wait for the scheduler
CONNECT_TIMEOUT = 20


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(
            "--dask needs Dask's distributed scheduler, which is not installed: "
            "pip install 'kg-builder[dask]'"
        ) from exc
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot connect to the Dask scheduler at {address!r}: {exc}. Check the address "
            "(tcp://HOST:PORT) and that the scheduler is running"
        ) from exc


def _one_by_one(client: Any, items: Sequence[Item], config: BuildConfig) -> BatchResult:
    outcomes: list[Outcome] = []
    seconds: dict[str, float] = {}
    for item in items:
        try:
            one = client.submit(run_batch, [item], config, pure=False).result()
        except Exception as exc:  # KilledWorker, a lost connection, an error in the worker
            reason = WORKER_DIED if type(exc).__name__ == "KilledWorker" else repr(exc)
            outcomes.append(Outcome(item[1], failure=("worker", reason)))
            continue
        outcomes += one.outcomes
        for stage, value in one.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    return BatchResult(outcomes, seconds)


def run_dask(address: str, batches: Iterable[Sequence[Item]], config: BuildConfig
             ) -> Iterator[BatchResult]:
    """Build ``batches`` on the Dask cluster at ``address``, yielding results in input order."""
    client = _client(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        pending: deque[tuple[Sequence[Item], Any]] = deque()
        source = iter(batches)
        while True:
            for batch in source:
                pending.append((batch, client.submit(run_batch, batch, config, pure=False)))
                if len(pending) >= 4 * threads:
                    break
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield future.result()
            except Exception:  # the batch failed as a whole: find the document that fails
                yield _one_by_one(client, batch, config)
    finally:
        client.close()

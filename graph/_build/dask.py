"""Building documents on a Dask cluster (``kg build --dask SCHEDULER_ADDRESS``).

The only module that imports Dask, and only when a Dask build is asked for: the single-machine
build needs no Dask installed. Workers receive each file's bytes (they need not see the input
folder) and run :func:`graph._build.read.run_batch`, so kg-builder and its spaCy pipeline must be
installed where the workers run; they map documents too once they are linked
(``map``), sending the triples back. Results come back in input order, at most ``4 x``
the cluster's worker threads batches at a time. A batch whose worker dies or raises is built
again one document at a time, so only the document that fails is lost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .._errors import ClusterError
from .executors import BatchResult, Task

__all__ = ["Dask"]

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


def _one_by_one(client: Any, items: Sequence[Any], task: Task) -> BatchResult:
    func, args, died = task
    outcomes: list[Any] = []
    seconds: dict[str, float] = {}
    for item in items:
        try:
            one = client.submit(func, [item], *args, pure=False).result()
        except Exception as exc:  # KilledWorker, a lost connection, an error in the worker
            lost = died([item])
            if type(exc).__name__ != "KilledWorker":
                for outcome in lost.outcomes:
                    outcome.failure = (outcome.failure[0], repr(exc))
            outcomes += lost.outcomes
            continue
        outcomes += one.outcomes
        for stage, value in one.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + value
    return BatchResult(outcomes, seconds)


class Dask:
    """The workers of the Dask cluster at ``address``, an ``executors.Executor`` run as
    :class:`~graph._build.executors.Processes` runs local processes: results in input order,
    at most ``4 x`` the cluster's worker threads batches at a time; a batch that fails is run
    again one item at a time. The workers need not see this machine's files: they are sent
    each file's bytes, and send the triples back."""

    shares_disk = False

    def __init__(self, address: str) -> None:
        self.client = _client(address)

    def prepare(self, items: int, warm: Callable[[], object]) -> None:
        """Nothing to prepare here: the cluster's workers load the pipeline themselves."""

    def run(self, batches: Iterable[Sequence[Any]], task: Task) -> Iterator[BatchResult]:
        func, args, _ = task
        client = self.client
        threads = sum(client.nthreads().values()) or 1
        pending: deque[tuple[Sequence[Any], Any]] = deque()
        source = iter(batches)
        while True:
            for batch in source:
                pending.append((batch, client.submit(func, batch, *args, pure=False)))
                if len(pending) >= 4 * threads:
                    break
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                yield future.result()
            except Exception:  # the batch failed as a whole: find the item that fails
                yield _one_by_one(client, batch, task)

    def close(self) -> None:
        self.client.close()

    abandon = close

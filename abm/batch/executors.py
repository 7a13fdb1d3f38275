"""Where runs execute: in this process, in local worker processes, or on a Dask cluster.

Every executor offers one thing, :meth:`imap_unordered`: results as they finish, with
at most ``window`` runs submitted and not yet collected. The window keeps memory flat
however many runs a sweep has (results are written and dropped as they arrive), and a
run's result never depends on where it ran, because its seed comes from its index.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol


class Executor(Protocol):
    workers: int

    def __enter__(self) -> Executor: ...
    def __exit__(self, *exc: object) -> None: ...
    def imap_unordered(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]: ...
    def describe(self) -> dict[str, Any]: ...


class SerialExecutor:
    """Runs in this process: for debugging, and for ``--workers 1``."""

    workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap_unordered(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        for item in items:
            yield fn(item, *args)

    def describe(self) -> dict[str, Any]:
        return {"executor": "serial", "workers": 1}


class ProcessExecutor:
    """Local worker processes (concurrent.futures). ``forkserver`` rather than ``fork``:
    the driver has threads (the progress bar), and forking a threaded process can deadlock."""

    def __init__(self, workers: int, window_per_worker: int = 4) -> None:
        self.workers = workers
        self.window = workers * window_per_worker
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        context = multiprocessing.get_context("forkserver")
        # the server imports the model once; every worker forks from it ready to run
        context.set_forkserver_preload(["abm.batch.sweep", "abm.runner"])
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def imap_unordered(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        assert self.pool is not None, "use the executor as a context manager"
        pending: set[Future] = set()
        source = iter(items)
        for item in source:
            pending.add(self.pool.submit(fn, item, *args))
            while len(pending) >= self.window:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def describe(self) -> dict[str, Any]:
        return {"executor": "processes", "workers": self.workers}


class DaskExecutor:
    """A Dask distributed cluster: an address (``tcp://host:8786``), a cluster object
    (LocalCluster, dask-jobqueue's SLURMCluster, ...), a Client, or ``None`` to start a
    LocalCluster with ``workers`` single-threaded worker processes."""

    def __init__(
        self,
        scheduler: Any = None,
        workers: int = 2,
        processes: bool = True,
        window_per_worker: int = 4,
        connect_timeout: float = 5.0,
    ) -> None:
        self.scheduler = scheduler
        self.connect_timeout = connect_timeout
        self.workers = workers
        self.processes = processes
        self.window_per_worker = window_per_worker
        self._owned: list[Any] = []
        self.client: Any = None

    def __enter__(self) -> DaskExecutor:
        from distributed import Client, LocalCluster

        if self.scheduler is None:
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=self.processes,
                dashboard_address=None,
            )
            self._owned.append(cluster)
            self.client = Client(cluster)
            self._owned.insert(0, self.client)
        elif isinstance(self.scheduler, Client):
            self.client = self.scheduler
        else:
            self.client = self._connect(Client)  # an address or a cluster object
            self._owned.append(self.client)
        threads = sum(self.client.nthreads().values()) or self.workers
        self.workers = threads
        return self

    def _connect(self, client_type: Any) -> Any:
        """A client of the given scheduler, or a ParameterError naming the address when none
        answers within ``connect_timeout`` seconds (Dask's own default waits 30 s, then raises)."""
        from abm.params import ParameterError

        try:
            return client_type(self.scheduler, timeout=self.connect_timeout)
        except (OSError, TimeoutError, ValueError) as error:
            reason = "no Dask scheduler answered" if isinstance(error, OSError | TimeoutError) else str(error)
            raise ParameterError(
                f"--scheduler={self.scheduler!r}: {reason} within {self.connect_timeout:g} s"
                if reason.startswith("no Dask")
                else f"--scheduler={self.scheduler!r}: {reason}"
            ) from None

    def __exit__(self, *exc: object) -> None:
        for owned in self._owned:
            owned.close()
        self._owned.clear()

    def imap_unordered(self, fn: Callable[..., Any], items: Iterable[Any], *args: Any) -> Iterator[Any]:
        from distributed import as_completed

        window = max(self.workers, 1) * self.window_per_worker
        source = iter(items)
        running = as_completed()
        for item in itertools.islice(source, window):
            running.add(self.client.submit(fn, item, *args, pure=False))
        for future in running:
            result = future.result()
            future.release()
            nxt = next(source, None)
            if nxt is not None:
                running.add(self.client.submit(fn, nxt, *args, pure=False))
            yield result

    def describe(self) -> dict[str, Any]:
        address = getattr(self.client, "scheduler", None)
        return {
            "executor": "dask",
            "workers": self.workers,
            "scheduler": getattr(address, "address", str(self.scheduler)),
        }


def make_executor(workers: int = 2, scheduler: Any = None, dask_local: bool = False) -> Executor:
    """The executor the CLI and API options ask for."""
    if scheduler is not None or dask_local:
        return DaskExecutor(scheduler=scheduler, workers=workers)
    if workers <= 1:
        return SerialExecutor()
    return ProcessExecutor(workers)

"""Where a batch's work runs: in this process, in a pool of local worker processes, or on a dask cluster.

Every executor runs module-level functions on picklable arguments and hands
results back unordered, as (index, value) pairs, so the caller can write each
result as soon as it exists and put them in order at the end. A task that
cannot be run (its worker died, the cluster lost it) comes back as a
`TaskFailure` value, never as an exception: one bad pair must not end a batch.

Models load once per worker: each worker runs a warm-up function (a tiny pair
through the real pipeline, so whatever the pipeline loads lazily — jieba,
CC-CEDICT, an embedding model — is loaded) before its first task.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from .errors import BackendUnavailable, ConfigError

# (function, arguments) run once in each worker before its first task
WarmUp = tuple[Callable[..., Any], tuple]


@dataclass(frozen=True)
class TaskFailure:
    """A task that produced no result, and why."""

    message: str


@dataclass(frozen=True)
class TaskReport:
    """What a worker sends back: the task's value and the worker's own peak memory."""

    value: Any
    worker: str
    peak_rss_mb: float


@dataclass
class WorkerMemory:
    """Peak resident memory (MB) of each worker that ran a task, by worker id."""

    peak_mb: dict[str, float] = field(default_factory=dict)

    def record(self, report: TaskReport) -> None:
        self.peak_mb[report.worker] = max(self.peak_mb.get(report.worker, 0.0), report.peak_rss_mb)


def available_cores() -> int:
    """Cores this process may run on (the affinity mask in a container, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if os.uname().sysname == "Darwin" else peak / 1024  # bytes on macOS, KB elsewhere


_warmed: set[str] = set()


def warm_worker(warm: WarmUp | None) -> None:
    """Run the warm-up once per process (per distinct warm-up)."""
    if warm is None:
        return
    fn, args = warm
    key = f"{fn.__module__}.{fn.__qualname__}:{args!r}"
    if key in _warmed:
        return
    _warmed.add(key)
    try:
        fn(*args)
    except Exception:  # noqa: BLE001 — a warm-up that fails must not kill the worker: its first task meets the same problem and reports it
        pass


def _parent_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed parent not yet reaped by its own parent is a zombie: gone for our purposes
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _watch_parent(pid: int, interval: float = 0.5) -> None:
    while _parent_alive(pid):
        time.sleep(interval)
    os._exit(0)  # noqa: SLF001 — nothing to clean up: results go to the parent, which is gone


def _init_pool_worker(warm: WarmUp | None, parent_pid: int) -> None:
    """Pool worker start: follow the batch process (a worker must not outlive a killed batch), then warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle: it stops the pool
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="aligner-parent-watch", daemon=True).start()
    warm_worker(warm)


def current_rss_mb() -> float | None:
    """This process's resident memory now, in MB (None where /proc is not there to tell)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


CACHE_BUDGET_MB = float(os.environ.get("ALIGNER_WORKER_CACHE_MB", "256"))  # 0: never clear


class CacheBudget:
    """Keeps a long-lived worker's memo caches within a memory budget.

    The pipeline memoises per text (a sentence's tokens, a link's English
    evidence) and per word (glosses, stems, pinyin). Caches per text hold a few
    pairs' worth (`aligner.text.TEXT_CACHE_SIZE` entries), so they are full
    after a worker's first pairs and do not grow with the batch; caches per word
    grow with the vocabulary the worker has seen, which levels off. Should it
    not (a batch of many domains), this is the backstop: when the worker has
    grown by more than `budget_mb` since its first task, the memo caches are
    emptied; the models (caches of a handful of entries) stay. Peak memory per
    worker is then at most the models plus the budget, whatever the batch.
    """

    def __init__(self, budget_mb: float = CACHE_BUDGET_MB) -> None:
        self.budget_mb = budget_mb
        self.mark: float | None = None
        self.clears = 0

    @staticmethod
    def word_caches() -> list:
        found, seen = [], set()
        for name, module in list(sys.modules.items()):
            if not name.startswith("aligner.") or module is None:
                continue
            for value in list(vars(module).values()):
                for item in [value] + (list(vars(value).values()) if isinstance(value, type) else []):
                    info = getattr(item, "cache_info", None)
                    if info is None or id(item) in seen or not hasattr(item, "cache_clear"):
                        continue
                    seen.add(id(item))
                    maxsize = info().maxsize
                    if maxsize is None or maxsize > 64:
                        found.append(item)
        return found

    def after_task(self) -> None:
        rss = current_rss_mb()
        if rss is None or self.budget_mb <= 0:
            return
        if self.mark is None:
            self.mark = rss
        elif rss - self.mark > self.budget_mb:
            for cache in self.word_caches():
                cache.cache_clear()
            gc.collect()
            _release_free_memory()
            self.clears += 1
            self.mark = max(self.mark, current_rss_mb() or rss)


def _release_free_memory() -> None:
    """Hand freed heap back to the system (glibc keeps it otherwise, and RSS would not fall)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


_budget = CacheBudget()


def _noop() -> None:
    pass


def _run_task(fn: Callable[..., Any], args: tuple, warm: WarmUp | None) -> TaskReport:
    warm_worker(warm)
    value = fn(*args)
    _budget.after_task()
    return TaskReport(value, f"{socket.gethostname()}:{os.getpid()}", round(peak_rss_mb(), 1))


class Executor:
    """Runs fn(*args) for each args tuple; yields (index, value or TaskFailure) as results arrive."""

    name = "serial"
    workers = 1
    parallel = False

    def __init__(self, warm: WarmUp | None = None) -> None:
        self.warm = warm
        self.memory = WorkerMemory()

    def imap_unordered(self, fn: Callable[..., Any], items: Iterable[tuple]) -> Iterator[tuple[int, Any]]:
        for i, args in enumerate(items):
            yield i, fn(*args)  # in this process: the caller's own memory is not a worker's

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def describe(self) -> str:
        return self.name


def _pool_context():
    # fork would copy the caller's threads' locks (a progress bar's refresh thread); a fork server is
    # forked once from a clean process that has the package imported, and forks each worker cheaply
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["aligner.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


class ProcessExecutor(Executor):
    """A pool of local worker processes; a worker that dies costs only the task it was running."""

    name = "local"
    parallel = True

    def __init__(self, jobs: int, warm: WarmUp | None = None) -> None:
        super().__init__(warm)
        self.workers = max(1, jobs)
        self._ctx = _pool_context()
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def _fresh_pool(self) -> ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self._ctx,
                                         initializer=_init_pool_worker, initargs=(self.warm, os.getpid()))
        return self._pool

    def prestart(self) -> None:
        """Start and warm every worker now, without waiting: warm-up then overlaps the caller's own work."""
        pool = self._pool or self._fresh_pool()
        for _ in range(self.workers):
            pool.submit(_noop)

    def imap_unordered(self, fn, items):
        pool = self._pool or self._fresh_pool()
        window = 4 * self.workers  # bounded: arguments are read lazily, so memory does not grow with the batch
        source = iter(enumerate(items))
        pending: dict = {}
        suspects: deque = deque()  # tasks in flight when a worker died: retried one by one at the end
        broken = False
        while True:
            while not broken and len(pending) < window:
                nxt = next(source, None)
                if nxt is None:
                    break
                try:
                    pending[pool.submit(_run_task, fn, nxt[1], self.warm)] = nxt
                except BrokenProcessPool:
                    suspects.append(nxt)
                    broken = True
            if not pending:
                if broken:
                    pool, broken = self._fresh_pool(), False
                    continue
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i, args = pending.pop(fut)
                try:
                    report = fut.result()
                except BrokenProcessPool:
                    suspects.append((i, args))
                    broken = True
                    continue
                except Exception as exc:  # the task could not be sent or its result not returned (pickling)
                    yield i, TaskFailure(f"{type(exc).__name__}: {exc}")
                    continue
                self.memory.record(report)
                yield i, report.value
        for i, args in suspects:
            try:
                report = pool.submit(_run_task, fn, args, self.warm).result()
            except BrokenProcessPool:
                pool = self._fresh_pool()
                yield i, TaskFailure("the worker process died while running it (out of memory, or a crash in "
                                     "a native library); run the batch again with --jobs 1 to see the error")
                continue
            except Exception as exc:
                yield i, TaskFailure(f"{type(exc).__name__}: {exc}")
                continue
            self.memory.record(report)
            yield i, report.value

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def describe(self) -> str:
        return f"local processes x{self.workers}"


class DaskExecutor(Executor):
    """Tasks on an existing dask.distributed cluster; workers need only this package installed.

    Workers get documents and pairs as arguments and return results; nothing
    is read from or written to their disks, so they may run on other machines.
    """

    name = "dask"
    parallel = True

    def __init__(self, scheduler: str, warm: WarmUp | None = None, connect_timeout: float = 10.0) -> None:
        super().__init__(warm)
        try:
            from distributed import Client
        except ImportError:
            raise BackendUnavailable("--executor dask needs dask.distributed; install it with: pip install 'aligner[dask]'") from None
        self.scheduler = scheduler
        try:
            self.client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the dask scheduler at {scheduler} ({exc}); start one "
                              "(dask scheduler) or fix --scheduler") from None
        try:
            self._check_workers()
        except BaseException:
            self.client.close()
            raise

    def _check_workers(self) -> None:
        from .cache import code_fingerprint

        nthreads = self.client.nthreads()
        if not nthreads:
            raise ConfigError(f"the dask cluster at {self.scheduler} has no workers; start some with: dask worker {self.scheduler}")
        self.workers = sum(nthreads.values())
        ours = code_fingerprint()
        theirs = self.client.run(code_fingerprint)
        odd = sorted(w for w, fp in theirs.items() if fp != ours)
        if odd:
            raise ConfigError(f"dask workers {', '.join(odd)} run different aligner code than this client; "
                              "install the same aligner version on every worker")
        if self.warm is not None:
            self.client.run(warm_worker, self.warm)

    def imap_unordered(self, fn, items):
        from distributed import as_completed

        window = 4 * self.workers
        source = iter(enumerate(items))
        index: dict = {}
        running = as_completed(loop=self.client.loop)

        def submit_next() -> bool:
            nxt = next(source, None)
            if nxt is None:
                return False
            fut = self.client.submit(_run_task, fn, nxt[1], self.warm, pure=False)
            index[fut.key] = nxt[0]
            running.add(fut)
            return True

        for _ in range(window):
            if not submit_next():
                break
        for fut in running:
            i = index.pop(fut.key)
            try:
                report = fut.result()
            except Exception as exc:  # KilledWorker, lost data, a cancelled future
                yield i, TaskFailure(f"the dask cluster could not run it ({type(exc).__name__}: {exc})")
            else:
                self.memory.record(report)
                yield i, report.value
            fut.release()
            submit_next()

    def close(self) -> None:
        self.client.close()

    def describe(self) -> str:
        return f"dask at {self.scheduler} ({self.workers} threads)"


def make_executor(kind: str, jobs: int | None, scheduler: str | None, warm: WarmUp | None = None) -> Executor:
    """The executor a batch asked for; a ConfigError says what is missing."""
    if kind == "dask":
        if not scheduler:
            raise ConfigError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskExecutor(scheduler, warm)
    if kind != "local":
        raise ConfigError(f"unknown executor {kind!r}; choose local or dask")
    if scheduler:
        raise ConfigError("--scheduler is for --executor dask; add --executor dask or drop --scheduler")
    jobs = available_cores() if jobs is None else jobs
    if jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, not {jobs}")
    return ProcessExecutor(jobs, warm) if jobs > 1 else Executor(warm)

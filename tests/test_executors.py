"""Executors: results come back whatever happens to a worker, models warm once per worker, config errors say the fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from aligner.errors import ConfigError
from aligner.executors import DaskExecutor, Executor, ProcessExecutor, TaskFailure, make_executor


def square_or_die(x: int) -> tuple[int, int]:
    if x == 13:
        os._exit(7)  # a worker killed mid-task (out of memory, a segfault in a native library)
    return x * x, os.getpid()


def note_warm(path: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")


@pytest.mark.parametrize(
    "kind, jobs, scheduler, message",
    [
        ("dask", None, None, "--executor dask needs --scheduler ADDRESS"),
        ("local", 2, "tcp://127.0.0.1:8786", "--scheduler is for --executor dask"),
        ("ray", None, None, "unknown executor 'ray'; choose local or dask"),
        ("local", 0, None, "--jobs must be at least 1"),
    ],
)
def test_config_errors_say_the_fix(kind, jobs, scheduler, message):
    with pytest.raises(ConfigError, match=message):
        make_executor(kind, jobs, scheduler)


def test_one_job_runs_in_this_process():
    ex = make_executor("local", 1, None)
    assert type(ex) is Executor
    assert sorted(ex.imap_unordered(pow, [(2, 3), (3, 2)])) == [(0, 8), (1, 9)]


def test_pool_survives_a_dying_worker_and_warms_each_worker_once(tmp_path):
    warm_log = tmp_path / "warm.txt"
    with ProcessExecutor(2, warm=(note_warm, (str(warm_log),))) as ex:
        results = dict(ex.imap_unordered(square_or_die, [(k,) for k in range(20)]))
    assert sorted(results) == list(range(20))
    assert isinstance(results[13], TaskFailure) and "worker process died" in results[13].message
    assert all(results[k][0] == k * k for k in range(20) if k != 13)
    worker_pids = {results[k][1] for k in range(20) if k != 13}
    warmed = warm_log.read_text().split()
    assert worker_pids <= set(map(int, warmed))
    assert len(warmed) == len(set(warmed))  # each worker warmed once, however many tasks it ran
    assert all(mb > 0 for mb in ex.memory.peak_mb.values()) and len(ex.memory.peak_mb) >= 2


def test_dask_executor_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        with DaskExecutor(cluster.scheduler_address, warm=(note_warm, (str(tmp_path / "warm.txt"),))) as ex:
            results = dict(ex.imap_unordered(pow, [(k, 2) for k in range(30)]))
    assert results == {k: k * k for k in range(30)}
    assert len((tmp_path / "warm.txt").read_text().split()) == 1  # one worker, warmed once


def test_unreachable_scheduler_is_a_config_error():
    pytest.importorskip("distributed")
    with pytest.raises(ConfigError, match="cannot reach the dask scheduler at tcp://127.0.0.1:9 .*fix --scheduler"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1)


ORPHAN_SCRIPT = """
import sys, time
from aligner.executors import ProcessExecutor
ex = ProcessExecutor(2)
for _ in ex.imap_unordered(time.sleep, [(60,), (60,)]):
    pass
"""


def test_workers_do_not_outlive_a_killed_batch():
    psutil = pytest.importorskip("psutil")
    proc = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT])
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers = []
    while time.monotonic() < deadline and len(workers) < 2:  # the fork server and its two workers
        time.sleep(0.1)
        workers = [c for c in parent.children(recursive=True) if c.ppid() != proc.pid]  # forked by the fork server
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, "workers outlived the killed batch"

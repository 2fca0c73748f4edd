"""`theset worker` as a real process: a SIGKILLed worker's job is picked up by another worker, and a
SIGTERMed worker finishes (or hands back) its job — a job is never lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from theset.core import queue_names as q
from theset.core.queues import get_registry

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("redis_client")]
THESET = str(Path(sys.executable).parent / "theset")


@pytest.fixture
async def spawn() -> AsyncIterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def _spawn(*extra: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "WORKER_LOCK_DURATION_MS": "2000",
            "WORKER_STALLED_INTERVAL_MS": "1000",
            "LOG_LEVEL": "WARNING",
        }
        proc = subprocess.Popen([THESET, "worker", "--queues", q.CACHE_WARM, *extra], env=env)
        started.append(proc)
        return proc

    yield _spawn
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


async def _wait_for(predicate: Callable[[], Any], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not await predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def _state(job_id: str) -> str:
    return str(await get_registry().get(q.CACHE_WARM).getJobState(job_id))


async def _active(job_id: str) -> bool:
    return await _state(job_id) == "active"


async def test_sigkill_mid_job_is_recovered_by_another_worker(spawn: Callable[..., Any]) -> None:
    job_id = await get_registry().add(q.CACHE_WARM, "ping", {"value": "survivor", "sleep": 2})
    first = spawn()
    await _wait_for(lambda: _active(job_id), 20, "the first worker to take the job")
    first.send_signal(signal.SIGKILL)
    first.wait(5)
    spawn()

    async def completed() -> bool:
        return await _state(job_id) == "completed"

    await _wait_for(completed, 30, "the second worker to finish the stalled job")
    job = await get_registry().get(q.CACHE_WARM).getJob(job_id)
    assert job is not None and job.returnvalue["pong"] == "survivor"
    assert job.stalledCounter == 1 and job.attemptsStarted == 2


async def test_sigterm_lets_the_running_job_finish(spawn: Callable[..., Any]) -> None:
    job_id = await get_registry().add(q.CACHE_WARM, "ping", {"value": "finish-me", "sleep": 1.5})
    worker = spawn()
    await _wait_for(lambda: _active(job_id), 20, "the worker to take the job")
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    assert await _state(job_id) == "completed"


async def test_sigterm_past_the_shutdown_timeout_hands_the_job_back(spawn: Callable[..., Any]) -> None:
    job_id = await get_registry().add(q.CACHE_WARM, "ping", {"value": "handed-back", "sleep": 10})
    worker = spawn("--shutdown-timeout", "0.5")
    await _wait_for(lambda: _active(job_id), 20, "the worker to take the job")
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(20) == 0
    assert await _state(job_id) in {"waiting", "prioritized", "delayed"}
    job = await get_registry().get(q.CACHE_WARM).getJob(job_id)
    assert job is not None and job.attemptsMade == 0

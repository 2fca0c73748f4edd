"""SlotWorker against real Redis: its own dispatch loop must keep every bullmq guarantee it replaces."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from bullmq import Job, Queue
from redis.asyncio.connection import Connection
from redis.exceptions import DataError

from theset.core.config import get_settings
from theset.core.redis import HiredisPackingConnection, create_worker_redis
from theset.core.slot_worker import SlotWorker

pytestmark = pytest.mark.usefixtures("redis_client")
PREFIX = "slot-test"
Processor = Callable[[Job, str], Awaitable[Any]]
ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def _no_worker_errors() -> Iterator[None]:
    """bullmq reports trouble inside its loop as 'error' events, not exceptions: none may occur here."""
    ERRORS.clear()
    yield
    assert ERRORS == []


@pytest.fixture
async def queue() -> AsyncIterator[Queue]:
    q = Queue(f"slots-{time.time_ns()}", {"connection": get_settings().redis_url, "prefix": PREFIX})
    yield q
    await q.obliterate(force=True)
    await q.close()


class Tracker:
    """Records which jobs ran and how many ran at once. With `held`, every job waits at the gate until the
    test opens it, so "N jobs at once" is reached however slowly a busy machine schedules the slots."""

    def __init__(self, seconds: float = 0.0, *, held: bool = False) -> None:
        self.seconds = seconds
        self.gate = asyncio.Event()
        if not held:
            self.gate.set()
        self.ran: list[int] = []
        self.running = 0
        self.peak = 0

    async def __call__(self, job: Job, token: str) -> str:
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await self.gate.wait()
            if self.seconds:
                await asyncio.sleep(self.seconds)
            self.ran.append(int(job.data["n"]))
            return "ok"
        finally:
            self.running -= 1


def start(queue: Queue, processor: Processor, concurrency: int) -> SlotWorker:
    worker = SlotWorker(
        queue.name,
        processor,
        {
            "connection": create_worker_redis(concurrency + 3),
            "prefix": PREFIX,
            "concurrency": concurrency,
            "drainDelay": 1,
        },
    )
    worker.on("error", lambda err, *_: ERRORS.append(repr(err)))
    return worker


async def add(queue: Queue, count: int, **opts: Any) -> None:
    await queue.addBulk([{"name": "n", "data": {"n": i}, "opts": dict(opts)} for i in range(count)])


async def until(predicate: Callable[[], bool], timeout_s: float = 15) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


async def test_every_job_runs_once_and_never_more_than_concurrency_at_once(queue: Queue) -> None:
    await add(queue, 40)
    tracker = Tracker(held=True)
    worker = start(queue, tracker, concurrency=8)
    await until(lambda: tracker.running == 8)
    tracker.gate.set()
    await until(lambda: len(tracker.ran) == 40)
    await worker.close()
    assert sorted(tracker.ran) == list(range(40))
    assert tracker.peak == 8
    counts = await queue.getJobCounts("completed", "active", "wait", "failed")
    assert counts == {"completed": 40, "active": 0, "wait": 0, "failed": 0}


async def test_a_finished_job_hands_back_the_next_without_a_separate_fetch(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add(queue, 30)
    tracker = Tracker()
    fetches = 0
    original = SlotWorker.moveToActive

    async def counting(self: SlotWorker, token: str) -> Job | None:
        nonlocal fetches
        fetches += 1
        return await original(self, token)

    monkeypatch.setattr(SlotWorker, "moveToActive", counting)
    worker = start(queue, tracker, concurrency=1)
    await until(lambda: len(tracker.ran) == 30)
    await worker.close()
    assert tracker.ran == list(range(30))  # one slot keeps FIFO order
    assert fetches <= 3  # the first fetch, then moveToFinished(fetch_next) carries the queue


async def test_jobs_added_to_an_idle_worker_wake_every_slot(queue: Queue) -> None:
    tracker = Tracker(held=True)
    worker = start(queue, tracker, concurrency=4)
    await asyncio.sleep(0.3)  # one slot now blocks on the queue's marker, the others sleep
    await add(queue, 8)
    await until(lambda: tracker.running == 4)  # every slot woke and took a job
    tracker.gate.set()
    await until(lambda: len(tracker.ran) == 8)
    await worker.close()
    assert tracker.peak == 4


async def test_a_delayed_job_runs_when_due(queue: Queue) -> None:
    tracker = Tracker()
    worker = start(queue, tracker, concurrency=2)
    await asyncio.sleep(0.2)
    added = time.monotonic()
    await queue.add("n", {"n": 7}, {"delay": 400})
    await until(lambda: tracker.ran == [7])
    waited = time.monotonic() - added
    await worker.close()
    # Never before it is due; the upper bound only catches the 5-15 s stalls of a mis-set blocking pop,
    # with room for a busy machine.
    assert 0.35 <= waited < 5


async def test_a_failing_job_is_marked_failed_and_the_slot_goes_on(queue: Queue) -> None:
    ran: list[int] = []

    async def fail_odd(job: Job, token: str) -> None:
        ran.append(int(job.data["n"]))
        if int(job.data["n"]) % 2:
            raise ValueError("odd one out")

    await add(queue, 6)
    worker = start(queue, fail_odd, concurrency=1)
    await until(lambda: len(ran) == 6)
    await until(lambda: not worker.jobs)
    await worker.close()
    counts = await queue.getJobCounts("completed", "failed")
    assert counts == {"completed": 3, "failed": 3}
    failed = await queue.getJobs(["failed"])
    assert {j.failedReason for j in failed} == {"odd one out"}


async def test_pause_lets_the_running_job_finish_and_takes_no_more_until_resumed(queue: Queue) -> None:
    tracker = Tracker(held=True)
    await add(queue, 6)
    worker = start(queue, tracker, concurrency=2)
    await until(lambda: tracker.running == 2)
    pausing = asyncio.create_task(worker.pause())
    await asyncio.sleep(0)  # pause() marks the worker paused before it waits for the running jobs
    tracker.gate.set()
    await pausing
    assert tracker.running == 0 and len(tracker.ran) == 2
    await asyncio.sleep(0.4)
    assert len(tracker.ran) == 2
    worker.resume()
    await until(lambda: len(tracker.ran) == 6)
    await worker.close()
    assert sorted(tracker.ran) == list(range(6))


async def test_closing_an_idle_worker_returns_promptly(queue: Queue) -> None:
    worker = start(queue, Tracker(), concurrency=5)
    await asyncio.sleep(0.3)
    # Promptly = well before the blocking pop's own timeout would end it; generous for a busy machine.
    await asyncio.wait_for(worker.close(), timeout=10)
    assert worker.closed


async def test_close_waits_for_running_jobs_and_takes_no_new_ones(queue: Queue) -> None:
    tracker = Tracker(held=True)
    await add(queue, 5)
    worker = start(queue, tracker, concurrency=2)
    await until(lambda: tracker.running == 2)
    closing = asyncio.create_task(worker.close())
    await asyncio.sleep(0)  # close() marks the worker closing before it waits for the running jobs
    tracker.gate.set()
    await closing
    assert len(tracker.ran) == 2
    counts = await queue.getJobCounts("completed", "active", "wait")
    assert counts == {"completed": 2, "active": 0, "wait": 3}


@pytest.mark.parametrize(
    "args",
    [
        ("SET", "k", "v"),
        ("EVALSHA", "abc", 2, "key:1", "key:2", 1.5, 10, b"\x00\xffbinary", "é unicode"),
        ("CLIENT SETNAME", "worker"),
        (b"CONFIG GET", "maxmemory"),
    ],
)
def test_hiredis_packing_matches_redis_py(args: tuple[Any, ...]) -> None:
    fast = HiredisPackingConnection(decode_responses=True)
    slow = Connection(decode_responses=True)
    assert b"".join(fast.pack_command(*args)) == b"".join(slow.pack_command(*args))


@pytest.mark.parametrize("bad", [None, True, object()])
def test_hiredis_packing_rejects_what_redis_py_rejects(bad: Any) -> None:
    with pytest.raises(DataError):
        HiredisPackingConnection().pack_command("SET", "k", bad)
    with pytest.raises(DataError):
        Connection().pack_command("SET", "k", bad)


async def test_the_queue_sees_the_worker_on_every_pooled_connection(queue: Queue) -> None:
    tracker = Tracker(held=True)
    await add(queue, 6)
    worker = start(queue, tracker, concurrency=3)
    await until(lambda: tracker.running == 3)
    clients = await queue.get_workers()
    tracker.gate.set()
    await worker.close()
    assert len(clients) >= 3  # bullmq names every connection of the pool, not only the first


@pytest.mark.parametrize(
    "text", ['{"a": [1, 2.5, "é", null, true]}', "NaN", '{"n": 18446744073709551615}', "Infinity", "0"]
)
def test_fast_job_parsing_reads_json_as_the_standard_library_does(text: str) -> None:
    import json

    import bullmq.job

    from theset.core.slot_worker import use_fast_job_parsing

    use_fast_job_parsing()
    parsed = bullmq.job.json.loads(text)
    expected = json.loads(text)
    assert parsed == expected or (parsed != parsed and expected != expected)  # NaN is not equal to itself


async def test_a_failing_fetch_is_reported_and_the_slot_carries_on(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = SlotWorker.moveToActive
    calls = 0

    async def flaky(self: SlotWorker, token: str) -> Job | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("script error")
        return await original(self, token)

    monkeypatch.setattr(SlotWorker, "moveToActive", flaky)
    await add(queue, 3)
    tracker = Tracker()
    worker = start(queue, tracker, concurrency=1)
    await until(lambda: len(tracker.ran) == 3)
    await worker.close()
    assert [repr(RuntimeError("script error"))] == ERRORS
    ERRORS.clear()


async def test_a_job_fetched_while_closing_is_still_run_not_stranded(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """close() landing while moveToFinished is on the wire: that call already locked the next job."""
    from bullmq.backends.redis_backend import RedisBackend

    original = RedisBackend.moveToCompleted
    closing_started = asyncio.Event()

    async def slow_complete(self: RedisBackend, *args: Any, **kwargs: Any) -> Any:
        result = await original(self, *args, **kwargs)
        if kwargs.get("fetch_next") and not closing_started.is_set():
            closing_started.set()
            await asyncio.sleep(0.2)  # close() comes in now, after the next job was fetched
        return result

    monkeypatch.setattr(RedisBackend, "moveToCompleted", slow_complete)
    await add(queue, 4)
    tracker = Tracker()
    worker = start(queue, tracker, concurrency=1)
    await closing_started.wait()
    await worker.close()
    counts = await queue.getJobCounts("completed", "active", "wait")
    assert counts["active"] == 0, counts
    assert counts["completed"] == len(tracker.ran) == 2 and counts["wait"] == 2


def test_fast_job_parsing_reads_integers_beyond_64_bits_as_floats() -> None:
    """The one documented difference from the standard library (no producer of ours writes such numbers)."""
    import bullmq.job

    from theset.core.slot_worker import use_fast_job_parsing

    use_fast_job_parsing()
    assert bullmq.job.json.loads('{"n": 123456789012345678901234567890}') == {"n": 1.2345678901234568e29}

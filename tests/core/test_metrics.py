from __future__ import annotations

from typing import Any

import httpx
import pytest

from theset.core import metrics
from theset.core import queue_names as q
from theset.core.queues import get_registry

pytestmark = pytest.mark.usefixtures("redis_client")


@pytest.fixture(autouse=True)
def _empty_buffer() -> None:
    """The per-minute buffer is process-wide: start each test without counts other tests left in it."""
    metrics._pending_minutes.clear()


async def test_per_minute_counters_are_buffered_then_flushed_and_expire(redis_client: Any) -> None:
    for _ in range(3):
        metrics.observe_job(q.CLEANUP, "x", "completed", 0.01)
    metrics.observe_job(q.CLEANUP, "x", "failed", 0.02)
    key = metrics.minute_key(q.CLEANUP, "completed", metrics.epoch_minute())
    assert await redis_client.get(key) is None, "nothing is written per job"
    assert await metrics.flush_minute_counts(redis_client) == 4
    assert await metrics.flush_minute_counts(redis_client) == 0, "a flush sends each count once"
    series = await metrics.per_minute(redis_client, q.CLEANUP, minutes=5)
    assert series["completed"][-1] == 3 and series["failed"][-1] == 1 and len(series["completed"]) == 5
    assert 0 < await redis_client.ttl(key) <= metrics.MINUTE_TTL_S


async def test_prometheus_exposition_has_queue_state_and_job_metrics(redis_client: Any) -> None:
    await get_registry().add(q.CLEANUP, "anything", {})
    metrics.observe_job(q.CLEANUP, "anything", "failed", 0.5)
    body, content_type = await metrics.render_latest(get_registry())
    text = body.decode()
    assert content_type.startswith("text/plain")
    assert 'theset_queue_jobs{queue="cleanup",state="prioritized"} 1.0' in text
    assert 'theset_queue_paused{queue="cleanup"} 0.0' in text
    assert 'theset_job_failures_total{job="anything",queue="cleanup"}' in text
    assert "theset_job_duration_seconds_bucket" in text
    assert "theset_sse_connections" in text
    assert 'theset_queue_jobs_last_hour{outcome="failed",queue="cleanup"}' in text


async def test_metrics_endpoint_is_served(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/metrics")
    assert response.status_code == 200 and "theset_queue_jobs" in response.text


async def test_a_flush_cancelled_mid_write_keeps_its_counts(
    redis_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    metrics.observe_job(q.CLEANUP, "x", "completed", 0.01)

    def cancelled_pipeline(*_: Any, **__: Any) -> Any:
        raise asyncio.CancelledError()

    monkeypatch.setattr(redis_client, "pipeline", cancelled_pipeline)
    with pytest.raises(asyncio.CancelledError):
        await metrics.flush_minute_counts(redis_client)
    monkeypatch.undo()
    assert await metrics.flush_minute_counts(redis_client) == 1

"""The admin health body in the cases the worker tests do not reach: Redis not answering, and
PostgreSQL not answering (only then does `recoveryError` appear)."""

from __future__ import annotations

import redis.asyncio as aioredis

from theset.admin import monitoring
from theset.admin.monitoring_schemas import HealthOut, RedisDownOut, WorkersOut
from theset.devenv import free_port


async def test_redis_not_answering_is_reported_not_raised() -> None:
    nobody = aioredis.Redis(host="127.0.0.1", port=free_port(), socket_connect_timeout=1)
    try:
        body = (await monitoring.health(nobody)).model_dump(mode="json")
    finally:
        await nobody.aclose()
    assert body["status"] == "degraded"
    assert body["redis"]["ok"] is False and body["redis"]["error"]
    assert set(body["redis"]) == {"ok", "error"}
    assert body["workers"] == {"alive": 0, "stale": 0, "heartbeats": []}
    assert list(body) == ["status", "redis", "workers", "missingSchedulers", "orphanedRuns"]


def test_recovery_error_is_sent_only_when_there_is_one() -> None:
    fields = {
        "status": "degraded",
        "redis": RedisDownOut(error="x"),
        "workers": WorkersOut(alive=0, stale=0, heartbeats=[]),
        "missing_schedulers": [],
        "orphaned_runs": [],
    }
    assert "recoveryError" not in HealthOut(**fields).model_dump(mode="json")
    failed = HealthOut(**fields, recovery_error="OperationalError").model_dump(mode="json")
    assert failed["recoveryError"] == "OperationalError"

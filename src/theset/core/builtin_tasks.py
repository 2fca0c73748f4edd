"""Infrastructure jobs every deployment has, independent of the domain packages."""

from __future__ import annotations

import asyncio
from typing import Any

from theset.core import queue_names as q
from theset.core.logging import get_logger
from theset.core.tasks import JobContext, task

log = get_logger(__name__)


@task(q.CACHE_WARM, "ping")
async def ping(ctx: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    """A no-op round trip used by health checks, smoke tests and the throughput benchmark."""
    delay = float(data.get("sleep", 0) or 0)
    if delay > 0:
        await asyncio.sleep(min(delay, 10.0))
    return {"pong": data.get("value"), "attempt": ctx.attempt}

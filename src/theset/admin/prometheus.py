"""GET /metrics: Prometheus exposition of the default registry, with queue gauges read from Redis."""

from __future__ import annotations

from fastapi import APIRouter, Response

from theset.core import metrics
from theset.core.queues import get_registry

router = APIRouter(tags=["health"])


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics() -> Response:
    body, content_type = await metrics.render_latest(get_registry())
    return Response(body, media_type=content_type)

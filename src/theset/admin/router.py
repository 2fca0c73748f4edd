"""Admin JSON API under /api/admin (contract: docs/architecture.md).

Thin: auth, parse, call service, audit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from theset.admin import import_console, monitoring, service
from theset.admin.auth import AdminDep, AdminUnauthorized, require_admin
from theset.admin.monitoring_schemas import HealthOut, QueuesOut, QueueSummaryOut, SchedulersOut
from theset.admin.schemas import (
    ActionResult,
    AuditEntryOut,
    AuditOut,
    ImportRunsOut,
    JobActionName,
    JobDetailOut,
    JobListOut,
    QueueActionIn,
    RerunOutcome,
)
from theset.core import audit
from theset.core.deps import RedisDep, SessionDep
from theset.core.errors import error_body
from theset.core.queues import JobState, get_registry


class AdminAPIRoute(APIRoute):
    """Adds `WWW-Authenticate` to the 401 (the shared error handler cannot set headers)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except AdminUnauthorized as exc:
                return JSONResponse(
                    error_body(exc.code, exc.message),
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="theset-admin"'},
                )

        return guarded


router = APIRouter(
    prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)], route_class=AdminAPIRoute
)


@router.get("/queues", response_model=QueuesOut)
async def list_queues(redis: RedisDep) -> QueuesOut:
    """Every queue: job counts by state, paused, workers, throughput/failures per minute, oldest wait."""
    return QueuesOut(queues=await monitoring.overview(get_registry(), redis))


@router.post("/queues", response_model=ActionResult)
async def queue_action(body: QueueActionIn, admin: AdminDep, redis: RedisDep) -> ActionResult:
    """pause | resume | clean | retry-failed | promote | drain | obliterate (the last two need
    `options.confirm` = the queue name)."""
    result = await service.audited_queue_action(
        redis, admin.actor, body.queue_name, body.action, body.options
    )
    return ActionResult(action=body.action, queue_name=body.queue_name, result=result)


@router.get("/queues/{name}", response_model=QueueSummaryOut)
async def get_queue(name: str, redis: RedisDep) -> QueueSummaryOut:
    beats = await monitoring.heartbeats(redis)
    return await monitoring.queue_summary(get_registry(), redis, name, beats)


@router.get("/queues/{name}/jobs", response_model=JobListOut)
async def list_jobs(
    name: str,
    state: JobState = "failed",
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=service.MAX_PAGE_SIZE)] = 20,
) -> JobListOut:
    return await service.list_jobs(get_registry(), name, state, page, page_size)


@router.get("/queues/{name}/jobs/{job_id}", response_model=JobDetailOut)
async def get_job(name: str, job_id: str) -> JobDetailOut:
    """Data, options, attempts, progress, timestamps, failed reason, stack traces and logs."""
    return await service.job_detail(get_registry(), name, job_id)


@router.post("/queues/{name}/jobs/{job_id}/{action}", response_model=ActionResult)
async def job_action(
    name: str, job_id: str, action: JobActionName, admin: AdminDep, redis: RedisDep
) -> ActionResult:
    result = await service.audited_job_action(redis, admin.actor, name, job_id, action)
    return ActionResult(action=action, queue_name=name, job_id=job_id, result=result)


@router.get("/schedulers", response_model=SchedulersOut)
async def list_schedulers() -> SchedulersOut:
    """Registered job schedulers with their next run (epoch ms), plus declared ones that are missing."""
    return await monitoring.schedulers(get_registry())


@router.get("/health", response_model=HealthOut)
async def admin_health(redis: RedisDep) -> HealthOut:
    """Worker heartbeats and Redis health (version, memory, clients, ping latency)."""
    return await monitoring.health(redis)


@router.get("/audit", response_model=AuditOut)
async def audit_log(redis: RedisDep, count: Annotated[int, Query(ge=1, le=1000)] = 100) -> AuditOut:
    entries = await audit.recent(redis, count)
    return AuditOut(entries=[AuditEntryOut.model_validate(entry) for entry in entries])


@router.get("/imports", response_model=ImportRunsOut)
async def recent_imports(session: SessionDep, stage: str | None = None) -> ImportRunsOut:
    return ImportRunsOut(imports=await import_console.recent_imports(session, stage=stage))


@router.post("/imports/{artist_id}/rerun", response_model=RerunOutcome)
async def rerun_import(
    artist_id: uuid.UUID, session: SessionDep, admin: AdminDep, redis: RedisDep
) -> RerunOutcome:
    return await service.audited_rerun(redis, admin.actor, session, artist_id)

"""PostgreSQL is the record of what should be running; Redis only carries the jobs.

A Redis that loses its data (restarted without persistence, flushed, failed over to an empty replica)
drops every job, so runs stay "catalog 40 %" for good. `orphaned_runs` finds open runs whose job no
longer exists, and `requeue_orphaned_runs` adds the job again under the *same* id: the run keeps its
identity (progress and the checkpoint in import_status.phases_done belong to it), and bullmq ignores an
add whose id exists, so any number of workers can sweep at once. Workers sweep at start and then every
RECOVERY_INTERVAL_SECONDS (worker.py); /api/admin/health reports what it finds.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.core.queues import PRIORITY_USER, QueueRegistry, get_registry
from theset.imports import repository
from theset.imports.jobs import IMPORT_JOB, ImportRunJob
from theset.imports.service import ENQUEUE_GRACE

log = get_logger(__name__)


async def orphaned_runs(registry: QueueRegistry | None = None) -> list[tuple[uuid.UUID, str]]:
    """Open runs, older than the enqueue grace, whose job Redis does not have."""
    registry = registry or get_registry()
    async with session_scope() as session:
        runs = await repository.open_runs_started_before(session, datetime.now(UTC) - ENQUEUE_GRACE)
    return [
        (artist_id, job_id)
        for artist_id, job_id in runs
        if not await registry.job_exists(q.ARTIST_IMPORT, job_id)
    ]


async def requeue_orphaned_runs(registry: QueueRegistry | None = None) -> list[str]:
    registry = registry or get_registry()
    requeued = []
    for artist_id, job_id in await orphaned_runs(registry):
        data = ImportRunJob(artistId=artist_id, runId=job_id).data()
        await registry.add(q.ARTIST_IMPORT, IMPORT_JOB, data, job_id=job_id, priority=PRIORITY_USER)
        requeued.append(job_id)
    if requeued:
        log.warning("import runs whose job was lost re-enqueued", runs=requeued)
    return requeued

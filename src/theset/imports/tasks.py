"""The artist-import job: open the upstream clients, run the phases, record failure for good."""

from __future__ import annotations

import uuid
from typing import Any

from bullmq import UnrecoverableError

from theset.core import queue_names as q
from theset.core.logging import get_logger, redact_text
from theset.core.queues import queue_config
from theset.core.tasks import JobContext, task
from theset.imports.context import ImportContext
from theset.imports.orchestrator import run_import
from theset.imports.progress import ProgressReporter

log = get_logger(__name__)


def _permanent(exc: BaseException) -> bool:
    """Errors no retry can fix: the upstream does not know the attraction, or our request is wrong."""
    from theset.providers.errors import UpstreamAuthError, UpstreamBadRequest, UpstreamNotFound

    return isinstance(exc, UpstreamNotFound | UpstreamBadRequest | UpstreamAuthError)


def _describe(exc: BaseException) -> str:
    from theset.providers.errors import UpstreamNotFound

    if isinstance(exc, UpstreamNotFound):
        return f"Ticketmaster does not know this attraction ({exc})"
    lines = redact_text(str(exc)).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__


@task(q.ARTIST_IMPORT, "import-artist")
async def import_artist(job: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    from theset.providers import open_providers

    artist_id = uuid.UUID(str(data["artistId"]))
    run_id = str(data["runId"])
    reporter = ProgressReporter(artist_id, run_id)
    attempts = int(job.job.opts.get("attempts") or queue_config(q.ARTIST_IMPORT).attempts)
    try:
        async with open_providers() as providers:
            ctx = ImportContext(artist_id, run_id, providers, reporter, deep=bool(data.get("deep", True)))
            return await run_import(ctx)
    except Exception as exc:
        final = _permanent(exc) or job.attempt >= attempts
        message = _describe(exc)
        if final:
            await reporter.update("failed", 1.0, f"Import failed: {message}", error=message)
            await _mark_artist_failed(artist_id)
            if _permanent(exc):
                raise UnrecoverableError(message) from exc
        else:
            log.warning(
                "import attempt failed; will retry",
                artist_id=str(artist_id),
                attempt=job.attempt,
                error=message,
            )
        raise


async def _mark_artist_failed(artist_id: uuid.UUID) -> None:
    from sqlalchemy import update

    from theset.core.db import session_scope
    from theset.models import Artist

    async with session_scope() as session:
        await session.execute(update(Artist).where(Artist.id == artist_id).values(import_state="failed"))

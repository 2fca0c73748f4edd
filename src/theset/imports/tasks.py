"""The artist-import job: open the upstream clients, run the phases, record failure for good."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from bullmq import UnrecoverableError

from theset.artists import repository as artists
from theset.core import queue_names as q
from theset.core.db import session_scope
from theset.core.logging import get_logger, redact_text
from theset.core.queues import queue_config
from theset.core.tasks import JobContext, is_permanent, task, upstream_retry_at
from theset.imports.context import ImportContext
from theset.imports.jobs import IMPORT_JOB, SYNC_CATALOG_JOB, SYNC_SHOWS_JOB, ArtistJob, ImportRunJob
from theset.imports.orchestrator import Phase, run_import
from theset.imports.progress import ProgressReporter, QuietReporter, RunSuperseded
from theset.providers.errors import (
    UpstreamAuthError,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRateLimited,
    UpstreamUnavailable,
)

log = get_logger(__name__)


async def _defer(job: JobContext, reporter: ProgressReporter, resume_at: float, exc: BaseException) -> None:
    """Park the job until the upstream may be called again, without spending an attempt."""
    until = datetime.fromtimestamp(resume_at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    await reporter.update(
        reporter.stage, 0.0, f"Waiting for the upstream rate limit ({_describe(exc)}); resuming at {until}"
    )
    await job.defer_until(resume_at)


PROVIDER_NAMES = {
    "ticketmaster": "Ticketmaster",
    "spotify": "Spotify",
    "setlistfm": "setlist.fm",
    "musicbrainz": "MusicBrainz",
}


def _describe(exc: BaseException) -> str:
    """What went wrong, in words a fan can read: the provider by name, never its body or a URL (those go
    to the logs and to the admin console through `_detail`)."""
    if not isinstance(exc, UpstreamError):
        return "something went wrong on our side"
    provider = PROVIDER_NAMES.get(exc.provider, exc.provider.capitalize())
    if isinstance(exc, UpstreamNotFound):
        if exc.provider == "ticketmaster":
            return "Ticketmaster does not know this attraction"
        return f"{provider} does not know this artist"
    if isinstance(exc, UpstreamRateLimited):
        return f"{provider} asked us to slow down"
    if isinstance(exc, UpstreamAuthError):
        return f"TheSet could not sign in to {provider}"
    if isinstance(exc, UpstreamUnavailable):
        return f"{provider} is not answering right now"
    return f"{provider} turned the request down"


def _detail(exc: BaseException) -> str:
    """The upstream's own words, status and (redacted) URL: for operators only."""
    lines = redact_text(str(exc)).strip().splitlines()
    return lines[0][:1000] if lines else type(exc).__name__


@task(q.ARTIST_IMPORT, IMPORT_JOB)
async def import_artist(job: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    run = ImportRunJob.read(data)
    reporter = ProgressReporter(run.artist_id, run.run_id)
    try:
        return await _run_or_settle(job, reporter)
    except RunSuperseded as superseded:
        log.info("import run stopped", reason=str(superseded))
        return {"superseded": True}


async def _run_or_settle(job: JobContext, reporter: ProgressReporter) -> dict[str, Any]:
    from theset.providers import open_providers

    artist_id, run_id = reporter.artist_id, reporter.job_id
    attempts = int(job.job.opts.get("attempts") or queue_config(q.ARTIST_IMPORT).attempts)
    try:
        async with open_providers() as providers:
            ctx = ImportContext(artist_id, run_id, providers, reporter)
            return await run_import(ctx)
    except RunSuperseded:
        raise
    except Exception as exc:
        resume_at = upstream_retry_at(exc)
        if resume_at is not None and job.token:
            await _defer(job, reporter, resume_at, exc)
        final = is_permanent(exc) or job.attempt >= attempts
        message = _describe(exc)
        if final:
            log.warning("import failed", artist_id=str(artist_id), error=_detail(exc))
            await reporter.update("failed", 1.0, f"Import failed: {message}", error=_detail(exc))
            await _mark_artist_failed(artist_id)
            if is_permanent(exc):
                raise UnrecoverableError(_detail(exc)) from exc
        else:
            log.warning(
                "import attempt failed; will retry",
                artist_id=str(artist_id),
                attempt=job.attempt,
                error=_detail(exc),
            )
        raise


async def _mark_artist_failed(artist_id: uuid.UUID) -> None:
    async with session_scope() as session:
        await artists.mark_import_failed(session, artist_id)


# --- background syncs on the specialised queues -------------------------------------------------------
# The 6-hourly refresh of active artists does not need a whole import: shows change often and cheaply
# (Ticketmaster), the catalog rarely (Spotify, incremental). Each runs on its own queue so a slow provider
# never holds up the other, and the same idempotent phases do the work.


async def _run_sync(job: JobContext, data: dict[str, Any], phases: list[Phase]) -> dict[str, Any]:
    from theset.providers import open_providers

    artist_id = ArtistJob.read(data).artist_id
    reporter = QuietReporter(artist_id)
    try:
        async with open_providers() as providers:
            ctx = ImportContext(artist_id, f"sync-{job.job_id}", providers, reporter)
            for phase in phases:
                await phase(ctx)
            return ctx.stats
    except Exception as exc:
        await job.settle_upstream_error(exc)


@task(q.TICKETMASTER_SYNC, SYNC_SHOWS_JOB)
async def sync_shows(job: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    """New, changed and cancelled shows, then predictions for the new ones."""
    from theset.imports.phases import shows, wrapup

    return await _run_sync(job, data, [shows.run, wrapup.run])


@task(q.CATALOG_SYNC, SYNC_CATALOG_JOB)
async def sync_catalog(job: JobContext, data: dict[str, Any]) -> dict[str, Any]:
    """New releases only (the catalog phase skips albums it has read before)."""
    from theset.imports.phases import catalog

    return await _run_sync(job, data, [catalog.run])

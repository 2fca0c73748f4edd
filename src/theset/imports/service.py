"""Kickoff (phase 1) and refresh requests. Takes a session, never commits, never calls an upstream."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import repository as artists
from theset.artists.slugs import placeholder_slug
from theset.core import cache
from theset.core import queue_names as q
from theset.core.db import on_commit
from theset.core.errors import Conflict, NotFound
from theset.core.logging import get_logger
from theset.core.queues import PRIORITY_BACKGROUND, PRIORITY_USER, enqueue_after_commit, get_registry
from theset.imports import repository
from theset.imports.jobs import IMPORT_JOB, SYNC_CATALOG_JOB, SYNC_SHOWS_JOB, ArtistJob, ImportRunJob
from theset.imports.schemas import ImportStarted
from theset.models import TERMINAL_STAGES, ImportStatus

log = get_logger(__name__)
ENQUEUE_GRACE = timedelta(seconds=30)


async def _run_is_live(status: ImportStatus | repository.StatusRef) -> bool:
    """A run counts as live only if its status is open *and* its job exists to finish it, or is about
    to: a run's job is added right after the commit that opened it, so a kickoff landing in between
    joins the run instead of starting a second one. A run whose job vanished (Redis flushed, an
    enqueue lost) blocks a new import for ENQUEUE_GRACE at most, never for ever."""
    if status.stage in TERMINAL_STAGES or not status.job_id:
        return False
    if await get_registry().job_unfinished(q.ARTIST_IMPORT, status.job_id):
        return True
    started = status.started_at
    return status.stage == "pending" and started is not None and datetime.now(UTC) - started < ENQUEUE_GRACE


async def _start_run(
    session: AsyncSession,
    artist_id: uuid.UUID,
    status: ImportStatus | repository.StatusRef,
    *,
    priority: int,
) -> str:
    job_id = f"import-{artist_id}-{uuid.uuid4().hex[:10]}"
    # No event is published here: a stream of the previous run closed at its terminal event, and a new
    # stream reads this pending state from the database first.
    await repository.begin_run(session, status, job_id)
    enqueue_after_commit(
        session,
        q.ARTIST_IMPORT,
        IMPORT_JOB,
        ImportRunJob(artistId=artist_id, runId=job_id).data(),
        job_id=job_id,
        priority=priority,
    )
    # A settled artist's page head is cached; the fans on it must see the new run's progress bar at once.
    # After the enqueue: with Redis down the enqueue's own error is the one a caller sees.
    on_commit(session, lambda: cache.invalidate(cache.artist_tag(artist_id)))
    return job_id


async def request_import(
    session: AsyncSession, tm_attraction_id: str, name: str | None = None, *, priority: int = PRIORITY_USER
) -> ImportStarted:
    """Create or find the artist and make sure exactly one import run is queued or running for it."""
    display_name = (name or "").strip() or tm_attraction_id
    # The slug waits for Ticketmaster's own name (identity phase): slugs never change once chosen, so one
    # taken from the request body would let anyone claim "taylor-swift" with a made-up attraction id.
    # The placeholder (unique to the attraction) keeps working as a link after the rename.
    slug = placeholder_slug(tm_attraction_id)
    rows = await repository.kickoff_rows(session, tm_attraction_id, display_name, slug)
    if rows is None:  # a concurrent kickoff created this artist a moment ago: its row is visible now
        rows = await repository.kickoff_rows(session, tm_attraction_id, display_name, slug)
    if rows is None:
        raise Conflict(f"artist {tm_attraction_id!r} could not be created; please retry")
    artist, status = rows
    if await _run_is_live(status):
        assert status.job_id is not None
        log.info("import joined", artist_id=str(artist.id), job_id=status.job_id)
        return ImportStarted(artist_id=artist.id, slug=artist.slug, job_id=status.job_id)
    job_id = await _start_run(session, artist.id, status, priority=priority)
    log.info("import requested", artist_id=str(artist.id), job_id=job_id)
    return ImportStarted(artist_id=artist.id, slug=artist.slug, job_id=job_id)


async def enqueue_artist_refresh(
    session: AsyncSession, artist_id: uuid.UUID, *, deep: bool = False
) -> str | None:
    """Background re-sync used by the schedules, at background priority, never beside a live import.

    deep: the whole import pipeline again (identity included). Otherwise a light refresh: shows on
    `ticketmaster-sync` and new releases on `catalog-sync`; a refresh already waiting for the same artist
    absorbs a new request (deduplication), so overlapping schedules never pile up."""
    artist = await repository.find_artist(session, artist_id)
    if artist is None or artist.tm_attraction_id is None:
        return None
    status = await repository.lock_status(session, artist.id)
    if await _run_is_live(status):
        return None
    if deep:
        return await _start_run(session, artist.id, status, priority=PRIORITY_BACKGROUND)
    data = ArtistJob(artistId=artist.id).data()
    for queue_name, job_name in ((q.TICKETMASTER_SYNC, SYNC_SHOWS_JOB), (q.CATALOG_SYNC, SYNC_CATALOG_JOB)):
        enqueue_after_commit(
            session, queue_name, job_name, data, priority=PRIORITY_BACKGROUND,
            deduplication={"id": f"{job_name}:{artist.id}"},
        )  # fmt: skip
    return f"refresh:{artist.id}"


async def current_status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus:
    status = await artists.import_status(session, artist_id)
    if status is None:
        if await repository.find_artist(session, artist_id) is None:
            raise NotFound(f"artist {artist_id} not found")
        raise NotFound(f"artist {artist_id} has never been imported")
    return status

"""Queries for import_status and the artist rows the kickoff creates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import TERMINAL_STAGES, Artist, ImportStatus


async def find_artist(session: AsyncSession, artist_id: uuid.UUID) -> Artist | None:
    return await session.get(Artist, artist_id)


async def _find_by_tm_id(session: AsyncSession, tm_attraction_id: str) -> Artist | None:
    stmt = select(Artist).where(Artist.tm_attraction_id == tm_attraction_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def get_or_create_artist(
    session: AsyncSession, tm_attraction_id: str, name: str, slugs: Sequence[str]
) -> Artist:
    """Insert-or-find on the natural key, safe under concurrent kickoffs. `slugs` are tried in order
    (the last one must be unique to this attraction); a taken slug never fails the request."""
    for slug in slugs:
        stmt = (
            insert(Artist)
            .values(id=uuid.uuid4(), tm_attraction_id=tm_attraction_id, name=name, slug=slug)
            .on_conflict_do_nothing()
        )
        await session.execute(stmt)
        artist = await _find_by_tm_id(session, tm_attraction_id)
        if artist is not None:
            return artist
    raise RuntimeError(f"could not create an artist row for {tm_attraction_id!r}")


async def lock_status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus:
    """The artist's import_status row, created if missing, locked for the rest of the transaction so two
    kickoffs for the same artist serialise here and the second one joins the first one's run."""
    await session.execute(
        insert(ImportStatus)
        .values(id=uuid.uuid4(), artist_id=artist_id, stage="pending", progress=0)
        .on_conflict_do_nothing(index_elements=[ImportStatus.artist_id])
    )
    stmt = select(ImportStatus).where(ImportStatus.artist_id == artist_id).with_for_update()
    return (await session.execute(stmt)).scalar_one()


async def get_status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus | None:
    stmt = (
        select(ImportStatus)
        .where(ImportStatus.artist_id == artist_id)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def begin_run(session: AsyncSession, status: ImportStatus, job_id: str) -> None:
    status.job_id = job_id
    status.stage = "pending"
    status.progress = 0
    status.message = "Import queued"
    status.error = None
    status.started_at = func.now()
    status.finished_at = None
    status.sequence = ImportStatus.sequence + 1
    await session.flush()
    await session.refresh(status)


async def advance(
    session: AsyncSession,
    artist_id: uuid.UUID,
    job_id: str,
    stage: str,
    progress: int,
    message: str,
    *,
    error: str | None = None,
) -> ImportStatus | None:
    """Move the run forward. Progress never decreases within a run, a finished run is never reopened,
    and a stale job (superseded by a newer run) cannot overwrite the current run's status."""
    terminal = stage in TERMINAL_STAGES
    stmt = (
        update(ImportStatus)
        .where(
            ImportStatus.artist_id == artist_id,
            ImportStatus.job_id == job_id,
            ImportStatus.stage.not_in(TERMINAL_STAGES),
        )
        .values(
            stage=stage,
            progress=func.greatest(ImportStatus.progress, progress),
            message=message,
            error=error,
            sequence=ImportStatus.sequence + 1,
            updated_at=func.now(),
            finished_at=func.now() if terminal else None,
        )
        .returning(ImportStatus)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).scalar_one_or_none()

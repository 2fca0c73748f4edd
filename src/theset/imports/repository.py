"""Queries for import_status and the artist rows the kickoff creates."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import TERMINAL_STAGES, Artist, ImportStatus


async def find_artist(session: AsyncSession, artist_id: uuid.UUID) -> Artist | None:
    return await session.get(Artist, artist_id)


@dataclass(frozen=True)
class ArtistRef:
    id: uuid.UUID
    slug: str


# One round trip for the kickoff's hot path: find or create the artist (under its placeholder slug, unique
# to the attraction), then create-or-lock its import_status row. Data-modifying CTEs share
# one snapshot, so the artist is found through `found` or `ins`, never both.
_KICKOFF_SQL = text(
    """
    WITH found AS (
        SELECT id, slug FROM artists WHERE tm_attraction_id = :tm
    ), ins AS (
        INSERT INTO artists (id, tm_attraction_id, name, slug)
        SELECT :new_id, :tm, :name, :slug
        WHERE NOT EXISTS (SELECT 1 FROM found)
        ON CONFLICT DO NOTHING
        RETURNING id, slug
    ), artist AS (
        SELECT id, slug FROM found UNION ALL SELECT id, slug FROM ins
    ), status AS (
        INSERT INTO import_status (id, artist_id, stage, progress)
        SELECT :status_id, id, 'pending', 0 FROM artist
        ON CONFLICT (artist_id) DO UPDATE SET artist_id = EXCLUDED.artist_id
        RETURNING id, stage, job_id, started_at
    )
    SELECT artist.id, artist.slug, status.id, status.stage, status.job_id, status.started_at
    FROM artist, status
    """
)


@dataclass(frozen=True)
class StatusRef:
    id: uuid.UUID
    stage: str
    job_id: str | None
    started_at: datetime | None


async def kickoff_rows(
    session: AsyncSession, tm_attraction_id: str, name: str, slug: str
) -> tuple[ArtistRef, StatusRef] | None:
    """The artist (found or created) and its locked import_status row; None when a concurrent kickoff
    for the same new attraction won the insert race (the caller retries)."""
    params = {
        "tm": tm_attraction_id,
        "name": name,
        "slug": slug,
        "new_id": uuid.uuid4(),
        "status_id": uuid.uuid4(),
    }
    row = (await session.execute(_KICKOFF_SQL, params)).first()
    if row is None:
        return None
    return ArtistRef(row[0], row[1]), StatusRef(row[2], row[3], row[4], row[5])


async def lock_status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus:
    """The artist's import_status row, created if missing and locked for the rest of the transaction in
    one statement (an upsert's no-op update takes the row lock), so two kickoffs for the same artist
    serialise here and the second one joins the first one's run."""
    stmt = (
        insert(ImportStatus)
        .values(id=uuid.uuid4(), artist_id=artist_id, stage="pending", progress=0)
        .on_conflict_do_update(index_elements=[ImportStatus.artist_id], set_={"artist_id": artist_id})
        .returning(ImportStatus)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one()


# Built once: constructing an UPDATE statement costs more CPU than running it (the kickoff's hot path).
_BEGIN_RUN_SQL = text(
    """
    UPDATE import_status
    SET job_id = :job_id, stage = 'pending', progress = 0, message = 'Import queued', error = NULL,
        phases_done = '{}', notes = '{}', started_at = now(), finished_at = NULL, updated_at = now(),
        sequence = sequence + 1
    WHERE id = :status_id
    RETURNING sequence
    """
)


async def begin_run(session: AsyncSession, status: ImportStatus | StatusRef, job_id: str) -> int:
    """Reset the status row for a new run; returns the run's first event id."""
    result = await session.execute(_BEGIN_RUN_SQL, {"job_id": job_id, "status_id": status.id})
    return int(result.scalar_one())


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


@dataclass(frozen=True)
class Checkpoint:
    phases_done: frozenset[str] = frozenset()
    notes: tuple[str, ...] = ()


async def checkpoint(session: AsyncSession, artist_id: uuid.UUID, job_id: str) -> Checkpoint:
    """Where this run stopped: the phases it finished and the notes they left."""
    stmt = select(ImportStatus.phases_done, ImportStatus.notes).where(
        ImportStatus.artist_id == artist_id, ImportStatus.job_id == job_id
    )
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        return Checkpoint()
    return Checkpoint(frozenset(row[0] or ()), tuple(row[1] or ()))


async def record_phase(
    session: AsyncSession, artist_id: uuid.UUID, job_id: str, phase: str, notes: Sequence[str] = ()
) -> None:
    """Checkpoint one finished phase of this run, with the run's notes so far (a superseded run's job
    changes nothing). The notes are the whole list: a resumed run starts from the saved ones."""
    stmt = (
        update(ImportStatus)
        .where(
            ImportStatus.artist_id == artist_id,
            ImportStatus.job_id == job_id,
            func.array_position(ImportStatus.phases_done, phase).is_(None),
        )
        .values(
            phases_done=func.array_append(ImportStatus.phases_done, phase),
            notes=list(dict.fromkeys(notes)),
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(stmt)


async def open_runs_started_before(session: AsyncSession, before: datetime) -> list[tuple[uuid.UUID, str]]:
    """(artist id, job id) of every run not finished yet that was opened before `before`."""
    stmt = select(ImportStatus.artist_id, ImportStatus.job_id).where(
        ImportStatus.stage.not_in(TERMINAL_STAGES),
        ImportStatus.job_id.is_not(None),
        ImportStatus.started_at < before,
    )
    return [(artist_id, str(job_id)) for artist_id, job_id in (await session.execute(stmt)).all()]

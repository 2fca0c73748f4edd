"""The import console: recent import runs and an operator re-run."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from theset.admin.schemas import ImportRunOut, RerunOutcome
from theset.core.errors import Conflict, NotFound
from theset.imports.service import request_import
from theset.models import IMPORT_STAGES, Artist, ImportStatus

RECENT_LIMIT = 50


async def recent_imports(
    session: AsyncSession, *, stage: str | None = None, limit: int = RECENT_LIMIT
) -> list[ImportRunOut]:
    stmt = (
        select(ImportStatus, Artist.name, Artist.slug, Artist.tm_attraction_id)
        .join(Artist, Artist.id == ImportStatus.artist_id)
        .order_by(ImportStatus.updated_at.desc())
        .limit(min(max(limit, 1), 200))
    )
    if stage:
        if stage not in IMPORT_STAGES:
            raise NotFound(f"unknown stage {stage!r}; stages: {', '.join(IMPORT_STAGES)}")
        stmt = stmt.where(ImportStatus.stage == stage)
    rows = (await session.execute(stmt)).all()
    return [
        ImportRunOut(
            artist_id=status.artist_id,
            artist_name=name,
            slug=slug,
            tm_attraction_id=tm_id,
            stage=status.stage,
            progress=status.progress,
            message=status.message,
            error=status.error,
            job_id=status.job_id,
            started_at=status.started_at.isoformat() if status.started_at else None,
            finished_at=status.finished_at.isoformat() if status.finished_at else None,
            updated_at=status.updated_at.isoformat() if status.updated_at else None,
        )
        for status, name, slug, tm_id in rows
    ]


async def rerun_import(session: AsyncSession, artist_id: uuid.UUID) -> RerunOutcome:
    """Ask the imports service for a new run (it joins a run that is still live instead)."""
    artist = await session.get(Artist, artist_id)
    if artist is None:
        raise NotFound(f"artist {artist_id} not found")
    if not artist.tm_attraction_id:
        raise Conflict(f"artist {artist_id} has no Ticketmaster attraction id to import from")
    started = await request_import(session, artist.tm_attraction_id, artist.name)
    return RerunOutcome(artist_id=artist_id, job_id=started.job_id)

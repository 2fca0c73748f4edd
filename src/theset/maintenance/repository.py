"""Queries for the recurring jobs."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists.slugs import PLACEHOLDER_PREFIX
from theset.models import TERMINAL_STAGES, Artist, ImportStatus


async def artists_due_for_sync(session: AsyncSession, synced_before: datetime, limit: int) -> list[uuid.UUID]:
    """Artists whose import completed and who were last synced before `synced_before` (oldest first)."""
    stmt = (
        select(Artist.id)
        .join(ImportStatus, ImportStatus.artist_id == Artist.id)
        .where(
            ImportStatus.stage == "completed",
            or_(Artist.last_synced_at.is_(None), Artist.last_synced_at < synced_before),
        )
        .order_by(Artist.last_synced_at.asc().nulls_first(), Artist.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def top_trending_imported(session: AsyncSession, limit: int) -> list[uuid.UUID]:
    stmt = (
        select(Artist.id)
        .join(ImportStatus, ImportStatus.artist_id == Artist.id)
        .where(ImportStatus.stage == "completed", Artist.trending_score > 0)
        .order_by(Artist.trending_score.desc(), Artist.id)
        .limit(limit)
    )
    return list((await session.execute(stmt)).scalars())


async def fail_stale_imports(session: AsyncSession, older_than: datetime, message: str) -> list[uuid.UUID]:
    """Mark import runs stuck in a non-terminal stage as failed; returns their artist ids."""
    stmt = (
        update(ImportStatus)
        .where(ImportStatus.stage.not_in(TERMINAL_STAGES), ImportStatus.updated_at < older_than)
        .values(
            stage="failed",
            error=message,
            message=message,
            finished_at=func.now(),
            sequence=ImportStatus.sequence + 1,
        )
        .returning(ImportStatus.artist_id)
    )
    artist_ids = list((await session.execute(stmt)).scalars())
    if artist_ids:
        await session.execute(
            update(Artist)
            .where(Artist.id.in_(artist_ids), Artist.import_state.in_(("pending", "in_progress")))
            .values(import_state="failed")
        )
    return artist_ids


async def delete_unidentified_artists(session: AsyncSession, created_before: datetime) -> list[uuid.UUID]:
    """Artists whose identity never succeeded (a placeholder slug: made-up or dead attraction ids) and
    whose last import has ended: they were never public, so nothing links to them."""
    still_running = select(ImportStatus.id).where(
        ImportStatus.artist_id == Artist.id, ImportStatus.stage.not_in(TERMINAL_STAGES)
    )
    stmt = (
        delete(Artist)
        .where(
            Artist.slug.startswith(PLACEHOLDER_PREFIX),
            Artist.created_at < created_before,
            ~still_running.exists(),
        )
        .returning(Artist.id)
    )
    return list((await session.execute(stmt)).scalars())

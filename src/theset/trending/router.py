"""GET /api/trending — the hourly trending list (cached by the trending job), newest scores as fallback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from theset.core.deps import RedisDep, SessionDep
from theset.models import Artist
from theset.trending import service

router = APIRouter(prefix="/api", tags=["trending"])


@router.get("/trending")
async def trending(
    session: SessionDep, redis: RedisDep, limit: Annotated[int, Query(ge=1, le=50)] = 20
) -> dict[str, Any]:
    cached = await service.cached_top(redis)
    if cached is not None:
        return {"artists": cached[:limit], "source": "cache"}
    stmt = select(Artist).where(Artist.trending_score > 0).order_by(Artist.trending_score.desc()).limit(limit)
    rows = (await session.execute(stmt)).scalars().all()
    artists = [
        {"id": str(a.id), "name": a.name, "slug": a.slug, "imageUrl": a.image_url, "score": a.trending_score}
        for a in rows
    ]
    return {"artists": artists, "source": "database"}

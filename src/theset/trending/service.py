"""Trending score: upcoming shows, recent votes, page views and how soon the next show is.

score = 3·min(upcoming, 20) + 2·votes(7 d) + 4·ln(1 + views) + 20·e^(-days to next show / 14)

The top 50 are cached in Redis (`{QUEUE_PREFIX}:trending:top`, JSON list, best first) for `/api/trending`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.keys import redis_key
from theset.trending import repository
from theset.trending.repository import ArtistSignals


def top_key() -> str:
    return redis_key("trending", "top")


TOP_SIZE = 50
VOTE_WINDOW = timedelta(days=7)
UPCOMING_CAP = 20
W_UPCOMING = 3.0
W_VOTES = 2.0
W_VIEWS = 4.0
RECENCY_BONUS = 20.0
RECENCY_DAYS = 14.0


def score(signals: ArtistSignals, today: date) -> float:
    value = W_UPCOMING * min(signals.upcoming_shows, UPCOMING_CAP)
    value += W_VOTES * signals.recent_votes
    value += W_VIEWS * math.log1p(max(signals.view_count, 0))
    if signals.next_show is not None:
        days = max((signals.next_show - today).days, 0)
        value += RECENCY_BONUS * math.exp(-days / RECENCY_DAYS)
    return round(value, 4)


@dataclass(frozen=True)
class TrendingResult:
    artists: int
    changed: int
    top: list[dict[str, Any]]


def _top_entry(signals: ArtistSignals, value: float) -> dict[str, Any]:
    return {
        "id": str(signals.id),
        "name": signals.name,
        "slug": signals.slug,
        "imageUrl": signals.image_url,
        "score": value,
        "upcomingShows": signals.upcoming_shows,
        "recentVotes": signals.recent_votes,
    }


async def recalculate(session: AsyncSession, *, now: datetime | None = None) -> TrendingResult:
    """Write every artist's score (only rows whose score changed) and return the top list.
    Idempotent: running it twice in a row changes nothing the second time."""
    now = now or datetime.now(UTC)
    today = now.date()
    signals = await repository.artist_signals(session, today=today, votes_since=now - VOTE_WINDOW)
    scored = [(s, score(s, today)) for s in signals]
    changed = {s.id: value for s, value in scored if not math.isclose(value, s.current_score, abs_tol=1e-6)}
    await repository.write_scores(session, changed)
    ranked = sorted((p for p in scored if p[1] > 0), key=lambda p: (-p[1], p[0].name.lower()))
    top = [_top_entry(s, value) for s, value in ranked[:TOP_SIZE]]
    return TrendingResult(artists=len(signals), changed=len(changed), top=top)


async def cache_top(redis: aioredis.Redis, top: list[dict[str, Any]]) -> None:
    """Called after the scores are committed, so the cache never shows uncommitted scores."""
    await redis.set(top_key(), orjson.dumps(top))


async def cached_top(redis: aioredis.Redis) -> list[dict[str, Any]] | None:
    raw = await redis.get(top_key())
    return orjson.loads(raw) if raw else None

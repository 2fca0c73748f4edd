"""Trending: which artists and shows fans care about now, per timeframe (today, this week, this month).

score = 10·votes + 5·min(upcoming shows, 20) + 2·Spotify popularity (when the profile gives it)
      + min(followers / 10,000, 100) + 3·page views + recency bonus (25 if active today, else 10 if this
      week; active = a vote or a page view)

votes and page views count within the timeframe. Upcoming shows are capped: an artist with 1,300 dates
would otherwise outrank everyone on tour size alone. Without Spotify popularity (the development
profile) the other terms still order artists by what fans do on TheSet.

The hourly job scores every artist for the three timeframes from one aggregate read, stores the week's
score in `artists.trending_score` (the home page and deep sync order by it) and caches each board — the
ranked artists, the most-voted shows and each artist's rank — through the read cache with a TTL fitted
to the timeframe. A cache miss (Redis flushed or down, or the job has not run yet) never scores anyone
inside a request: the board is then the stored ranking — artists by the week's score the job last wrote,
without the per-window counts and without the most-voted shows, which only the job computes (`partial`).
One indexed read, so a Redis outage costs each page view that read and no more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache
from theset.trending import repository
from theset.trending.repository import WINDOWS, ArtistSignals

TIMEFRAMES = tuple(WINDOWS)  # today, week, month
TIMEFRAME_LABELS = {"today": "Today", "week": "This week", "month": "This month"}
DEFAULT_TIMEFRAME = "week"
# Refreshed hourly; the TTL bounds staleness should the job stop, longer for slower-moving windows.
TTL_S = {"today": 3600, "week": 24 * 3600, "month": 3 * 24 * 3600}
BOARD_SIZE = 50
SHOWS_SIZE = 20
W_VOTES = 10.0
W_UPCOMING = 5.0
UPCOMING_CAP = 20
W_POPULARITY = 2.0
FOLLOWERS_PER_POINT = 10_000
FOLLOWERS_CAP = 100.0
W_VIEWS = 3.0
BONUS_TODAY = 25.0
BONUS_WEEK = 10.0


def score(s: ArtistSignals, timeframe: str) -> float:
    value = W_VOTES * s.votes[timeframe] + W_UPCOMING * min(s.upcoming_shows, UPCOMING_CAP)
    if s.popularity is not None:
        value += W_POPULARITY * s.popularity
    if s.followers:
        value += min(s.followers / FOLLOWERS_PER_POINT, FOLLOWERS_CAP)
    value += W_VIEWS * s.views[timeframe]
    if s.votes["today"] or s.views["today"]:
        value += BONUS_TODAY
    elif s.votes["week"] or s.views["week"]:
        value += BONUS_WEEK
    return round(value, 4)


def _entry(rank: int, s: ArtistSignals, value: float, timeframe: str) -> dict[str, Any]:
    return {
        "rank": rank, "id": str(s.id), "name": s.name, "slug": s.slug, "imageUrl": s.image_url,
        "score": value, "upcomingShows": s.upcoming_shows, "recentVotes": s.votes[timeframe],
        "views": s.views[timeframe],
    }  # fmt: skip


def rank_artists(signals: list[ArtistSignals], timeframe: str) -> list[dict[str, Any]]:
    scored = [(s, score(s, timeframe)) for s in signals]
    ranked = sorted((p for p in scored if p[1] > 0), key=lambda p: (-p[1], p[0].name.lower(), str(p[0].id)))
    return [_entry(i, s, value, timeframe) for i, (s, value) in enumerate(ranked[:BOARD_SIZE], start=1)]


async def _board(
    session: AsyncSession, signals: list[ArtistSignals], timeframe: str, now: datetime
) -> dict[str, Any]:
    since = now - timedelta(days=WINDOWS[timeframe])
    shows = await repository.most_voted_shows(session, since=since, limit=SHOWS_SIZE)
    return {
        "timeframe": timeframe,
        "computedAt": now.isoformat(),
        "artists": rank_artists(signals, timeframe),
        "shows": [{"rank": i, **show} for i, show in enumerate(shows, start=1)],
    }


@dataclass(frozen=True)
class TrendingResult:
    artists: int
    changed: int
    boards: dict[str, dict[str, Any]]


async def recalculate(session: AsyncSession, *, now: datetime | None = None) -> TrendingResult:
    """Score every artist for every timeframe; write the week's score where it changed. Idempotent."""
    now = now or datetime.now(UTC)
    signals = await repository.artist_signals(session, now=now)
    week = [(s, score(s, "week")) for s in signals]
    changed = {s.id: v for s, v in week if not math.isclose(v, s.current_score, abs_tol=1e-6)}
    await repository.write_scores(session, changed)
    boards = {tf: await _board(session, signals, tf, now) for tf in TIMEFRAMES}
    return TrendingResult(artists=len(signals), changed=len(changed), boards=boards)


# The cached boards' shape is TrendingBoardOut: a change to it bumps BOARD_VERSION, so a board an older
# release cached is never read (it expires by itself) and a read needs no validation on every page view.
BOARD_VERSION = 2


def board_key(timeframe: str) -> str:
    return f"trending:v{BOARD_VERSION}:{timeframe}"


def ranks_key(timeframe: str) -> str:
    return f"trending:v{BOARD_VERSION}:{timeframe}:ranks"


async def publish(boards: dict[str, dict[str, Any]]) -> None:
    """Cache the boards and each artist's rank per timeframe (after the scores are committed)."""
    for timeframe, board in boards.items():
        ttl = TTL_S[timeframe]
        await cache.store(board_key(timeframe), ttl, board, tags=["trending"])
        ranks = {a["id"]: a["rank"] for a in board["artists"]}
        await cache.store(ranks_key(timeframe), ttl, ranks, tags=["trending"])


async def stored_board(session: AsyncSession, timeframe: str) -> dict[str, Any]:
    """The board as the hourly job last ranked it (`artists.trending_score`), for every timeframe alike.
    Not cached: the job's next `publish` brings the full board, and this read is cheap."""
    rows = await repository.stored_ranking(session, limit=BOARD_SIZE)
    unknown = {"upcomingShows": None, "recentVotes": None, "views": None}  # only the job counts them
    artists = [
        {
            "rank": rank,
            "id": str(artist_id),
            "name": name,
            "slug": slug,
            "imageUrl": image_url,
            "score": round(float(value), 4),
            **unknown,
        }
        for rank, (artist_id, name, slug, image_url, value) in enumerate(rows, start=1)
    ]
    return {"timeframe": timeframe, "computedAt": None, "artists": artists, "shows": [], "partial": True}


async def board(session: AsyncSession, timeframe: str) -> dict[str, Any]:
    """A timeframe's board from the cache, else the stored ranking (never scored inside a request)."""
    found: dict[str, Any] | None = await cache.read(board_key(timeframe))
    return found if found is not None else await stored_board(session, timeframe)


RANKS_KEYS = [ranks_key(timeframe) for timeframe in TIMEFRAMES]


def ranks_of(artist_id: Any, found: list[Any]) -> dict[str, int]:
    """The artist's rank per timeframe from the cached entries under RANKS_KEYS, which the caller reads
    along with its own (a page never computes ranks)."""
    return {
        timeframe: ranks[str(artist_id)]
        for timeframe, ranks in zip(TIMEFRAMES, found, strict=True)
        if ranks and str(artist_id) in ranks
    }

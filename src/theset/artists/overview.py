"""The artist page's data, shaped as JSON-ready dicts and served through the read cache.

Entries are tagged with the artist (`cache.artist_tag`) and dropped when an import completes or a
setlist changes. While an import runs nothing is cached: its shows and songs change by the second and
the page reloads its content when the import completes.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.artists import history, repository
from theset.artists import service as artists_service
from theset.core import cache
from theset.models import TERMINAL_STAGES, Song
from theset.shows.schemas import ShowOut
from theset.songs.schemas import SongOut

UPCOMING_PAGE = 50
PAST_PAGE = 20
SONGS_PAGE = 200
TTL_S = 600
# The page head (artist and import status) of a settled artist. A new import run drops it when it is
# queued (imports/service.py) and a completed import when it ends (the artist tag); the TTL bounds what
# a Redis that missed an invalidation serves.
HEAD_TTL_S = 30
# The catalog section reads only SongOut's columns (its live statistics are not columns).
SONG_COLUMNS = tuple(name for name in SongOut.model_fields if name in Song.__table__.c)


@dataclass(frozen=True)
class ArtistHead:
    id: uuid.UUID
    name: str
    slug: str
    image_url: str | None


@dataclass(frozen=True)
class StatusHead:
    stage: str
    progress: int
    message: str | None

    @property
    def settled(self) -> bool:
        return self.stage in TERMINAL_STAGES


def _head_from_json(value: dict[str, Any]) -> tuple[ArtistHead, StatusHead | None]:
    artist = ArtistHead(**{**value["artist"], "id": uuid.UUID(value["artist"]["id"])})
    status = StatusHead(**value["status"]) if value["status"] else None
    return artist, status


async def head(session: AsyncSession, key: str) -> tuple[ArtistHead, StatusHead | None]:
    """The artist (by slug or id) and its import status. A settled artist's head comes from the read
    cache, so a warm artist page makes no database round trip at all; while an import runs it is read
    fresh on every view (the progress bar must appear at once)."""
    cache_key = f"artist-head:{key.strip()[:320]}"
    found = await cache.read(cache_key)
    if found is not None:
        return _head_from_json(found)
    row = await artists_service.get_artist(session, key)
    stored = await repository.import_status(session, row.id)
    artist = ArtistHead(id=row.id, name=row.name, slug=row.slug, image_url=row.image_url)
    status = StatusHead(stored.stage, int(stored.progress), stored.message) if stored else None
    if status is None or status.settled:
        value = {"artist": {**asdict(artist), "id": str(artist.id)}, "status": status and asdict(status)}
        await cache.store(cache_key, HEAD_TTL_S, value, tags=[cache.artist_tag(artist.id)])
    return artist, status


class Totals:
    """The page's totals (upcoming and past shows, studio songs), counted in one statement when the header
    or the first section that is not cached asks, rather than once per section and again for the header."""

    def __init__(self, session: AsyncSession, artist_id: uuid.UUID, today: date) -> None:
        self._session, self._artist_id, self._today = session, artist_id, today
        self._counted: dict[str, int] = {}

    async def get(self, name: str) -> int:
        if not self._counted:
            self._counted = await history.totals(self._session, self._artist_id, self._today)
        return self._counted[name]


def _pages(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def _within(page: int, total: int, size: int) -> int:
    """A page past the last one (an old link, a hand-edited URL) shows the last page, not an empty one."""
    return min(page, _pages(total, size))


async def upcoming(
    session: AsyncSession, artist_id: uuid.UUID, page: int, today: date, totals: Totals
) -> dict[str, Any]:
    total = await totals.get("upcoming")
    page = _within(page, total, UPCOMING_PAGE)
    rows = await repository.shows(
        session, artist_id, upcoming_from=today, limit=UPCOMING_PAGE, offset=(page - 1) * UPCOMING_PAGE
    )
    items = [ShowOut.model_validate(s).model_dump(mode="json") for s in rows]
    return {"items": items, "total": total, "page": page, "pages": _pages(total, UPCOMING_PAGE)}


async def past(
    session: AsyncSession, artist_id: uuid.UUID, page: int, today: date, totals: Totals
) -> dict[str, Any]:
    total = await totals.get("past")
    page = _within(page, total, PAST_PAGE)
    shows = await history.past_shows(
        session, artist_id, today, limit=PAST_PAGE, offset=(page - 1) * PAST_PAGE
    )
    results = await history.crowd_results(session, [s.id for s in shows])
    items = []
    for show in shows:
        played, hits = results.get(show.id, (0, 0))
        items.append({**ShowOut.model_validate(show).model_dump(mode="json"), "played": played, "hits": hits})
    return {"items": items, "total": total, "page": page, "pages": _pages(total, PAST_PAGE)}


async def catalog(session: AsyncSession, artist_id: uuid.UUID, page: int, totals: Totals) -> dict[str, Any]:
    total = await totals.get("songs")
    page = _within(page, total, SONGS_PAGE)
    offset = (page - 1) * SONGS_PAGE
    rows = await repository.song_rows(session, artist_id, SONG_COLUMNS, limit=SONGS_PAGE, offset=offset)
    items = [SongOut.model_validate(s).model_dump(mode="json") for s in rows]
    return {"items": items, "total": total, "page": page, "pages": _pages(total, SONGS_PAGE)}


async def content(
    session: AsyncSession,
    artist_id: uuid.UUID,
    *,
    pages: dict[str, int],
    today: date,
    use_cache: bool,
    totals: Totals | None = None,
) -> dict[str, Any]:
    """Upcoming shows, past shows and catalog, each at its requested page (1-based); `today` (UTC, from
    the clock) divides upcoming from past. Pass the `totals` the page header counts from, if any."""
    totals = totals or Totals(session, artist_id, today)
    loaders = {
        "upcoming": lambda: upcoming(session, artist_id, pages["upcoming"], today, totals),
        "past": lambda: past(session, artist_id, pages["past"], today, totals),
        "catalog": lambda: catalog(session, artist_id, pages["catalog"], totals),
    }
    result: dict[str, Any] = {}
    for name, load in loaders.items():
        if use_cache:
            key = f"artist:{artist_id}:{name}:{pages[name]}:{today.isoformat()}"
            result[name] = await cache.cached(key, TTL_S, load, tags=[cache.artist_tag(artist_id)])
        else:
            result[name] = await load()
    return result


async def counts(
    session: AsyncSession, artist_id: uuid.UUID, *, today: date, use_cache: bool, totals: Totals | None = None
) -> dict[str, int]:
    """Upcoming shows and studio songs, for the page header (from `totals`, shared with `content`)."""
    totals = totals or Totals(session, artist_id, today)

    async def load() -> dict[str, int]:
        return {"upcoming": await totals.get("upcoming"), "songs": await totals.get("songs")}

    if not use_cache:
        return await load()
    return await cache.cached(counts_key(artist_id, today), TTL_S, load, tags=[cache.artist_tag(artist_id)])


def counts_key(artist_id: uuid.UUID, today: date) -> str:
    return f"artist:{artist_id}:counts:{today.isoformat()}"

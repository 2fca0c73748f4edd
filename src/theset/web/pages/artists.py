"""The artist page: live import progress, paged upcoming and past shows, the studio catalog."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from theset.artists import overview
from theset.artists.overview import ArtistHead, StatusHead
from theset.core import cache
from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.predictions import service as predictions
from theset.trending import service as trending
from theset.trending import views
from theset.web.templating import TEMPLATES, render

router = APIRouter()
PageNo = Annotated[int, Query(ge=1, le=10_000)]


async def section_pages(upcoming: PageNo = 1, past: PageNo = 1, catalog: PageNo = 1) -> dict[str, int]:
    """Each section's page from the query string (the page and its htmx reload take the same three);
    async, so FastAPI does not hand it to its thread pool."""
    return {"upcoming": upcoming, "past": past, "catalog": catalog}


SectionPages = Annotated[dict[str, int], Depends(section_pages)]
TOUR_SONGS = 10


def _settled(status: StatusHead | None) -> bool:
    """No import running: the artist's data holds still and may be cached."""
    return status is None or status.settled


async def _content_html(
    request: Request,
    session: SessionDep,
    artist: ArtistHead,
    status: StatusHead | None,
    pages: dict[str, int],
    today: date,
    totals: overview.Totals | None = None,
) -> str:
    """The shows and catalog sections as HTML. They are the same for every visitor, so once the import is
    settled the rendered fragment itself is cached (rendering 270 rows costs more than reading them).
    Each section's pager links carry the other sections' pages, so the cache key holds all three."""
    settled = _settled(status)

    async def build() -> str:
        data = await overview.content(
            session, artist.id, pages=pages, today=today, use_cache=settled, totals=totals
        )
        # the current tour's most played songs, from the stored setlist history (none without a tour)
        data["tour_songs"] = await predictions.tour_favourites(session, artist.id, today, limit=TOUR_SONGS)
        template = TEMPLATES.get_template("partials/artist_content.html")
        return template.render({"request": request, "artist": artist, "today": today, **data})

    if not settled:
        return await build()
    key = _content_key(artist, pages, today)
    return await cache.cached(key, overview.TTL_S, build, tags=[cache.artist_tag(artist.id)])


def _content_key(artist: ArtistHead, pages: dict[str, int], today: date) -> str:
    return f"artist:{artist.id}:html:{pages['upcoming']}:{pages['past']}:{pages['catalog']}:{today}"


async def _prefetch(
    artist: ArtistHead, status: StatusHead | None, pages: dict[str, int], today: date
) -> tuple[Any, Any, list[Any]]:
    """A settled artist's cached counts, content and trending ranks in one Redis round trip (MGET), not
    three; a missing entry is None and loaded (and cached) as usual."""
    if not _settled(status):  # nothing of the artist's own is cached while its import runs
        return None, None, await cache.read_many(trending.RANKS_KEYS)
    keys = [overview.counts_key(artist.id, today), _content_key(artist, pages, today), *trending.RANKS_KEYS]
    counts, content, *ranks = await cache.read_many(keys)
    return counts, content, ranks


@router.get("/artists/{slug}", response_class=HTMLResponse)
async def artist_page(
    request: Request,
    slug: str,
    session: SessionDep,
    clock: ClockDep,
    pages: SectionPages,
) -> Response:
    artist, status = await overview.head(session, slug)
    client = request.client.host if request.client else ""
    await views.record(artist.id, client, request.headers.get("user-agent", ""))
    today = clock().date()
    settled = _settled(status)
    counts, content, ranks = await _prefetch(artist, status, pages, today)
    totals = overview.Totals(session, artist.id, today)  # counted once for the header and the sections
    context = {
        "artist": artist,
        "status": status,
        "pages": pages,
        "counts": counts
        or await overview.counts(session, artist.id, today=today, use_cache=settled, totals=totals),
        "content_html": content
        or await _content_html(request, session, artist, status, pages, today, totals),
        "ranks": trending.ranks_of(artist.id, ranks),
        "labels": trending.TIMEFRAME_LABELS,
    }
    return await render(request, "artist.html", context, session=session)


@router.get("/artists/{slug}/content", response_class=HTMLResponse)
async def artist_content(
    request: Request,
    slug: str,
    session: SessionDep,
    clock: ClockDep,
    pages: SectionPages,
) -> Response:
    """The page body again once an import completes (fetched by htmx), at the pages the fan was on."""
    artist, status = await overview.head(session, slug)
    html = await _content_html(request, session, artist, status, pages, clock().date())
    return HTMLResponse(html)

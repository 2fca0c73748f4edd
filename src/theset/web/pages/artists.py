"""The artist page: live import progress, paged upcoming and past shows, the studio catalog."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class ArtistView:
    """What the page and its htmx reload both start from: the artist and its import status, each
    section's page from the query string, and the UTC day (from the clock) dividing upcoming from past."""

    artist: ArtistHead
    status: StatusHead | None
    pages: dict[str, int]
    today: date

    @property
    def settled(self) -> bool:
        """No import running: the artist's data holds still and may be cached."""
        return self.status is None or self.status.settled


async def artist_view(
    slug: str,
    session: SessionDep,
    clock: ClockDep,
    upcoming: PageNo = 1,
    past: PageNo = 1,
    catalog: PageNo = 1,
) -> ArtistView:
    artist, status = await overview.head(session, slug)
    pages = {"upcoming": upcoming, "past": past, "catalog": catalog}
    return ArtistView(artist, status, pages, clock().date())


ArtistViewDep = Annotated[ArtistView, Depends(artist_view)]
TOUR_SONGS = 10


async def _content_html(
    request: Request, session: SessionDep, view: ArtistView, totals: overview.Totals | None = None
) -> str:
    """The shows and catalog sections as HTML. They are the same for every visitor, so once the import is
    settled the rendered fragment itself is cached (rendering 270 rows costs more than reading them).
    Each section's pager links carry the other sections' pages, so the cache key holds all three."""
    artist, today = view.artist, view.today

    async def build() -> str:
        data = await overview.content(
            session, artist.id, pages=view.pages, today=today, use_cache=view.settled, totals=totals
        )
        # the current tour's most played songs, from the stored setlist history (none without a tour)
        data["tour_songs"] = await predictions.tour_favourites(session, artist.id, today, limit=TOUR_SONGS)
        template = TEMPLATES.get_template("partials/artist_content.html")
        context = {"request": request, "artist": artist, "today": today, "songs_page": overview.SONGS_PAGE}
        return template.render({**context, **data})

    if not view.settled:
        return await build()
    return await cache.cached(_content_key(view), overview.TTL_S, build, tags=[cache.artist_tag(artist.id)])


def _content_key(view: ArtistView) -> str:
    pages = view.pages
    return f"artist:{view.artist.id}:html:{pages['upcoming']}:{pages['past']}:{pages['catalog']}:{view.today}"


async def _prefetch(view: ArtistView) -> tuple[Any, Any, list[Any]]:
    """A settled artist's cached counts, content and trending ranks in one Redis round trip (MGET), not
    three; a missing entry is None and loaded (and cached) as usual."""
    if not view.settled:  # nothing of the artist's own is cached while its import runs
        return None, None, await cache.read_many(trending.RANKS_KEYS)
    keys = [overview.counts_key(view.artist.id, view.today), _content_key(view), *trending.RANKS_KEYS]
    counts, content, *ranks = await cache.read_many(keys)
    return counts, content, ranks


@router.get("/artists/{slug}", response_class=HTMLResponse)
async def artist_page(request: Request, session: SessionDep, view: ArtistViewDep) -> Response:
    artist, today = view.artist, view.today
    client = request.client.host if request.client else ""
    await views.record(artist.id, client, request.headers.get("user-agent", ""))
    counts, content, ranks = await _prefetch(view)
    totals = overview.Totals(session, artist.id, today)  # counted once for the header and the sections
    context = {
        "artist": artist,
        "status": view.status,
        "pages": view.pages,
        "counts": counts
        or await overview.counts(session, artist.id, today=today, use_cache=view.settled, totals=totals),
        "content_html": content or await _content_html(request, session, view, totals),
        "ranks": trending.ranks_of(artist.id, ranks),
        "labels": trending.TIMEFRAME_LABELS,
    }
    return await render(request, "artist.html", context, session=session)


@router.get("/artists/{slug}/content", response_class=HTMLResponse)
async def artist_content(request: Request, session: SessionDep, view: ArtistViewDep) -> Response:
    """The page body again once an import completes (fetched by htmx), at the pages the fan was on."""
    return HTMLResponse(await _content_html(request, session, view))

"""The artist page: live import progress, paged upcoming and past shows, the studio catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from theset.artists import overview
from theset.artists import service as artists_service
from theset.imports.repository import get_status
from theset.models import TERMINAL_STAGES, Artist
from theset.trending import service as trending
from theset.trending import views
from theset.web.deps import SessionDep
from theset.web.templating import TEMPLATES, render

router = APIRouter()
PageNo = Annotated[int, Query(ge=1, le=10_000)]


async def _content(session: SessionDep, artist: Artist, pages: dict[str, int]) -> dict[str, object]:
    status = await get_status(session, artist.id)
    settled = status is None or status.stage in TERMINAL_STAGES
    data = await overview.content(session, artist.id, pages=pages, use_cache=settled)
    return {"artist": artist, "status": status, **data}


@router.get("/artists/{slug}", response_class=HTMLResponse)
async def artist_page(
    request: Request,
    slug: str,
    session: SessionDep,
    upcoming: PageNo = 1,
    past: PageNo = 1,
    catalog: PageNo = 1,
) -> Response:
    artist = await artists_service.get_artist(session, slug)
    client = request.client.host if request.client else ""
    await views.record(artist.id, client, request.headers.get("user-agent", ""))
    context = await _content(session, artist, {"upcoming": upcoming, "past": past, "catalog": catalog})
    context["ranks"] = await trending.artist_ranks(artist.id)
    context["labels"] = trending.TIMEFRAME_LABELS
    return await render(request, "artist.html", context)


@router.get("/artists/{slug}/content", response_class=HTMLResponse)
async def artist_content(request: Request, slug: str, session: SessionDep) -> Response:
    """The page body again once an import completes (fetched by htmx)."""
    artist = await artists_service.get_artist(session, slug)
    context = await _content(session, artist, {"upcoming": 1, "past": 1, "catalog": 1})
    return TEMPLATES.TemplateResponse(request, "partials/artist_content.html", context)

"""Server-rendered pages (Jinja2 + htmx); the API stays the source of truth for data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from theset.artists import repository as artists_repo
from theset.artists import service as artists_service
from theset.core.deps import SessionDep
from theset.core.logging import get_logger
from theset.models import Artist
from theset.search import service as search_service

log = get_logger(__name__)
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep) -> HTMLResponse:
    artists = (
        await session.execute(
            select(Artist)
            .where(artists_repo.is_public())
            .order_by(Artist.trending_score.desc(), Artist.name)
            .limit(24)
        )
    ).scalars()
    return TEMPLATES.TemplateResponse(request, "index.html", {"artists": list(artists)})


@router.get("/search/suggest", response_class=HTMLResponse)
async def suggest(request: Request, session: SessionDep, q: str = Query("", max_length=100)) -> HTMLResponse:
    query = q.strip()
    local, remote, failed = await search_service.search(session, query, 6)
    context = {"local": local, "remote": remote, "query": query, "remote_error": failed}
    return TEMPLATES.TemplateResponse(request, "partials/suggestions.html", context)


async def _content(session: SessionDep, artist: Artist) -> dict[str, Any]:
    shows = await artists_repo.shows(session, artist.id, upcoming_from=date.today(), limit=100, offset=0)
    songs = await artists_repo.songs(session, artist.id, limit=200, offset=0)
    return {"artist": artist, "shows": shows, "songs": songs}


@router.get("/artists/{slug}", response_class=HTMLResponse)
async def artist_page(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    artist = await artists_service.get_artist(session, slug)
    show_count, song_count = await artists_repo.counts(session, artist.id)
    context = {
        **await _content(session, artist),
        "status": await artists_repo.import_status(session, artist.id),
        "show_count": show_count,
        "song_count": song_count,
    }
    return TEMPLATES.TemplateResponse(request, "artist.html", context)


@router.get("/artists/{slug}/content", response_class=HTMLResponse)
async def artist_content(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    artist = await artists_service.get_artist(session, slug)
    return TEMPLATES.TemplateResponse(
        request, "partials/artist_content.html", await _content(session, artist)
    )

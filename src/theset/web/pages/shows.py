"""The show page: predicted setlist with live voting, the add-a-song picker, and results after the show."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from theset.core import cache
from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.core.errors import NotFound
from theset.shows import page, picker
from theset.shows import service as shows_service
from theset.web.templating import TEMPLATES, render, show_date

router = APIRouter()
PICKER_SIZE = 8


def _show_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound("There is no show at this address.") from None


async def _page(request: Request, session: AsyncSession, show_id: uuid.UUID, today: date) -> dict[str, Any]:
    """The page's title and body. The body is the same for every visitor (a fan's own votes are marked by
    show.js from the API, counts move by the stream, which sends the current counts on connect), so it is
    rendered once per show and day and cached under the show data's tags, dropped with it."""
    tags: list[str] = []  # the show's, known once it is loaded; cache.cached reads them after the load

    async def load() -> dict[str, Any]:
        # Fresh rather than through page.show_data's own entry, so the body is at most TTL_S old, not twice.
        show = (await shows_service.show_detail(session, show_id)).out.model_dump(mode="json")
        tags.extend(page.cache_tags(show))
        predicted = show["setlists"].get("predicted")
        context = {
            "show": show,
            "predicted": predicted,
            "songs": page.ranked(predicted["songs"]) if predicted else [],
            "locked": bool(predicted and predicted.get("locked")),
            "results": page.results(show["setlists"]),
            "today": today,
        }
        body = TEMPLATES.get_template("partials/show_body.html").render({"request": request, **context})
        artist = show["artist"]["name"] if show.get("artist") else "Unknown artist"
        return {"title": f"{artist} · {show_date(show.get('date'))}", "body": body}

    # Through cache.cached, so that concurrent misses of a popular show share one render.
    return await cache.cached(f"show:{show_id}:page:{today.isoformat()}", page.TTL_S, load, tags=tags)


@router.get("/shows/{show_id}", response_class=HTMLResponse)
async def show_page(request: Request, show_id: str, session: SessionDep, clock: ClockDep) -> Response:
    entry = await _page(request, session, _show_id(show_id), clock().date())
    context = {"title": entry["title"], "body_html": entry["body"]}
    return await render(request, "show.html", context, session=session)


@router.get("/shows/{show_id}/song-picker", response_class=HTMLResponse)
async def song_picker(
    request: Request, show_id: str, session: SessionDep, q: str = Query("", max_length=100)
) -> Response:
    show = await page.show_data(session, _show_id(show_id))
    query = q.strip()
    songs = []
    if len(query) >= 2 and show.get("artist"):
        songs = await picker.catalog_matches(
            session, uuid.UUID(show["artist"]["id"]), uuid.UUID(show["id"]), query, PICKER_SIZE
        )
    return TEMPLATES.TemplateResponse(request, "partials/song_picker.html", {"songs": songs, "query": query})

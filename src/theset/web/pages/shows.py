"""The show page: predicted setlist with live voting, the add-a-song picker, and results after the show."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from theset.core.clock import ClockDep
from theset.core.deps import SessionDep
from theset.core.errors import NotFound
from theset.shows import page, picker
from theset.web.templating import TEMPLATES, render

router = APIRouter()
PICKER_SIZE = 8


def _show_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound("There is no show at this address.") from None


@router.get("/shows/{show_id}", response_class=HTMLResponse)
async def show_page(request: Request, show_id: str, session: SessionDep, clock: ClockDep) -> Response:
    show = await page.show_data(session, _show_id(show_id))
    predicted = show["setlists"].get("predicted")
    context = {
        "show": show,
        "predicted": predicted,
        "songs": page.ranked(predicted["songs"]) if predicted else [],
        "locked": bool(predicted and predicted.get("locked")),
        "results": page.results(show["setlists"]),
        "today": clock().date(),
    }
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

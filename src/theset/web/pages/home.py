"""Home (trending top + search), the typeahead fragment and /trending."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from theset.core.deps import SessionDep
from theset.search import service as search_service
from theset.trending import service as trending
from theset.web.templating import TEMPLATES, render

router = APIRouter()
HOME_ARTISTS = 12
HOME_SHOWS = 5


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SessionDep) -> Response:
    board = await trending.board(session, trending.DEFAULT_TIMEFRAME)
    context = {"artists": board["artists"][:HOME_ARTISTS], "shows": board["shows"][:HOME_SHOWS]}
    return await render(request, "index.html", context, session=session)


@router.get("/search/suggest", response_class=HTMLResponse)
async def suggest(request: Request, session: SessionDep, q: str = Query("", max_length=100)) -> Response:
    query = q.strip()
    local, remote, failed = await search_service.search(session, query, 6)
    context = {"local": local, "remote": remote, "query": query, "remote_error": failed}
    return TEMPLATES.TemplateResponse(request, "partials/suggestions.html", context)


@router.get("/trending", response_class=HTMLResponse)
async def trending_page(
    request: Request, session: SessionDep, timeframe: Literal["today", "week", "month"] = "week"
) -> Response:
    board = await trending.board(session, timeframe)
    context = {"board": board, "timeframe": timeframe, "labels": trending.TIMEFRAME_LABELS}
    return await render(request, "trending.html", context, session=session)

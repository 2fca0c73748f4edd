"""Jinja2 for the fan pages: the words fans see instead of internal states, dates, and `render`, which
adds the signed-in user (for the account menu) to every page."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from theset.core import cache
from theset.core.clock import utcnow
from theset.core.db import get_sessionmaker
from theset.models import User
from theset.users import sessions
from theset.users.service import get_user

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

SHOW_STATUS_WORDS = {
    "onsale": "On sale",
    "offsale": "Off sale",
    "cancelled": "Cancelled",
    "postponed": "Postponed",
    "rescheduled": "Rescheduled",
}
IMPORT_STATE_WORDS = {
    "pending": "Queued",
    "in_progress": "Importing…",
    "complete": "Ready",
    "failed": "Import failed",
}
IMPORT_STAGE_WORDS = {
    "pending": "Waiting for a worker",
    "initializing": "Getting started",
    "identity": "Finding the artist",
    "shows": "Loading shows and venues",
    "catalog": "Loading the studio catalog",
    "wrapup": "Predicting setlists",
    "completed": "Done",
    "failed": "Import failed",
}


def _word(table: dict[str, str], value: object) -> str:
    text = str(value or "")
    return table.get(text, text.replace("_", " ").capitalize())


@pass_context
def show_state(context: Context, show: Any) -> str:
    """The status a fan reads: a past show that went ahead was played, whatever its ticket status was.
    "Past" is by the UTC day the page was rendered for (`today` in the context, from the request's
    clock), as the page's upcoming/past split is."""
    status, day = show.get("status"), show.get("date")
    today = context.get("today") or utcnow().date()
    if status not in ("cancelled", "postponed") and day and str(day)[:10] < today.isoformat():
        return "Played"
    return _word(SHOW_STATUS_WORDS, status)


def show_date(value: object) -> str:
    """'Sat 14 Mar 2026' from a date or an ISO string; 'Date to be announced' when there is none."""
    if not value:
        return "Date to be announced"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return day.strftime("%a %-d %b %Y")


def http_url(value: object) -> str:
    """Upstream links and artwork only when they are http(s): a `javascript:` or `data:` URL from an
    upstream is dropped rather than linked (escaping alone does not make an href safe)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


def count(value: object) -> str:
    """1,302 rather than 1302."""
    return f"{int(value or 0):,}"  # type: ignore[call-overload]


def percent(value: object) -> str:
    return "—" if value is None else f"{round(float(value) * 100)} %"  # type: ignore[arg-type]


TEMPLATES.env.filters.update(
    show_status=lambda v: _word(SHOW_STATUS_WORDS, v),
    import_state=lambda v: _word(IMPORT_STATE_WORDS, v),
    import_stage=lambda v: _word(IMPORT_STAGE_WORDS, v),
    show_date=show_date,
    show_state=show_state,
    percent=percent,
    count=count,
    http_url=http_url,
)
TEMPLATES.env.globals["stage_words"] = IMPORT_STAGE_WORDS


async def page_user(request: Request, session: AsyncSession | None = None) -> User | None:
    """The signed-in user, or None. With Redis down nobody is signed in (the page still renders).
    Pass the handler's session: a second connection per page view would halve what the pool serves."""
    token = request.cookies.get(sessions.COOKIE_NAME)
    if not token:
        return None
    user_id: uuid.UUID | None = await cache.guarded(lambda r: sessions.resolve(r, token), None)
    if user_id is None:
        return None
    if session is not None:
        return await get_user(session, user_id)
    async with get_sessionmaker()() as own:
        return await get_user(own, user_id)


async def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
    session: AsyncSession | None = None,
) -> Response:
    user = context.get("user") or await page_user(request, session)
    return TEMPLATES.TemplateResponse(request, template, {**context, "user": user}, status_code=status_code)

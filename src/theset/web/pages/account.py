"""Sign-in, sign-up and sign-out pages. The forms post JSON to the auth API from static/account.js (the
API sets the session cookie and owns the throttle); without JavaScript they say so."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from theset.core import cache, csrf
from theset.users import sessions
from theset.web.templating import page_user, render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another origin (`//evil`, `https://…`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or len(target) > 500:
        return "/"
    return target


async def _form(request: Request, template: str, next_path: str | None) -> Response:
    user = await page_user(request)
    if user is not None:
        return RedirectResponse(safe_next(next_path), status_code=303)
    return await render(request, template, {"next": safe_next(next_path)})


@router.get("/signin", response_class=HTMLResponse)
async def signin(request: Request, next: str | None = None) -> Response:
    return await _form(request, "signin.html", next)


@router.get("/signup", response_class=HTMLResponse)
async def signup(request: Request, next: str | None = None) -> Response:
    return await _form(request, "signup.html", next)


@router.post("/signout")
async def signout(request: Request) -> Response:
    """A plain form post from the account menu. A cross-site form cannot sign a fan out: a foreign
    Origin is refused (browsers send Origin on every cross-site POST): the same rule as every other
    cookie-acting write (core/csrf), without its JSON-or-htmx demand, which a plain form cannot meet."""
    if csrf.foreign_origin(request):
        return RedirectResponse("/", status_code=303)
    token = request.cookies.get(sessions.COOKIE_NAME)
    if token:
        await cache.guarded(lambda r: sessions.revoke(r, token), None)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response

"""The operator console at /admin (Jinja2 + htmx): same auth and services as the JSON API.

Pages render once; their panels re-fetch `/admin/partials/...` every 5 s (and at once after an action,
via the `admin-changed` event), so the console stays live without full reloads.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from theset.admin import import_console, monitoring, service
from theset.admin.auth import (
    COOKIE_MAX_AGE_S,
    COOKIE_NAME,
    AdminDep,
    AdminForbidden,
    AdminUnauthorized,
    require_admin,
    sign_session,
)
from theset.admin.schemas import JobActionName, QueueActionName
from theset.admin.views import register_filters
from theset.core import audit
from theset.core.config import get_settings
from theset.core.deps import RedisDep, SessionDep
from theset.core.errors import TheSetError
from theset.core.queues import JOB_STATES, JobState, get_registry
from theset.users import admin_sign_in, sessions, throttle
from theset.users.router import set_session_cookie

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "web" / "templates"))
register_filters(TEMPLATES.env)


def _dumped(models: Sequence[BaseModel]) -> list[dict[str, Any]]:
    # The templates read the API's shapes (camelCase keys), so they get what the JSON API would send.
    return [model.model_dump() for model in models]


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def flash(request: Request, message: str, *, ok: bool = True, status_code: int = 200) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(
        request, "admin/_flash.html", {"message": message, "ok": ok}, status_code=status_code
    )
    if ok:
        response.headers["HX-Trigger"] = "admin-changed"
    return response


class ConsoleRoute(APIRoute):
    """Turns auth failures into the sign-in page (or an htmx redirect to it) and domain errors into
    a readable message instead of JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except (AdminUnauthorized, AdminForbidden) as exc:
                if _is_htmx(request):
                    return Response(status_code=exc.status_code, headers={"HX-Redirect": "/admin/login"})
                return _login_page(request, exc.message, exc.status_code)
            except TheSetError as exc:
                if _is_htmx(request):
                    return flash(request, exc.message, ok=False)
                return TEMPLATES.TemplateResponse(
                    request, "admin/error.html", {"error": exc}, status_code=exc.status_code
                )

        return guarded


public = APIRouter(prefix="/admin", include_in_schema=False, route_class=ConsoleRoute)
router = APIRouter(
    prefix="/admin", include_in_schema=False, route_class=ConsoleRoute, dependencies=[Depends(require_admin)]
)


# --- sign-in -----------------------------------------------------------------------------------
@public.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


def _login_page(
    request: Request, error: str | None = None, status_code: int = 200, *, email: str = ""
) -> HTMLResponse:
    context = {"error": error, "email": email, "token_enabled": get_settings().admin_token is not None}
    return TEMPLATES.TemplateResponse(request, "admin/login.html", context, status_code=status_code)


@public.post("/login", response_model=None)
async def login(
    request: Request,
    redis: RedisDep,
    session: SessionDep,
    token: Annotated[str, Form()] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Sign in with an admin user's e-mail and password, or with the ADMIN_TOKEN (users/admin_sign_in.py)."""
    client = throttle.client_address(request)
    response = RedirectResponse("/admin/queues", status_code=303)
    try:
        if email:
            user_session = await admin_sign_in.as_admin_user(session, redis, client, email, password)
            set_session_cookie(request, response, user_session)
        else:
            await admin_sign_in.with_token(redis, client, token.strip())
            _set_console_cookie(request, response, token.strip())
    except admin_sign_in.SignInRefused as refused:
        return _login_page(request, refused.error.message, refused.error.status_code, email=email)
    return response


def _set_console_cookie(request: Request, response: Response, token: str) -> None:
    """The token's cookie holds a signature of it that expires (admin/auth.py), never the token."""
    expires_at = int(time.time()) + COOKIE_MAX_AGE_S
    response.set_cookie(
        COOKIE_NAME,
        sign_session(get_settings(), token, expires_at),
        max_age=COOKIE_MAX_AGE_S,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


@public.post("/logout")
async def logout(request: Request, redis: RedisDep) -> RedirectResponse:
    user_token = request.cookies.get(sessions.COOKIE_NAME)
    if user_token:
        await sessions.revoke(redis, user_token)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/")
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


# --- pages -------------------------------------------------------------------------------------
@router.get("", response_model=None)
async def console_home() -> RedirectResponse:
    return RedirectResponse("/admin/queues", status_code=303)


@router.get("/queues", response_class=HTMLResponse)
async def queues_page(request: Request, redis: RedisDep) -> HTMLResponse:
    queues = _dumped(await monitoring.overview(get_registry(), redis))
    return TEMPLATES.TemplateResponse(request, "admin/queues.html", {"queues": queues})


@router.get("/queues/{name}", response_class=HTMLResponse)
async def queue_page(
    request: Request, name: str, redis: RedisDep, state: JobState = "failed"
) -> HTMLResponse:
    summary = await monitoring.queue_summary(get_registry(), redis, name, await monitoring.heartbeats(redis))
    jobs = await service.list_jobs(get_registry(), name, state, 1, 20)
    context = {"q": summary.model_dump(), "jobs": jobs.model_dump(), "states": JOB_STATES}
    return TEMPLATES.TemplateResponse(request, "admin/queue.html", context)


@router.get("/queues/{name}/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(request: Request, name: str, job_id: str) -> HTMLResponse:
    job = await service.job_detail(get_registry(), name, job_id)
    return TEMPLATES.TemplateResponse(request, "admin/job.html", {"job": job.model_dump()})


@router.get("/imports", response_class=HTMLResponse)
async def imports_page(request: Request, session: SessionDep) -> HTMLResponse:
    rows = await import_console.recent_imports(session)
    return TEMPLATES.TemplateResponse(request, "admin/imports.html", {"imports": rows})


# --- live panels -------------------------------------------------------------------------------
@router.get("/partials/overview", response_class=HTMLResponse)
async def overview_partial(request: Request, redis: RedisDep) -> HTMLResponse:
    queues = _dumped(await monitoring.overview(get_registry(), redis))
    return TEMPLATES.TemplateResponse(request, "admin/_overview.html", {"queues": queues})


@router.get("/partials/queues/{name}/summary", response_class=HTMLResponse)
async def queue_summary_partial(request: Request, name: str, redis: RedisDep) -> HTMLResponse:
    summary = await monitoring.queue_summary(get_registry(), redis, name, await monitoring.heartbeats(redis))
    return TEMPLATES.TemplateResponse(request, "admin/_queue_summary.html", {"q": summary.model_dump()})


@router.get("/partials/queues/{name}/jobs", response_class=HTMLResponse)
async def jobs_partial(
    request: Request, name: str, state: JobState = "failed", page: int = 1
) -> HTMLResponse:
    jobs = await service.list_jobs(get_registry(), name, state, page, 20)
    return TEMPLATES.TemplateResponse(request, "admin/_jobs.html", {"jobs": jobs.model_dump()})


@router.get("/partials/workers", response_class=HTMLResponse)
async def workers_partial(request: Request, redis: RedisDep) -> HTMLResponse:
    health = await monitoring.health(redis)
    return TEMPLATES.TemplateResponse(request, "admin/_workers.html", {"health": health.model_dump()})


@router.get("/partials/schedulers", response_class=HTMLResponse)
async def schedulers_partial(request: Request) -> HTMLResponse:
    data = await monitoring.schedulers(get_registry())
    return TEMPLATES.TemplateResponse(request, "admin/_schedulers.html", data.model_dump())


@router.get("/partials/audit", response_class=HTMLResponse)
async def audit_partial(request: Request, redis: RedisDep) -> HTMLResponse:
    entries = await audit.recent(redis, 15)
    return TEMPLATES.TemplateResponse(request, "admin/_audit.html", {"entries": entries})


@router.get("/partials/imports", response_class=HTMLResponse)
async def imports_partial(request: Request, session: SessionDep) -> HTMLResponse:
    rows = await import_console.recent_imports(session)
    return TEMPLATES.TemplateResponse(request, "admin/_imports.html", {"imports": rows})


# --- actions -----------------------------------------------------------------------------------
@router.post("/queues/{name}/actions", response_class=HTMLResponse)
async def queue_action(
    request: Request,
    name: str,
    admin: AdminDep,
    redis: RedisDep,
    action: Annotated[QueueActionName, Form()],
    state: Annotated[str | None, Form()] = None,
    confirm: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    options = {k: v for k, v in {"state": state, "confirm": confirm}.items() if v}
    result = await service.audited_queue_action(redis, admin.actor, name, action, options)
    details = ", ".join(f"{k} {v}" for k, v in result.model_dump(exclude={"ms"}).items())
    return flash(request, f"{action} on {name}: {details}")


@router.post("/queues/{name}/jobs/{job_id}/{action}", response_class=HTMLResponse)
async def job_action(
    request: Request, name: str, job_id: str, action: JobActionName, admin: AdminDep, redis: RedisDep
) -> HTMLResponse:
    await service.audited_job_action(redis, admin.actor, name, job_id, action)
    return flash(request, f"job {job_id}: {action} done")


@router.post("/imports/{artist_id}/rerun", response_class=HTMLResponse)
async def rerun_import(
    request: Request, artist_id: uuid.UUID, session: SessionDep, admin: AdminDep, redis: RedisDep
) -> HTMLResponse:
    result = await service.audited_rerun(redis, admin.actor, session, artist_id)
    return flash(request, f"import queued for artist {artist_id} (job {result.job_id})")


ROUTERS = [public, router]

"""Browsers get an HTML error page with a way back; API clients keep `{"error": {"code","message"}}`.

A request is a browser's when it accepts text/html and is not for the API, the static files or the admin
console (which renders its own errors)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from theset.core.errors import TheSetError, domain_response, http_response, validation_response
from theset.web.templating import TEMPLATES

JSON_PREFIXES = ("/api/", "/static/", "/admin/", "/metrics", "/healthz", "/readyz", "/docs", "/openapi")
TITLES = {404: "Page not found", 405: "Not allowed", 422: "That link looks wrong", 429: "Slow down"}


def wants_html(request: Request) -> bool:
    if request.url.path.startswith(JSON_PREFIXES) or request.method not in ("GET", "HEAD"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _page(request: Request, status: int, message: str) -> Response:
    context = {"status": status, "title": TITLES.get(status, "Something went wrong"), "message": message}
    return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)


def install_html_errors(app: FastAPI) -> None:
    @app.exception_handler(TheSetError)
    async def _domain(request: Request, exc: TheSetError) -> Response:
        if wants_html(request):
            return _page(request, exc.status_code, exc.message)
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            return _page(
                request, 422, "Part of this address is not valid. Try the link again from the page before."
            )
        return validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            message = "There is no page at this address." if exc.status_code == 404 else str(exc.detail)
            return _page(request, exc.status_code, message)
        return http_response(exc)

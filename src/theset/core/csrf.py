"""Cross-site request protection for cookie-authenticated writes (DESIGN.md §Voting).

Cookies are SameSite=Lax, so a foreign site's form POST arrives without them in modern browsers; on top
of that a write must be JSON (`Content-Type: application/json`) or come from htmx (`HX-Request: true`),
neither of which a cross-site HTML form can send without a CORS preflight, and an `Origin` header, when
present, must name this site. The admin console keeps its own token-and-form protection.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from theset.core.errors import Forbidden, TheSetError


class UnsupportedMediaType(TheSetError):
    status_code = 415
    code = "unsupported_media_type"


def _is_json(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


def foreign_origin(request: Request) -> bool:
    """An `Origin` header naming another site (or `null`). Compared with the Host the browser addressed,
    never with the scheme this process sees: behind a TLS-terminating proxy the page is https while the
    request here is http. No Origin (same-origin GETs, old clients) is not foreign."""
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = request.headers.get("host", "")
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


async def same_site_write(request: Request) -> None:
    """FastAPI dependency for POST/DELETE routes that act on the caller's cookies. Async although it never
    awaits: FastAPI runs a plain `def` dependency in its thread pool, a thread hand-off per request."""
    if foreign_origin(request):
        raise Forbidden("cross-site request refused: the Origin is not this site")
    if not (_is_json(request.headers.get("content-type", "")) or request.headers.get("hx-request") == "true"):
        raise UnsupportedMediaType("send JSON (Content-Type: application/json) or an htmx request")

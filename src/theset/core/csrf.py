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


async def same_site_write(request: Request) -> None:
    """FastAPI dependency for POST/DELETE routes that act on the caller's cookies. Async although it never
    awaits: FastAPI runs a plain `def` dependency in its thread pool, a thread hand-off per request."""
    origin = request.headers.get("origin")
    if origin is not None:
        host = request.headers.get("host", "")
        if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
            raise Forbidden("cross-site request refused: the Origin is not this site")
    if not (_is_json(request.headers.get("content-type", "")) or request.headers.get("hx-request") == "true"):
        raise UnsupportedMediaType("send JSON (Content-Type: application/json) or an htmx request")

"""Input checks at the edge, once, for every route: NUL bytes and integers no column can hold.

PostgreSQL refuses NUL in text and asyncpg refuses integers past 64 bits; either used to surface as a
500 (and a reset connection) from whichever query met them first (`/api/search?q=a%00b`, a slug, the
sign-in e-mail, `?page=9223372036854775808`). Checking in each route would miss the next one, so this
ASGI layer looks at the path, the query string, the headers and url-encoded or JSON bodies before any
route runs, and answers 422 `validation_error`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from theset.core.errors import error_body

INT64_MAX = 2**63 - 1
MAX_BODY_BYTES = 1024 * 1024
_INTEGER = re.compile(r"[+-]?\d+")
# Headers whose values are parsed as numbers somewhere (SSE resume).
_NUMERIC_HEADERS = {b"last-event-id"}
_FORM = "application/x-www-form-urlencoded"


class InvalidInput(Exception):
    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message, self.status_code = message, status_code


def check_text(where: str, value: str) -> None:
    if "\x00" in value:
        raise InvalidInput(f"{where}: NUL bytes are not allowed")
    number = value.strip()
    # Length first: int() refuses strings past 4,300 digits, and no such number fits anyway.
    if _INTEGER.fullmatch(number) and (len(number) > 20 or abs(int(number)) > INT64_MAX):
        raise InvalidInput(f"{where}: number out of range")


def _check_pairs(where: str, pairs: Iterable[tuple[str, str]]) -> None:
    for name, value in pairs:
        check_text(f"{where} parameter name", name)
        check_text(f"{where} parameter {name}", value)


def _check_json(value: Any, where: str = "body") -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(f"{where}: NUL bytes are not allowed")
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if abs(value) > INT64_MAX:
            raise InvalidInput(f"{where}: number out of range")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, where)
            _check_json(item, f"{where}.{key}" if "\x00" not in key else where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_json(item, f"{where}.{index}")


def check_target(scope: Scope) -> None:
    for segment in scope["path"].split("/"):
        check_text("path", segment)
    query = scope.get("query_string", b"").decode("latin-1")
    _check_pairs("query", parse_qsl(query, keep_blank_values=True, errors="replace"))
    for name, value in scope.get("headers", ()):
        if b"\x00" in value:
            raise InvalidInput(f"header {name.decode('latin-1')}: NUL bytes are not allowed")
        if name in _NUMERIC_HEADERS:
            check_text(f"header {name.decode('latin-1')}", value.decode("latin-1"))


def check_body(content_type: str, body: bytes) -> None:
    if not body:
        return
    if content_type.startswith(_FORM):
        _check_pairs("form", parse_qsl(body.decode("latin-1"), keep_blank_values=True, errors="replace"))
    elif "json" in content_type:
        try:
            _check_json(json.loads(body))
        except (ValueError, RecursionError):
            return  # malformed JSON: the route's own validation answers 422 for it
    elif b"\x00" in body:
        raise InvalidInput("body: NUL bytes are not allowed")


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_BODY_BYTES:
            raise InvalidInput(f"body: larger than {MAX_BODY_BYTES} bytes", 413)
        if not message.get("more_body", False):
            return b"".join(chunks), []


class EdgeValidation:
    """Pure ASGI middleware (no BaseHTTPMiddleware: it would buffer streaming responses such as SSE)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_target(scope)
            if scope["method"] in ("GET", "HEAD", "OPTIONS"):
                await self.app(scope, receive, send)
                return
            body, extra = await _read_body(receive)
            headers = dict(scope.get("headers", ()))
            check_body(headers.get(b"content-type", b"").decode("latin-1").lower(), body)
        except InvalidInput as exc:
            code = "payload_too_large" if exc.status_code == 413 else "validation_error"
            response = JSONResponse(error_body(code, exc.message), status_code=exc.status_code)
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, extra, receive), send)


def _replay(body: bytes, extra: list[Message], receive: Receive) -> Receive:
    """Hand the buffered body to the app once, then whatever the server sends next (disconnect)."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *extra]

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay

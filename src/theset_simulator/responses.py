"""Response helpers shared by the fake APIs."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response


class Reply(Exception):
    """Raised by guards and validators to answer at once with an upstream-shaped error."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type="application/json")


def fail(body: Any, status: int, headers: dict[str, str] | None = None) -> Reply:
    return Reply(json_response(body, status, headers))


async def reply_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Reply)
    return exc.response


def int_param(request: Request, name: str, default: int) -> int | None:
    """The integer value of a query parameter, the default when absent, None when it is not an integer."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        return None

"""Domain errors carry their HTTP status; one handler renders {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from theset.core.logging import get_logger, redact_text

log = get_logger(__name__)


class TheSetError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        # Extra fields beside code and message (e.g. what remains of a limit and when it resets).
        self.details = details or {}


REDIS_UNAVAILABLE_MESSAGE = (
    "the queue and session store (Redis) is not answering; sign-in, imports and live updates are "
    "unavailable for now, try again in a moment"
)


DATABASE_UNAVAILABLE_MESSAGE = "the database is not answering (restarting?); try again in a moment"


class NotFound(TheSetError):
    status_code = 404
    code = "not_found"


class Conflict(TheSetError):
    status_code = 409
    code = "conflict"


class Unauthorized(TheSetError):
    status_code = 401
    code = "unauthorized"


class Forbidden(TheSetError):
    status_code = 403
    code = "forbidden"


class TooManyRequests(TheSetError):
    status_code = 429
    code = "rate_limited"


class ServiceUnavailable(TheSetError):
    status_code = 503
    code = "unavailable"


class RedisUnavailable(ServiceUnavailable):
    """Redis did not answer within REDIS_TIMEOUT_SECONDS (down, restarting, loading its data). Raised by
    the handler below for any redis-py connection or timeout error on a request path; a route that can
    do without Redis (reads served from PostgreSQL) catches it, or the redis errors, itself."""

    def __init__(self, message: str = REDIS_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


class DatabaseUnavailable(ServiceUnavailable):
    """PostgreSQL refused or dropped the connection, or is shutting down / starting up."""

    def __init__(self, message: str = DATABASE_UNAVAILABLE_MESSAGE) -> None:
        super().__init__(message)


# SQLSTATE classes of a server that is not there: 08 connection exception, 57P operator intervention
# (admin_shutdown, crash_shutdown, cannot_connect_now: "the database system is shutting down").
_DATABASE_DOWN_STATES = ("08", "57P")


def database_down(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionError):  # refused or reset before SQLAlchemy could wrap it
        return True
    if isinstance(exc, DBAPIError):
        state = str(getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None) or "")
        return exc.connection_invalidated or state.startswith(_DATABASE_DOWN_STATES)
    return False


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def domain_response(exc: TheSetError) -> JSONResponse:
    body: dict[str, dict[str, object]] = {
        "error": {**exc.details, **error_body(exc.code, exc.message)["error"]}
    }
    return JSONResponse(body, status_code=exc.status_code)


def http_response(exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)


def validation_response(exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(error_body("validation_error", _describe_validation(exc)), status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TheSetError)
    async def _domain(_: Request, exc: TheSetError) -> JSONResponse:
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return http_response(exc)

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def _redis_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("redis unavailable", path=request.url.path, error=redact_text(str(exc))[:200])
        unavailable = RedisUnavailable()
        return JSONResponse(error_body(unavailable.code, unavailable.message), status_code=503)

    # Registered by type (not inside the catch-all below): Starlette re-raises whatever reaches the
    # catch-all to the server after answering, which is right for bugs but not for a database restart.
    @app.exception_handler(ConnectionError)
    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        if not database_down(exc):
            return await _unexpected(request, exc)
        log.warning("database unavailable", path=request.url.path, error=redact_text(str(exc))[:200])
        down = DatabaseUnavailable()
        return JSONResponse(error_body(down.code, down.message), status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", path=request.url.path, error=redact_text(repr(exc)), exc_info=exc)
        return JSONResponse(error_body("internal_error", "internal server error"), status_code=500)

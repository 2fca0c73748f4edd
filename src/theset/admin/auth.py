"""Who may use the admin API and console.

Credentials, in order: a signed-in user with `users.is_admin` (session cookie from `/api/auth/login`
or the console's sign-in form), the bearer token `ADMIN_TOKEN`, or the console cookie that signing in
with the token sets. That cookie holds `expiry.HMAC(SECRET_KEY, expiry:token)`, never the token itself,
so it dies when either secret rotates or it expires. With no ADMIN_TOKEN configured only admin users
get in; nothing is ever open.
Cookie-authenticated writes must come from htmx (`HX-Request` header, which a cross-site form cannot
send) on top of SameSite: belt and braces against CSRF.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from theset.core.config import Settings, get_settings
from theset.core.errors import Forbidden, Unauthorized
from theset.users.admin_sign_in import DISABLED_MESSAGE, token_matches
from theset.users.current import user_from_request

COOKIE_NAME = "theset_admin"
COOKIE_MAX_AGE_S = 12 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AdminUnauthorized(Unauthorized):
    """No credentials at all (401); the console answers with its sign-in page."""


class AdminForbidden(Forbidden):
    """Credentials that are wrong, expired, or admin disabled (403)."""


@dataclass(frozen=True)
class Admin:
    actor: str
    via: str


def _secret(settings: Settings) -> bytes:
    return settings.secret_key.get_secret_value().encode()


def sign_session(settings: Settings, token: str, expires_at: int) -> str:
    mac = hmac.new(_secret(settings), f"{expires_at}:{token}".encode(), hashlib.sha256).hexdigest()
    return f"{expires_at}.{mac}"


def verify_session(settings: Settings, cookie: str, *, now: float | None = None) -> bool:
    if settings.admin_token is None:
        return False
    expires_raw, _, _mac = cookie.partition(".")
    if not expires_raw.isdigit() or int(expires_raw) < (time.time() if now is None else now):
        return False
    expected = sign_session(settings, settings.admin_token.get_secret_value(), int(expires_raw))
    return hmac.compare_digest(expected, cookie)


def _require_htmx_for_writes(request: Request) -> None:
    if request.method not in SAFE_METHODS and request.headers.get("hx-request") != "true":
        raise AdminForbidden("console actions must be sent by the console (missing HX-Request header)")


async def admin_user_from_request(request: Request) -> Admin | None:
    """The signed-in admin user; None when no user is signed in, or when a signed-in user who is not an
    admin also brings the token (bearer or console cookie), which then decides. Otherwise such a user
    is refused outright."""
    user = await user_from_request(request)
    if user is None:
        return None
    if not user.is_admin:
        if request.headers.get("authorization") or request.cookies.get(COOKIE_NAME):
            return None
        raise AdminForbidden(f"signed in as {user.email}, who is not an admin")
    _require_htmx_for_writes(request)
    return Admin(f"user:{user.id}", "user")


def _from_bearer(settings: Settings, header: str) -> Admin:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AdminUnauthorized("admin credentials required: send 'Authorization: Bearer <ADMIN_TOKEN>'")
    if not token_matches(settings, value.strip()):
        raise AdminForbidden("admin token is not valid")
    return Admin("token", "bearer")


def _from_cookie(settings: Settings, request: Request, cookie: str) -> Admin:
    if not verify_session(settings, cookie):
        raise AdminForbidden("admin session is not valid or has expired; sign in again at /admin/login")
    _require_htmx_for_writes(request)
    return Admin("console", "cookie")


async def require_admin(request: Request) -> Admin:
    user = await admin_user_from_request(request)
    if user is not None:
        return user
    settings = get_settings()
    if settings.admin_token is None:
        raise AdminForbidden(DISABLED_MESSAGE)
    header = request.headers.get("authorization")
    if header:
        return _from_bearer(settings, header)
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        return _from_cookie(settings, request, cookie)
    raise AdminUnauthorized(
        "admin credentials required: sign in at /admin/login (as an admin user or with the token), "
        "or send 'Authorization: Bearer <ADMIN_TOKEN>'"
    )


AdminDep = Annotated[Admin, Depends(require_admin)]

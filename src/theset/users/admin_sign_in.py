"""The admin console's sign-in (POST /admin/login): as an admin user, with e-mail and password, or with
the ADMIN_TOKEN. The console's router only turns the outcome into a cookie or the form again.

Both ways keep the sign-in rules: the user way goes through `service.start_session` (per-address and
per-account attempt limits, the same Argon2 work whether or not the e-mail has an account); the token
has no account, so it counts per address only (throttle.attempt) and is compared in constant time.
Every refusal lands in the audit trail with the client's address; so does every success (the user's
in start_session)."""

from __future__ import annotations

import hmac

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import audit
from theset.core.config import Settings, get_settings
from theset.core.errors import Forbidden, TheSetError, TooManyRequests, Unauthorized
from theset.users import service, throttle

THROTTLE_SCOPE = "admin"
DISABLED_MESSAGE = (
    "admin needs credentials: sign in as an admin user (theset users create --admin) "
    "or set ADMIN_TOKEN to enable the token"
)
# What the audit trail says of each refusal (checked in order, so subclasses count too).
_REFUSALS: dict[type[TheSetError], str] = {
    Unauthorized: "bad password",
    TooManyRequests: "locked out",
    Forbidden: "not an admin",
}


class SignInRefused(Exception):
    """The console refused a sign-in; `error` says why, with the status the form is sent back with."""

    def __init__(self, error: TheSetError) -> None:
        super().__init__(error.message)
        self.error = error


def token_matches(settings: Settings, candidate: str) -> bool:
    """Constant-time comparison with ADMIN_TOKEN; never true when no token is configured."""
    if settings.admin_token is None:
        return False
    return hmac.compare_digest(candidate.encode(), settings.admin_token.get_secret_value().encode())


async def _refused(redis: aioredis.Redis, client: str, reason: str, error: TheSetError) -> SignInRefused:
    await audit.record(redis, actor=f"ip:{client}", action="login", ok=False, result={"error": reason})
    return SignInRefused(error)


async def as_admin_user(
    session: AsyncSession, redis: aioredis.Redis, client: str, email: str, password: str
) -> str:
    """Sign an admin user in; the session token for the user's cookie. SignInRefused for a wrong
    password, a locked address or account, or a user who is not an admin (no session is opened)."""
    try:
        _, token = await service.start_session(session, redis, client, email, password, admins_only=True)
    except (Unauthorized, TooManyRequests, Forbidden) as exc:
        reason = next(words for kind, words in _REFUSALS.items() if isinstance(exc, kind))
        raise await _refused(redis, client, reason, exc) from None
    return token


async def with_token(redis: aioredis.Redis, client: str, token: str) -> None:
    """Check the ADMIN_TOKEN a console user typed. SignInRefused when the token is disabled (not
    counted: there is nothing to guess), the address has no attempts left, or the token is wrong."""
    settings = get_settings()
    if settings.admin_token is None:
        raise SignInRefused(Forbidden(DISABLED_MESSAGE))
    if not await throttle.attempt(redis, THROTTLE_SCOPE, client):
        raise await _refused(redis, client, "locked out", TooManyRequests(throttle.LOCKED_MESSAGE))
    if not token_matches(settings, token):
        raise await _refused(redis, client, "bad token", Forbidden("that token is not valid"))
    await throttle.clear(redis, THROTTLE_SCOPE, client)
    await audit.record(redis, actor="console", action="login", result={"client": client})

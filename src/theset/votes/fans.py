"""Who is voting: a signed-in account, or an anonymous browser named by a signed HttpOnly cookie.

The anonymous cookie is `<uuid hex>.<HMAC-SHA256 of it under SECRET_KEY>`: a fan cannot forge another
browser's id, and it carries nothing else. It is set on the first vote and cleared once its votes have
been carried over to an account (sign-up or sign-in from that browser).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

from fastapi import Request, Response

from theset.core import cache
from theset.core.config import get_settings
from theset.core.redis import get_redis
from theset.users import sessions

ANON_COOKIE = "theset_anon"
ANON_COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Fan:
    user_id: uuid.UUID | None = None
    anon_id: uuid.UUID | None = None
    new_anon: bool = False  # the response must set the anonymous cookie

    @property
    def key(self) -> uuid.UUID:
        """The id the daily quota is counted under (accounts and anonymous ids are both random UUIDs)."""
        fan_id = self.user_id or self.anon_id
        assert fan_id is not None
        return fan_id

    @property
    def anonymous(self) -> bool:
        return self.user_id is None


def _signature(anon_id: uuid.UUID) -> str:
    secret = get_settings().secret_key.get_secret_value().encode()
    return hmac.new(secret, b"anon:" + anon_id.hex.encode(), hashlib.sha256).hexdigest()[:32]


def sign_anon(anon_id: uuid.UUID) -> str:
    return f"{anon_id.hex}.{_signature(anon_id)}"


def read_anon(value: str | None) -> uuid.UUID | None:
    """The anonymous id of a well-formed, correctly signed cookie; None otherwise."""
    if not value or len(value) > 80 or "." not in value:
        return None
    raw, _, signature = value.partition(".")
    try:
        anon_id = uuid.UUID(hex=raw)
    except ValueError:
        return None
    return anon_id if hmac.compare_digest(signature, _signature(anon_id)) else None


async def fan_of(request: Request, *, reading: bool = False) -> Fan | None:
    """The caller as a fan, or None when they have neither a session nor an anonymous cookie. For a read
    (`reading`), Redis being down only hides the signed-in fan's own votes, as on the pages; a write
    needs to know who votes, so it answers 503 then."""
    token = request.cookies.get(sessions.COOKIE_NAME)
    if reading:
        user_id = await cache.guarded(lambda r: sessions.resolve(r, token), None)
    else:
        user_id = await sessions.resolve(get_redis(), token)
    if user_id is not None:
        return Fan(user_id=user_id)
    anon_id = read_anon(request.cookies.get(ANON_COOKIE))
    return Fan(anon_id=anon_id) if anon_id is not None else None


async def voting_fan(request: Request) -> Fan:
    """The caller as a fan for a write: a new anonymous id when they have none yet."""
    return await fan_of(request) or Fan(anon_id=uuid.uuid4(), new_anon=True)


def remember_anon(request: Request, response: Response, fan: Fan) -> None:
    if fan.new_anon and fan.anon_id is not None:
        response.set_cookie(
            ANON_COOKIE,
            sign_anon(fan.anon_id),
            max_age=ANON_COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def forget_anon(response: Response) -> None:
    response.delete_cookie(ANON_COOKIE, path="/")

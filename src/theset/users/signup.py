"""Public sign-up: `POST /api/auth/signup` creates a fan account. Takes a session, never commits.

E-mails are normalised (trimmed, lower-cased) and unique (409 email_taken, also under a concurrent
sign-up); passwords are 10+ characters and not one of the commonest (a bundled list); display names are
trimmed, 1 to 50 characters of any script, without control characters. Each address may create a few
accounts an hour (SIGNUPS_PER_ADDRESS_PER_HOUR; 429 rate_limited) so nobody mints voters in bulk.
"""

from __future__ import annotations

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.config import get_settings
from theset.core.errors import TooManyRequests
from theset.core.keys import redis_key
from theset.models import User
from theset.users import service

WINDOW_S = 3600


async def _throttle(redis: aioredis.Redis, client: str) -> None:
    key = redis_key("signups", client)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, WINDOW_S, nx=True)
        count, _ = await pipe.execute()
    if int(count) > get_settings().signups_per_address_per_hour:
        raise TooManyRequests("too many accounts created from this address; try again in an hour")


async def sign_up(
    session: AsyncSession, redis: aioredis.Redis, client: str, *, email: str, password: str, display_name: str
) -> User:
    email, name = service.check_new_account(email, display_name, password)
    await _throttle(redis, client)  # counted once the request is well-formed, taken e-mail or not
    return await service.insert_account(session, email, name, password)

"""The signed-in user of a request, from the session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from theset.core.db import get_sessionmaker
from theset.core.errors import Unauthorized
from theset.core.redis import get_redis
from theset.models import User
from theset.users import service, sessions


async def user_from_request(request: Request) -> User | None:
    """None when there is no cookie, or it names no live session or an account that no longer exists.
    Reads in its own short session so admin checks need no request session of their own."""
    user_id = await sessions.resolve(get_redis(), request.cookies.get(sessions.COOKIE_NAME))
    if user_id is None:
        return None
    async with get_sessionmaker()() as session:
        return await service.get_user(session, user_id)


async def require_user(request: Request) -> User:
    user = await user_from_request(request)
    if user is None:
        raise Unauthorized("sign in first: POST /api/auth/login")
    return user


CurrentUserDep = Annotated[User, Depends(require_user)]

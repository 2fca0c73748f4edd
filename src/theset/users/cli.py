"""`theset users …`: create accounts (the first admin has to come from somewhere) and grant admin."""

from __future__ import annotations

from theset.core.db import session_scope
from theset.core.errors import TheSetError
from theset.core.redis import get_redis
from theset.users import repository, service, sessions


async def create(email: str, display_name: str, password: str, *, is_admin: bool) -> str:
    """Returns the new user's id; raises TheSetError with a readable message."""
    async with session_scope() as session:
        user = await service.create_user(
            session, email=email, display_name=display_name, password=password, is_admin=is_admin
        )
        return str(user.id)


async def grant_admin(email: str, *, is_admin: bool) -> None:
    async with session_scope() as session:
        if await service.set_admin(session, email, is_admin=is_admin) is None:
            raise TheSetError(f"no account with e-mail {email!r}")


async def sign_out_everywhere(email: str) -> int:
    """End every session of the account (a lost laptop, an operator leaving); how many were ended."""
    async with session_scope() as session:
        user = await repository.by_email(session, service.normalise_email(email))
    if user is None:
        raise TheSetError(f"no account with e-mail {email!r}")
    return await sessions.revoke_all(get_redis(), user.id)

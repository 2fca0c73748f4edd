"""`theset users …`: create accounts (the first admin has to come from somewhere) and grant admin."""

from __future__ import annotations

from theset.core.db import session_scope
from theset.core.errors import TheSetError
from theset.users import service


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

"""Accounts for the auth tests, created through the service in the test's rolled-back transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import User
from theset.users import service

PASSWORD = "correct horse battery staple"


async def make_user(session: AsyncSession, email: str, *, is_admin: bool = False) -> User:
    user = await service.create_user(
        session, email=email, display_name=email.split("@")[0], password=PASSWORD, is_admin=is_admin
    )
    await session.flush()
    return user

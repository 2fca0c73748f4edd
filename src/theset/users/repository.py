"""User queries."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import User


async def by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def by_email(session: AsyncSession, email: str) -> User | None:
    return (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()


async def insert_user(
    session: AsyncSession, *, email: str, display_name: str, password_hash: str, is_admin: bool
) -> User | None:
    """The new user, or None when the e-mail is taken (also under a concurrent insert)."""
    stmt = (
        insert(User)
        .values(email=email, display_name=display_name, password_hash=password_hash, is_admin=is_admin)
        .on_conflict_do_nothing(index_elements=[User.email])
        .returning(User.id)
    )
    new_id = (await session.execute(stmt)).scalar_one_or_none()
    return None if new_id is None else await session.get(User, new_id)

"""Account creation and password checks against real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.users.conftest import PASSWORD, make_user
from theset.core.errors import Conflict
from theset.users import passwords, service
from theset.users.service import InvalidAccount


async def test_created_user_keeps_only_an_argon2_hash(session: AsyncSession) -> None:
    user = await make_user(session, "Fan@Example.com")
    assert user.email == "fan@example.com"
    assert user.password_hash is not None and user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


async def test_same_email_in_other_case_is_a_conflict(session: AsyncSession) -> None:
    await make_user(session, "fan@example.com")
    with pytest.raises(Conflict):
        await make_user(session, "  FAN@example.COM ")


@pytest.mark.parametrize(
    ("email", "name", "password", "field"),
    [
        ("not-an-email", "Fan", PASSWORD, "email"),
        ("a@b", "Fan", PASSWORD, "email"),
        ("fan @example.com", "Fan", PASSWORD, "email"),
        ("fan@example.com", "   ", PASSWORD, "display_name"),
        ("fan@example.com", "x" * 101, PASSWORD, "display_name"),
        ("fan@example.com", "Fan", "short", "password"),
        ("fan@example.com", "Fan", "p" * 2000, "password"),
        ("fan@example.com", "Fan", "qwertyuiop", "password"),  # the same policy as sign-up
        ("fan@example.com", "zero\u200bwidth", PASSWORD, "display_name"),
    ],
)
async def test_invalid_accounts_are_refused_with_the_field_named(
    session: AsyncSession, email: str, name: str, password: str, field: str
) -> None:
    with pytest.raises(InvalidAccount, match=f"^{field}:"):
        await service.create_user(session, email=email, display_name=name, password=password)


async def test_authenticate_accepts_only_the_right_password(session: AsyncSession) -> None:
    user = await make_user(session, "fan@example.com")
    assert await service.authenticate(session, "FAN@example.com", PASSWORD) is user
    assert await service.authenticate(session, "fan@example.com", PASSWORD + "!") is None
    assert await service.authenticate(session, "nobody@example.com", PASSWORD) is None
    assert await service.authenticate(session, "fan@example.com", "x" * 5000) is None


async def test_an_account_without_a_password_cannot_sign_in(session: AsyncSession) -> None:
    user = await make_user(session, "fan@example.com")
    user.password_hash = None
    await session.flush()
    assert await service.authenticate(session, "fan@example.com", PASSWORD) is None


def test_verify_never_raises_on_garbage_hashes() -> None:
    assert passwords.verify("not-a-hash", PASSWORD) is False
    assert passwords.verify(None, PASSWORD) is False
    assert passwords.verify(passwords.hash_password(PASSWORD), PASSWORD) is True


async def test_set_admin_grants_and_revokes(session: AsyncSession) -> None:
    user = await make_user(session, "op@example.com")
    assert (await service.set_admin(session, "OP@example.com", is_admin=True)) is user and user.is_admin
    await service.set_admin(session, "op@example.com", is_admin=False)
    assert not user.is_admin
    assert await service.set_admin(session, "ghost@example.com", is_admin=True) is None

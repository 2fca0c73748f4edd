"""Accounts and sign-in. Takes a session, never commits."""

from __future__ import annotations

import asyncio
import unicodedata
import uuid

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import audit
from theset.core.errors import Conflict, Forbidden, TheSetError, TooManyRequests, Unauthorized
from theset.models import User
from theset.users import passwords, repository, sessions, throttle

MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 50
SIGN_IN_SCOPE = "user"


class InvalidAccount(TheSetError):
    status_code = 422
    code = "validation_error"


class EmailTaken(Conflict):
    code = "email_taken"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_email(email: str) -> None:
    local, at, domain = email.partition("@")
    if (
        not at
        or not local
        or "." not in domain
        or len(email) > MAX_EMAIL_LENGTH
        or any(c.isspace() for c in email)
        or not email.isprintable()  # NUL and other control characters never reach the database
    ):
        raise InvalidAccount("email: not a valid e-mail address")


def clean_display_name(raw: str) -> str:
    """Trimmed, NFC, any script; no control or invisible characters."""
    name = unicodedata.normalize("NFC", raw).strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidAccount(f"display_name: 1 to {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        raise InvalidAccount("display_name: control or invisible characters are not allowed")
    return name


def check_new_account(email: str, display_name: str, password: str) -> tuple[str, str]:
    """The normalised e-mail and cleaned display name of a new account; InvalidAccount naming the field."""
    email = normalise_email(email)
    _check_email(email)
    name = clean_display_name(display_name)
    if (problem := passwords.problem(password)) is not None:
        raise InvalidAccount(f"password: {problem}")
    return email, name


async def insert_account(
    session: AsyncSession, email: str, display_name: str, password: str, *, is_admin: bool = False
) -> User:
    """Insert an account checked by check_new_account; EmailTaken (also under a concurrent insert)."""
    user = await repository.insert_user(
        session,
        email=email,
        display_name=display_name,
        password_hash=await asyncio.to_thread(passwords.hash_password, password),
        is_admin=is_admin,
    )
    if user is None:
        raise EmailTaken("an account with that e-mail already exists: sign in instead")
    return user


async def create_user(
    session: AsyncSession, *, email: str, display_name: str, password: str, is_admin: bool = False
) -> User:
    email, name = check_new_account(email, display_name, password)
    return await insert_account(session, email, name, password, is_admin=is_admin)


async def set_admin(session: AsyncSession, email: str, *, is_admin: bool) -> User | None:
    user = await repository.by_email(session, normalise_email(email))
    if user is not None:
        user.is_admin = is_admin
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, or None. An unknown e-mail costs the same Argon2
    verification as a wrong password (against a dummy hash), so timing does not tell which e-mails have
    accounts. Argon2 runs in a thread: ~0.1 s of CPU per check would otherwise stall every request."""
    if len(password) > passwords.MAX_LENGTH:
        return None
    user = await repository.by_email(session, normalise_email(email)[:MAX_EMAIL_LENGTH])
    stored = user.password_hash if user else None
    # Verify first, whatever `user` is: `user is None or not verify(...)` skipped the work for a miss.
    matches = await asyncio.to_thread(passwords.verify, stored, password)
    if user is None or not matches:
        return None
    if user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = await asyncio.to_thread(passwords.hash_password, password)
    return user


async def sign_in(
    session: AsyncSession, redis: aioredis.Redis, client: str, email: str, password: str
) -> User:
    """`authenticate` behind the per-address and per-account attempt limits (users/throttle.py), for
    every sign-in form and endpoint."""
    account = normalise_email(email)[:MAX_EMAIL_LENGTH]
    verdict = await throttle.sign_in_attempt(redis, SIGN_IN_SCOPE, client, account)
    if verdict is throttle.Verdict.ADDRESS_LIMITED:
        raise TooManyRequests(throttle.LOCKED_MESSAGE)
    if verdict is throttle.Verdict.ACCOUNT_LOCKED:
        raise TooManyRequests(throttle.ACCOUNT_LOCKED_MESSAGE)
    user = await authenticate(session, email, password)
    if user is None:
        raise Unauthorized("e-mail or password is not right")
    await throttle.sign_in_succeeded(redis, SIGN_IN_SCOPE, client, account)
    return user


async def start_session(
    session: AsyncSession,
    redis: aioredis.Redis,
    client: str,
    email: str,
    password: str,
    *,
    admins_only: bool = False,
) -> tuple[User, str]:
    """Sign in and open a session: the user and the session token for the cookie. An admin's sign-in goes
    to the audit trail. `admins_only` (the queue console) refuses anyone else before a session exists."""
    user = await sign_in(session, redis, client, email, password)
    if admins_only and not user.is_admin:
        raise Forbidden(f"{user.email} is not an admin")
    if user.is_admin:
        await audit.record(redis, actor=f"user:{user.id}", action="login", result={"client": client})
    return user, await sessions.create(redis, user.id)


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await repository.by_id(session, user_id)

"""Public sign-up: `POST /api/auth/signup` creates a fan account. Takes a session, never commits.

E-mails are normalised (trimmed, lower-cased) and unique (409 email_taken, also under a concurrent
sign-up); passwords are 10+ characters and not one of the commonest (a bundled list); display names are
trimmed, 1 to 50 characters of any script, without control characters. Each address may create a few
accounts an hour (SIGNUPS_PER_ADDRESS_PER_HOUR; 429 rate_limited) so nobody mints voters in bulk.
"""

from __future__ import annotations

import asyncio
import unicodedata
from functools import lru_cache
from pathlib import Path

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.config import get_settings
from theset.core.errors import Conflict, TheSetError, TooManyRequests
from theset.models import User
from theset.users import passwords, repository
from theset.users.service import InvalidAccount, _check_email, normalise_email

MIN_PASSWORD_LENGTH = 10
MAX_DISPLAY_NAME = 50
WINDOW_S = 3600
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


class EmailTaken(Conflict):
    code = "email_taken"


class InvalidSignup(TheSetError):
    status_code = 422
    code = "validation_error"


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password: at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > passwords.MAX_LENGTH:
        return f"password: at most {passwords.MAX_LENGTH} characters"
    if password.lower() in _common():
        return "password: one of the most common passwords; choose another"
    return None


def clean_display_name(raw: str) -> str:
    name = unicodedata.normalize("NFC", raw).strip()
    if not name or len(name) > MAX_DISPLAY_NAME:
        raise InvalidSignup(f"displayName: 1 to {MAX_DISPLAY_NAME} characters")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        raise InvalidSignup("displayName: control or invisible characters are not allowed")
    return name


async def _throttle(redis: aioredis.Redis, client: str) -> None:
    key = f"{get_settings().queue_prefix}:signups:{client}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, WINDOW_S, nx=True)
        count, _ = await pipe.execute()
    if int(count) > get_settings().signups_per_address_per_hour:
        raise TooManyRequests("too many accounts created from this address; try again in an hour")


async def sign_up(
    session: AsyncSession, redis: aioredis.Redis, client: str, *, email: str, password: str, display_name: str
) -> User:
    email = normalise_email(email)
    try:
        _check_email(email)
    except InvalidAccount as exc:
        raise InvalidSignup(exc.message) from None
    if not email.isprintable():  # NUL and other control characters never reach the database
        raise InvalidSignup("email: not a valid e-mail address")
    name = clean_display_name(display_name)
    if (problem := password_problem(password)) is not None:
        raise InvalidSignup(problem)
    await _throttle(redis, client)  # counted once the request is well-formed, taken e-mail or not
    password_hash = await asyncio.to_thread(passwords.hash_password, password)
    user = await repository.insert_user(
        session, email=email, display_name=name, password_hash=password_hash, is_admin=False
    )
    if user is None:
        raise EmailTaken("an account with that e-mail already exists: sign in instead")
    return user

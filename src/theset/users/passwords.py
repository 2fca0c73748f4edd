"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # hashing cost must not be something a client can inflate

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-timing")


def problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"password must be at most {MAX_LENGTH} characters"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)

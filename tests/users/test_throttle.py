"""Sign-in limits per address and per account (issue 13, items 1 and 2), with real PostgreSQL and Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.users.conftest import PASSWORD, make_user
from theset.core.errors import TooManyRequests, Unauthorized
from theset.users import passwords, service, throttle

WRONG = "not the password at all"


async def _try(session: AsyncSession, redis: Any, client: str, email: str, password: str) -> str:
    """'ok', 'unauthorized' or the 429 message."""
    try:
        await service.sign_in(session, redis, client, email, password)
    except Unauthorized:
        return "unauthorized"
    except TooManyRequests as exc:
        return exc.message
    return "ok"


async def test_signing_in_to_ones_own_account_does_not_reset_the_address(
    session: AsyncSession, redis_client: Any
) -> None:
    await make_user(session, "admin@example.com", is_admin=True)
    await make_user(session, "attacker@example.com")
    guesses = 0
    for _ in range(5):  # the attack from the issue: 9 guesses, one own sign-in, repeat
        for _ in range(9):
            if await _try(session, redis_client, "10.0.0.66", "admin@example.com", WRONG) != "unauthorized":
                break
            guesses += 1
        await _try(session, redis_client, "10.0.0.66", "attacker@example.com", PASSWORD)
    assert guesses <= throttle.MAX_FAILURES
    outcome = await _try(session, redis_client, "10.0.0.66", "admin@example.com", WRONG)
    assert outcome in (throttle.LOCKED_MESSAGE, throttle.ACCOUNT_LOCKED_MESSAGE)


async def test_a_success_gives_back_only_its_own_count(session: AsyncSession, redis_client: Any) -> None:
    await make_user(session, "fan@example.com")
    for _ in range(throttle.MAX_FAILURES - 1):
        assert await _try(session, redis_client, "10.0.0.7", "fan@example.com", WRONG) == "unauthorized"
    for _ in range(3):  # a household signing in several times is not locked out by its own successes
        assert await _try(session, redis_client, "10.0.0.7", "fan@example.com", PASSWORD) == "ok"
    assert await _try(session, redis_client, "10.0.0.7", "other@example.com", WRONG) == "unauthorized"
    assert (
        await _try(session, redis_client, "10.0.0.7", "other@example.com", WRONG) == throttle.LOCKED_MESSAGE
    )


async def test_an_account_locks_after_failures_from_anywhere(
    session: AsyncSession, redis_client: Any
) -> None:
    await make_user(session, "admin@example.com", is_admin=True)
    await make_user(session, "fan@example.com")
    for n in range(throttle.MAX_ACCOUNT_FAILURES):  # one guess per address: no address limit applies
        assert await _try(session, redis_client, f"10.1.0.{n}", "admin@example.com", WRONG) == "unauthorized"
    locked = await _try(session, redis_client, "10.2.0.1", "admin@example.com", PASSWORD)
    assert locked == throttle.ACCOUNT_LOCKED_MESSAGE  # even the right password, from a fresh address
    assert await _try(session, redis_client, "10.2.0.1", "fan@example.com", PASSWORD) == "ok"
    lock_keys = [k async for k in redis_client.scan_iter(match="*login-locked*")]
    assert len(lock_keys) == 1 and 0 < await redis_client.ttl(lock_keys[0]) <= throttle.LOCK_S


async def test_a_success_clears_only_that_accounts_counter(session: AsyncSession, redis_client: Any) -> None:
    await make_user(session, "a@example.com")
    await make_user(session, "b@example.com")
    for n in range(throttle.MAX_ACCOUNT_FAILURES - 1):
        await _try(session, redis_client, f"10.3.0.{n}", "a@example.com", WRONG)
        await _try(session, redis_client, f"10.4.0.{n}", "b@example.com", WRONG)
    # b's owner signs in before the limit is reached, from an address a's guesses also came from
    assert await _try(session, redis_client, "10.3.0.1", "b@example.com", PASSWORD) == "ok"
    for _ in range(2):  # b starts again from zero ...
        assert await _try(session, redis_client, "10.5.0.1", "b@example.com", WRONG) == "unauthorized"
    # ... while a's count stands: one more failure, then the lock
    assert await _try(session, redis_client, "10.5.0.2", "a@example.com", WRONG) == "unauthorized"
    locked = await _try(session, redis_client, "10.5.0.2", "a@example.com", PASSWORD)
    assert locked == throttle.ACCOUNT_LOCKED_MESSAGE


async def test_unknown_accounts_lock_like_real_ones(session: AsyncSession, redis_client: Any) -> None:
    for n in range(throttle.MAX_ACCOUNT_FAILURES):
        assert await _try(session, redis_client, f"10.6.0.{n}", "ghost@example.com", WRONG) == "unauthorized"
    assert await _try(session, redis_client, "10.6.1.1", "ghost@example.com", WRONG) == (
        throttle.ACCOUNT_LOCKED_MESSAGE
    )


async def test_concurrent_attempts_on_one_account_cannot_slip_past(redis_client: Any) -> None:
    verdicts = await asyncio.gather(
        *(
            throttle.sign_in_attempt(redis_client, "user", f"10.7.0.{n}", "target@example.com")
            for n in range(throttle.MAX_ACCOUNT_FAILURES + 5)
        )
    )
    assert verdicts.count(throttle.Verdict.ALLOWED) == throttle.MAX_ACCOUNT_FAILURES


class _CountingHasher:
    def __init__(self, real: Any) -> None:
        self.real, self.verified = real, 0

    def verify(self, stored: str, password: str) -> bool:
        self.verified += 1
        return bool(self.real.verify(stored, password))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.parametrize("email", ["fan@example.com", "nobody@example.com"])
async def test_known_and_unknown_emails_cost_one_argon2_verification(
    session: AsyncSession, redis_client: Any, monkeypatch: pytest.MonkeyPatch, email: str
) -> None:
    """Equal work rather than equal time (no timing assertions): both misses run Argon2 once."""
    await make_user(session, "fan@example.com")
    hasher = _CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    assert await _try(session, redis_client, "10.8.0.1", email, WRONG) == "unauthorized"
    assert hasher.verified == 1

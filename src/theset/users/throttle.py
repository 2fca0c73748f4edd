"""Sign-in attempt limits, per client address and per account.

Every attempt is counted before the password is checked, in one atomic Lua script, so concurrent
guesses cannot slip past a limit:

- an address gets 429 past MAX_FAILURES unsuccessful attempts within WINDOW_S (the window slides with
  every attempt). A success takes back only its own count: signing in to one's own account between
  guesses no longer resets the address (issue 13: 9 guesses, 1 own sign-in, repeat);
- an account (its normalised e-mail, whether or not such an account exists, so a lock says nothing
  about who has one) is locked for LOCK_S after MAX_ACCOUNT_FAILURES unsuccessful attempts within
  WINDOW_S from anywhere; a success clears only that account's counter.

The admin console's token sign-in has no account: it uses `attempt`/`clear`, per address only.
"""

from __future__ import annotations

import enum
import hashlib

import redis.asyncio as aioredis
from fastapi import Request

from theset.core.config import get_settings
from theset.core.redis import lua_script

MAX_FAILURES = 10
MAX_ACCOUNT_FAILURES = 10
WINDOW_S = 900
LOCK_S = 900
LOCKED_MESSAGE = "too many failed sign-ins from this address; try again in 15 minutes"
ACCOUNT_LOCKED_MESSAGE = (
    "this account is locked for 15 minutes after repeated failed sign-ins; try again later"
)


class Verdict(enum.Enum):
    ALLOWED = "ok"
    ADDRESS_LIMITED = "address"
    ACCOUNT_LOCKED = "account"


# KEYS: address counter, account counter, account lock. ARGV: window, max per address, max per account,
# lock seconds. A locked account still counts against the address, so cycling accounts does not help.
_ATTEMPT = lua_script(
    """
local address = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
if address > tonumber(ARGV[2]) then return 'address' end
if redis.call('EXISTS', KEYS[3]) == 1 then return 'account' end
local account = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
if account > tonumber(ARGV[3]) then
  redis.call('SET', KEYS[3], '1', 'EX', ARGV[4])
  redis.call('DEL', KEYS[2])
  return 'account'
end
return 'ok'
"""
)

# A success: give the address back this attempt's count (it was not a failure) and clear the account.
_SUCCEEDED = lua_script(
    """
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
redis.call('DEL', KEYS[2])
return 1
"""
)


def client_address(request: Request) -> str:
    """The peer's address. Forwarded headers count only from TRUSTED_PROXIES (web/proxies.py rewrites
    the peer before this sees it)."""
    return request.client.host if request.client else "unknown"


def _key(scope: str, client: str) -> str:
    return f"{get_settings().queue_prefix}:login-failures:{scope}:{client}"


def _account_keys(scope: str, email: str) -> tuple[str, str]:
    # Hashed: the key names e-mails nobody may have registered, and keys show up in monitoring.
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    prefix = get_settings().queue_prefix
    return f"{prefix}:login-account:{scope}:{digest}", f"{prefix}:login-locked:{scope}:{digest}"


async def sign_in_attempt(redis: aioredis.Redis, scope: str, client: str, email: str) -> Verdict:
    """Count one sign-in attempt against the address and the account, atomically."""
    counter, lock = _account_keys(scope, email)
    keys = [_key(scope, client), counter, lock]
    args = [WINDOW_S, MAX_FAILURES, MAX_ACCOUNT_FAILURES, LOCK_S]
    return Verdict(await _ATTEMPT(keys, args, client=redis))


async def sign_in_succeeded(redis: aioredis.Redis, scope: str, client: str, email: str) -> None:
    counter, _ = _account_keys(scope, email)
    await _SUCCEEDED([_key(scope, client), counter], client=redis)


async def attempt(redis: aioredis.Redis, scope: str, client: str) -> bool:
    """Count one attempt for a scope without accounts; False when this address has no attempts left."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(_key(scope, client))
        pipe.expire(_key(scope, client), WINDOW_S)
        count, _ = await pipe.execute()
    return int(count) <= MAX_FAILURES


async def clear(redis: aioredis.Redis, scope: str, client: str) -> None:
    await redis.delete(_key(scope, client))

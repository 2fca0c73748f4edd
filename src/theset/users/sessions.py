"""Signed-in user sessions, kept in Redis.

The cookie carries a random token; Redis keeps only its SHA-256 (a leaked dump cannot be replayed)
under `{prefix}:session:{digest}` with the session's lifetime as TTL, so expired sessions vanish by
themselves. Each user also has an index set of their session digests (sign out everywhere); the weekly
clean-up prunes digests whose session has expired (`prune_expired`).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

import redis.asyncio as aioredis

from theset.core.config import get_settings

COOKIE_NAME = "theset_session"
PRUNE_SCAN_COUNT = 500


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session_key(digest: str) -> str:
    return f"{get_settings().queue_prefix}:session:{digest}"


def _index_key(user_id: uuid.UUID | str) -> str:
    return f"{get_settings().queue_prefix}:user-sessions:{user_id}"


def ttl_seconds() -> int:
    return int(get_settings().user_session_ttl_hours * 3600)


async def create(redis: aioredis.Redis, user_id: uuid.UUID) -> str:
    token = secrets.token_urlsafe(32)
    digest = _digest(token)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(_session_key(digest), str(user_id), ex=ttl_seconds())
        pipe.sadd(_index_key(user_id), digest)
        pipe.expire(_index_key(user_id), ttl_seconds())
        await pipe.execute()
    return token


async def resolve(redis: aioredis.Redis, token: str | None) -> uuid.UUID | None:
    """The user a session token belongs to, or None (unknown, expired or malformed)."""
    if not token or len(token) > 128:
        return None
    raw = await redis.get(_session_key(_digest(token)))
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


async def revoke(redis: aioredis.Redis, token: str) -> None:
    digest = _digest(token)
    user_id = await redis.getdel(_session_key(digest))
    if user_id is not None:
        await redis.srem(_index_key(user_id), digest)  # type: ignore[misc]


async def revoke_all(redis: aioredis.Redis, user_id: uuid.UUID) -> int:
    digests: set[str] = await redis.smembers(_index_key(user_id))  # type: ignore[misc]
    if digests:
        await redis.delete(*(_session_key(d) for d in digests))
    await redis.delete(_index_key(user_id))
    return len(digests)


async def prune_expired(redis: aioredis.Redis) -> int:
    """Drop index entries whose session has expired; returns how many were dropped."""
    pruned = 0
    async for index in redis.scan_iter(match=_index_key("*"), count=PRUNE_SCAN_COUNT):
        digests = list(await redis.smembers(index))  # type: ignore[misc]
        if not digests:
            continue
        async with redis.pipeline(transaction=False) as pipe:
            for digest in digests:
                pipe.exists(_session_key(digest))
            alive = await pipe.execute()
        dead = [digest for digest, exists in zip(digests, alive, strict=True) if not exists]
        if dead:
            await redis.srem(index, *dead)  # type: ignore[misc]
            pruned += len(dead)
    return pruned

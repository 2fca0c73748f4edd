"""The Redis session store."""

from __future__ import annotations

import uuid

import pytest
import redis.asyncio as aioredis

from theset.users import sessions

pytestmark = pytest.mark.usefixtures("redis_client")


async def test_a_session_resolves_to_its_user_and_stores_no_token(redis_client: aioredis.Redis) -> None:
    user_id = uuid.uuid4()
    token = await sessions.create(redis_client, user_id)
    assert await sessions.resolve(redis_client, token) == user_id
    keys = [k async for k in redis_client.scan_iter(match="*session*")]
    assert keys and all(token not in k for k in keys)
    ttl = await redis_client.ttl(sessions._session_key(sessions._digest(token)))
    assert sessions.ttl_seconds() - 5 <= ttl <= sessions.ttl_seconds()


@pytest.mark.parametrize("token", [None, "", "made-up", "x" * 10_000, "../../etc", "\x00\n"])
async def test_unknown_or_hostile_tokens_resolve_to_nobody(
    redis_client: aioredis.Redis, token: str | None
) -> None:
    await sessions.create(redis_client, uuid.uuid4())
    assert await sessions.resolve(redis_client, token) is None


async def test_revoke_ends_one_session_and_revoke_all_ends_every_one(redis_client: aioredis.Redis) -> None:
    user_id = uuid.uuid4()
    first, second, third = [await sessions.create(redis_client, user_id) for _ in range(3)]
    await sessions.revoke(redis_client, first)
    assert await sessions.resolve(redis_client, first) is None
    assert await sessions.resolve(redis_client, second) == user_id
    assert await sessions.revoke_all(redis_client, user_id) == 2
    assert (
        await sessions.resolve(redis_client, second) is None
        and await sessions.resolve(redis_client, third) is None
    )
    await sessions.revoke(redis_client, first)  # twice is harmless


async def test_prune_drops_only_expired_entries(redis_client: aioredis.Redis) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    alive = await sessions.create(redis_client, alice)
    gone = [await sessions.create(redis_client, alice), await sessions.create(redis_client, bob)]
    for token in gone:  # what the TTL does when it runs out
        await redis_client.delete(sessions._session_key(sessions._digest(token)))
    assert await sessions.prune_expired(redis_client) == 2
    assert await redis_client.smembers(sessions._index_key(alice)) == {sessions._digest(alive)}
    assert await redis_client.exists(sessions._index_key(bob)) == 0
    assert await sessions.prune_expired(redis_client) == 0

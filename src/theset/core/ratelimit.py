"""Client-side rate limits per upstream provider, shared by every process through Redis.

One GCRA bucket per provider (`{QUEUE_PREFIX}:ratelimit:{provider}`) holds the theoretical arrival time; a
Lua script takes a slot atomically using Redis' own clock, so every web and worker process draws on
the same budget. A 429 pauses the provider for everyone (`…:paused_until`,
epoch seconds), and an optional daily quota (Ticketmaster: 5,000 calls, anchored at the first call
like the real API) is counted in `…:quota`.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from theset.core.config import Settings, get_settings
from theset.core.keys import redis_key
from theset.core.logging import get_logger

log = get_logger(__name__)

DAY_SECONDS = 86_400.0

# KEYS: 1 bucket (TAT, ms), 2 paused_until (epoch s), 3 quota counter
# ARGV: 1 emission interval ms, 2 burst tolerance ms, 3 daily quota (0 = none), 4 quota period ms
# Returns {granted (0/1), wait_ms (string), reason}
_ACQUIRE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local paused = tonumber(redis.call('GET', KEYS[2]) or '0') * 1000
if paused > now then
  return {0, tostring(paused - now), 'paused'}
end
local interval = tonumber(ARGV[1])
local tau = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local allow_at = tat - tau
if allow_at > now then
  return {0, tostring(allow_at - now), 'rate'}
end
local quota = tonumber(ARGV[3])
if quota > 0 then
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  if used >= quota then
    local ttl = redis.call('PTTL', KEYS[3])
    if ttl < 0 then ttl = tonumber(ARGV[4]) end
    return {0, tostring(ttl), 'quota'}
  end
  used = redis.call('INCR', KEYS[3])
  if used == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil(new_tat - now + interval + 1000))
return {1, '0', 'ok'}
"""

# KEYS: 1 paused_until. ARGV: 1 epoch seconds. Only ever extends a pause; returns the stored value.
_PAUSE_LUA = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('PEXPIREAT', KEYS[1], math.ceil(wanted * 1000) + 1000)
  return ARGV[1]
end
return tostring(current)
"""


class RateLimitWaitTooLong(Exception):
    """The next slot is further away than the caller is willing to wait (long pause or spent quota)."""

    def __init__(self, provider: str, reason: str, resume_at: float) -> None:
        self.provider = provider
        self.reason = reason
        self.resume_at = resume_at
        wait = max(0.0, resume_at - time.time())
        super().__init__(f"{provider}: {reason}, next slot in {wait:.0f} s")


@dataclass(frozen=True)
class LimitConfig:
    rate_per_s: float
    burst: int = 1
    daily_quota: int = 0  # 0 = no quota


def limit_config_for(provider: str, settings: Settings | None = None) -> LimitConfig:
    s = settings or get_settings()
    if provider == "ticketmaster":
        return LimitConfig(s.ticketmaster_rate_limit, daily_quota=s.ticketmaster_daily_quota)
    rates = {
        "spotify": s.spotify_rate_limit,
        "setlistfm": s.setlistfm_rate_limit,
        "musicbrainz": s.musicbrainz_rate_limit,
    }
    if provider not in rates:
        raise ValueError(f"unknown provider {provider!r}")
    return LimitConfig(rates[provider])


class RateLimiter:
    """`await limiter.acquire()` waits until the provider's shared budget has a slot for one call."""

    def __init__(
        self,
        redis: Any,
        provider: str,
        rate_per_s: float,
        *,
        burst: int = 1,
        daily_quota: int = 0,
        quota_period_s: float = DAY_SECONDS,
        key_prefix: str | None = None,
    ) -> None:
        if rate_per_s <= 0:
            raise ValueError("rate_per_s must be positive")
        self.redis = redis
        self.provider = provider
        self.rate_per_s = rate_per_s
        self.burst = max(1, burst)
        self.daily_quota = max(0, daily_quota)
        self.quota_period_s = quota_period_s
        self.key = f"{key_prefix or redis_key('ratelimit')}:{provider}"
        self.paused_key = f"{self.key}:paused_until"
        self.quota_key = f"{self.key}:quota"
        self._acquire_script = redis.register_script(_ACQUIRE_LUA)
        self._pause_script = redis.register_script(_PAUSE_LUA)

    @classmethod
    def for_provider(cls, redis: Any, provider: str, settings: Settings | None = None) -> RateLimiter:
        cfg = limit_config_for(provider, settings)
        return cls(redis, provider, cfg.rate_per_s, burst=cfg.burst, daily_quota=cfg.daily_quota)

    async def try_acquire(self) -> tuple[bool, float, str]:
        """Take a slot if one is free now: (granted, seconds to wait otherwise, reason)."""
        interval_ms = 1000.0 / self.rate_per_s
        granted, wait_ms, reason = await self._acquire_script(
            keys=[self.key, self.paused_key, self.quota_key],
            args=[
                repr(interval_ms),
                repr(interval_ms * (self.burst - 1)),
                self.daily_quota,
                int(self.quota_period_s * 1000),
            ],
        )
        reason = reason.decode() if isinstance(reason, bytes) else str(reason)
        return bool(int(granted)), float(wait_ms) / 1000.0, reason

    async def acquire(self, max_wait: float | None = None) -> float:
        """Wait (async sleep) for a slot; returns the seconds waited.

        Raises RateLimitWaitTooLong when the provider is paused, or its quota spent, for longer than
        `max_wait` seconds; the caller decides whether to give up or reschedule the work.
        """
        started = time.monotonic()
        while True:
            granted, wait, reason = await self.try_acquire()
            if granted:
                return time.monotonic() - started
            if max_wait is not None and reason in ("paused", "quota") and wait > max_wait:
                raise RateLimitWaitTooLong(self.provider, reason, time.time() + wait)
            if reason != "rate":
                log.info("rate limiter waiting", provider=self.provider, reason=reason, wait_s=round(wait, 3))
            # Re-check at least every few seconds: a pause set by another process may have changed.
            await asyncio.sleep(min(wait, 5.0) + random.uniform(0, 0.005))

    async def pause_until(self, epoch_s: float) -> float:
        """Pause this provider for every process until `epoch_s` (never shortens an existing pause)."""
        stored = await self._pause_script(keys=[self.paused_key], args=[repr(float(epoch_s))])
        return float(stored)

    async def paused_until(self) -> float | None:
        raw = await self.redis.get(self.paused_key)
        value = float(raw) if raw is not None else 0.0
        return value if value > time.time() else None

    async def resume(self) -> None:
        await self.redis.delete(self.paused_key)

    async def quota_used(self) -> int:
        raw = await self.redis.get(self.quota_key)
        return int(raw) if raw is not None else 0

    async def reset(self) -> None:
        await self.redis.delete(self.key, self.paused_key, self.quota_key)

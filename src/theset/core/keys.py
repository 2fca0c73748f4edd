"""Every Redis key and pub/sub channel TheSet writes lives under QUEUE_PREFIX, as BullMQ's own keys do,
so two deployments (or test runs) sharing one Redis database never read each other's state."""

from __future__ import annotations

from theset.core.config import get_settings


def redis_key(*parts: object) -> str:
    """`{QUEUE_PREFIX}:part:part…`, read at call time so a changed setting takes effect."""
    return ":".join([get_settings().queue_prefix, *(str(p) for p in parts)])

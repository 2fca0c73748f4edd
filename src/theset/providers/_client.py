"""Builds a provider's HTTP client: its shared Redis rate limiter plus the common HTTP layer."""

from __future__ import annotations

from typing import Any, Self

from theset.core.config import Settings
from theset.core.http import UpstreamClient
from theset.core.ratelimit import RateLimiter
from theset.core.redis import get_redis


def provider_http(
    provider: str, base_url: str, settings: Settings, *, redis: Any = None, **options: Any
) -> UpstreamClient:
    """`redis` defaults to the process-wide client, so every client of a provider shares one budget."""
    limiter = RateLimiter.for_provider(redis if redis is not None else get_redis(), provider, settings)
    return UpstreamClient.from_settings(provider, base_url, settings, limiter=limiter, **options)


class ProviderClient:
    """What every provider client shares: its HTTP client, a call count, closing."""

    def __init__(self, http: UpstreamClient) -> None:
        self.http = http

    @property
    def calls(self) -> int:
        """HTTP calls made by this client (retries and token requests included)."""
        return self.http.calls

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

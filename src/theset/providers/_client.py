"""Builds a provider's HTTP client: its shared Redis rate limiter plus the common HTTP layer."""

from __future__ import annotations

from typing import Any, ClassVar, Self

import httpx

from theset.core.config import Settings, get_settings
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
    """What every provider client shares: how it is built from settings, its rate-limited HTTP client, a
    call count, closing. A subclass names its provider and says how to reach it (`http_config`)."""

    provider: ClassVar[str]

    def __init__(self, http: UpstreamClient) -> None:
        self.http = http

    @classmethod
    def http_config(cls, settings: Settings) -> tuple[str, dict[str, Any]]:
        """Base URL, and the HTTP client options (auth, headers, throttling) this provider needs."""
        raise NotImplementedError

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        redis: Any = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **http_options: Any,
    ) -> Self:
        """`redis` defaults to the process-wide client; `http_options` override the provider's defaults."""
        s = settings or get_settings()
        redis = redis if redis is not None else get_redis()
        base_url, defaults = cls.http_config(s)
        options = {**defaults, **http_options}
        http = provider_http(cls.provider, base_url, s, redis=redis, transport=transport, **options)
        return cls._build(http, s, redis)

    @classmethod
    def _build(cls, http: UpstreamClient, settings: Settings, redis: Any) -> Self:
        return cls(http)

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

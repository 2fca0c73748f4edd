"""Upstream API clients with typed results (no DB). Build them together from Settings:

    async with open_providers() as p:            # or: async with Providers.from_settings() as p:
        attraction = await p.ticketmaster.get_attraction("K8vZ917uP07")
        async for event in p.ticketmaster.iter_events(attraction.id): ...
        print(p.calls())   # {"ticketmaster": 7, "spotify": 0, ...}

Every client shares its provider's rate limit with every other process through Redis.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from theset.core.config import Settings
from theset.providers.musicbrainz import MusicBrainzClient
from theset.providers.setlistfm import SetlistFmClient
from theset.providers.spotify import SpotifyClient
from theset.providers.ticketmaster import TicketmasterClient

__all__ = [
    "MusicBrainzClient",
    "Providers",
    "SetlistFmClient",
    "SpotifyClient",
    "TicketmasterClient",
    "open_providers",
]


@dataclass
class Providers:
    ticketmaster: TicketmasterClient
    spotify: SpotifyClient
    setlistfm: SetlistFmClient
    musicbrainz: MusicBrainzClient

    @classmethod
    def from_settings(
        cls,
        settings: Settings | None = None,
        *,
        redis: Any = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **http_options: Any,
    ) -> Providers:
        """All four clients; `redis` defaults to the process-wide client (shared limits, token cache)."""
        kwargs: dict[str, Any] = {"redis": redis, "transport": transport, **http_options}
        return cls(
            ticketmaster=TicketmasterClient.from_settings(settings, **kwargs),
            spotify=SpotifyClient.from_settings(settings, **kwargs),
            setlistfm=SetlistFmClient.from_settings(settings, **kwargs),
            musicbrainz=MusicBrainzClient.from_settings(settings, **kwargs),
        )

    def calls(self) -> dict[str, int]:
        """HTTP calls made so far, per provider (for "calls made" in import reports)."""
        return {
            "ticketmaster": self.ticketmaster.calls,
            "spotify": self.spotify.calls,
            "setlistfm": self.setlistfm.calls,
            "musicbrainz": self.musicbrainz.calls,
        }

    async def aclose(self) -> None:
        for client in (self.ticketmaster, self.spotify, self.setlistfm, self.musicbrainz):
            await client.aclose()

    async def __aenter__(self) -> Providers:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


@asynccontextmanager
async def open_providers(
    settings: Settings | None = None, *, redis: Any = None, **http_options: Any
) -> AsyncIterator[Providers]:
    """`async with open_providers() as p:` — all four clients, closed (connection pools) on exit."""
    providers = Providers.from_settings(settings, redis=redis, **http_options)
    try:
        yield providers
    finally:
        await providers.aclose()

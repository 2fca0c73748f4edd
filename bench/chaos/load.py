"""A bounded load generator: imports artists, reads pages and searches, through both web processes.
Every request is recorded (when, what, status or error kind) for the checks and the table."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Record:
    at: float
    kind: str
    status: int | None  # None: no HTTP answer (connection refused, timeout)
    error: str = ""


@dataclass
class Load:
    web_urls: list[str]
    attractions: list[str]
    concurrency: int = 4
    records: list[Record] = field(default_factory=list)
    artists: dict[str, str] = field(default_factory=dict)  # attraction id → artist id
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def _request(self, client: httpx.AsyncClient, kind: str, method: str, path: str, **kw: Any) -> Any:
        base = random.choice(self.web_urls)
        try:
            response = await client.request(method, base + path, **kw)
        except httpx.HTTPError as exc:
            self.records.append(Record(time.monotonic(), kind, None, type(exc).__name__))
            return None
        self.records.append(Record(time.monotonic(), kind, response.status_code))
        return response

    async def _one(self, client: httpx.AsyncClient) -> None:
        roll = random.random()
        if roll < 0.25 or not self.artists:
            tm_id = random.choice(self.attractions)
            response = await self._request(
                client, "import", "POST", "/api/artists/import", json={"tmAttractionId": tm_id}
            )
            if response is not None and response.status_code == 200:
                self.artists[tm_id] = response.json()["artistId"]
        elif roll < 0.6:
            artist_id = random.choice(list(self.artists.values()))
            await self._request(client, "artist", "GET", f"/api/artists/{artist_id}")
        elif roll < 0.8:
            artist_id = random.choice(list(self.artists.values()))
            await self._request(client, "status", "GET", f"/api/artists/{artist_id}/status")
        elif roll < 0.9:
            await self._request(client, "search", "GET", "/api/search", params={"q": "the"})
        else:
            await self._request(client, "trending", "GET", "/api/trending")

    async def _client_loop(self) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while not self._stop.is_set():
                await self._one(client)
                await asyncio.sleep(0.05)  # pacing of a bounded load, not synchronisation

    async def run(self) -> None:
        await asyncio.gather(*(self._client_loop() for _ in range(self.concurrency)))

    def stop(self) -> None:
        self._stop.set()

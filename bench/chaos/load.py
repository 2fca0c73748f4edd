"""A bounded load generator: imports artists, reads pages, searches and votes, through both web processes.
Every request is recorded (when, what, status or error kind) for the checks and the table, and every vote
with its outcome, so the checks can tell that each vote answered 200 is counted exactly once."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Record:
    at: float  # when the answer (or the failure) came
    kind: str
    status: int | None  # None: no HTTP answer (connection refused, timeout)
    error: str = ""
    sent: float = 0.0


@dataclass
class Load:
    web_urls: list[str]
    attractions: list[str]
    concurrency: int = 4
    records: list[Record] = field(default_factory=list)
    artists: dict[str, str] = field(default_factory=dict)  # attraction id → artist id
    fans: int = 12  # anonymous fans, each with its own cookie jar (ANON_VOTES_PER_SHOW votes per show)
    # (fan, setlistSongId) of every vote answered 200 "voted": true; and per song the votes with no answer
    # or a 5xx, which may or may not have landed.
    voted: set[tuple[int, str]] = field(default_factory=set)
    unsure: Counter[str] = field(default_factory=Counter)
    _songs: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # artist → (show, its songs)
    _fan_clients: list[httpx.AsyncClient] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def _request(self, client: httpx.AsyncClient, kind: str, method: str, path: str, **kw: Any) -> Any:
        base = random.choice(self.web_urls)
        sent = time.monotonic()  # a request in flight across an outage may fail after the server is back
        try:
            response = await client.request(method, base + path, **kw)
        except httpx.HTTPError as exc:
            self.records.append(Record(time.monotonic(), kind, None, type(exc).__name__, sent))
            return None
        self.records.append(Record(time.monotonic(), kind, response.status_code, sent=sent))
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
        elif roll < 0.45:
            await self._vote(client, random.choice(list(self.artists.values())))
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

    async def _setlist(self, client: httpx.AsyncClient, artist_id: str) -> tuple[str, list[str]] | None:
        """The artist's first upcoming show with a predicted setlist, and that setlist's song ids."""
        if artist_id in self._songs:
            return self._songs[artist_id]
        shows = await self._request(client, "artist", "GET", f"/api/artists/{artist_id}/shows?limit=5")
        if shows is None or shows.status_code != 200:
            return None
        for show in shows.json()["items"]:
            detail = await self._request(client, "show", "GET", f"/api/shows/{show['id']}")
            predicted = (
                detail.json()["setlists"].get("predicted") if detail and detail.status_code == 200 else None
            )
            if predicted and predicted["songs"]:
                self._songs[artist_id] = (show["id"], [song["id"] for song in predicted["songs"]])
                return self._songs[artist_id]
        return None

    async def _vote(self, client: httpx.AsyncClient, artist_id: str) -> None:
        found = await self._setlist(client, artist_id)
        if found is None:
            return
        show_id, songs = found
        fan = random.randrange(self.fans)
        song = random.choice(songs[:6])  # a few songs, so fans' votes meet on the same rows
        response = await self._request(
            self._fan_clients[fan],
            "vote",
            "POST",
            f"/api/shows/{show_id}/votes",
            json={"setlistSongId": song},
        )
        if response is None or response.status_code >= 500:
            self.unsure[song] += 1
        elif response.status_code == 200 and response.json().get("voted"):
            self.voted.add((fan, song))

    async def _client_loop(self) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while not self._stop.is_set():
                await self._one(client)
                await asyncio.sleep(0.05)  # pacing of a bounded load, not synchronisation

    async def run(self) -> None:
        self._fan_clients = [httpx.AsyncClient(timeout=10) for _ in range(self.fans)]
        try:
            await asyncio.gather(*(self._client_loop() for _ in range(self.concurrency)))
        finally:
            for fan in self._fan_clients:
                await fan.aclose()

    def stop(self) -> None:
        self._stop.set()

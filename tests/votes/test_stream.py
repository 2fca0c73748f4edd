"""The show's live stream on a real socket (uvicorn in the test's event loop, real commits): several
listeners, one Redis subscription between them, every event kind, resuming, the per-address cap."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.votes.conftest import NOW, make_fan, make_show
from theset.core import config, db
from theset.core.clock import get_clock
from theset.core.events import STREAM_SLOTS, StreamSlots
from theset.core.redis import get_redis
from theset.devenv import free_port
from theset.votes import live
from theset.votes.scoring import lock_started_shows

pytestmark = [pytest.mark.usefixtures("committed_db", "redis_client"), pytest.mark.timeout(120)]
WAIT_S = 20  # a failure guard only: every wait below ends as soon as its event arrives


@pytest.fixture
async def server(committed_db: AsyncEngine, redis_client: object) -> AsyncIterator[str]:
    from theset.web.app import create_app

    app = create_app(configure_logs=False)
    app.dependency_overrides[get_clock] = lambda: lambda: NOW
    port = free_port()
    srv = uvicorn.Server(
        # Keep-alive longer than httpx's 5 s idle expiry: the client always closes an idle connection
        # first, so a slow wait never leaves it reusing one the server is just dropping.
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_keep_alive=60
        )
    )
    task = asyncio.create_task(srv.serve())
    async with asyncio.timeout(WAIT_S):
        while not srv.started:
            await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    await task


class Listener:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.lines = response.aiter_lines()

    async def next(self) -> tuple[int, str, dict[str, Any]]:
        """The next event (heartbeat comments skipped): id, event name, data."""
        fields: dict[str, str] = {}
        async with asyncio.timeout(WAIT_S):
            async for line in self.lines:
                if not line:
                    if "data" in fields:
                        return int(fields["id"]), fields["event"], orjson.loads(fields["data"])
                    continue
                if line.startswith(":"):
                    continue
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
        raise AssertionError("stream ended")


@asynccontextmanager
async def listen(
    url: str, show_id: uuid.UUID, headers: dict[str, str] | None = None
) -> AsyncIterator[Listener]:
    async with (
        httpx.AsyncClient(base_url=url, timeout=WAIT_S) as http,
        http.stream("GET", f"/api/shows/{show_id}/stream", headers=headers or {}) as response,
    ):
        assert response.status_code == 200, await response.aread()
        yield Listener(response)


async def _numsub(channel: str) -> int:
    [(_, count)] = await get_redis().pubsub_numsub(channel)
    return int(count)


async def _until(predicate: Any) -> None:
    async with asyncio.timeout(WAIT_S):
        while not await predicate():
            await asyncio.sleep(0.02)


async def test_several_listeners_share_one_subscription_and_get_every_event(server: str) -> None:
    async with db.session_scope() as session:
        f = await make_show(session, starts_at=NOW + timedelta(hours=1))
        _, fan = await make_fan(session)
    first, second = str(f.songs[0].id), str(f.songs[1].id)
    async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http:
        voted = await http.post(f"/api/shows/{f.show.id}/votes", json={"setlistSongId": first}, headers=fan)
        assert voted.status_code == 200, voted.text
        async with (
            listen(server, f.show.id, fan) as mine,
            listen(server, f.show.id) as a,
            listen(server, f.show.id) as b,
        ):
            snapshots = [await listener.next() for listener in (mine, a, b)]
            for _, name, data in snapshots:
                assert name == data["type"] == "snapshot"
                assert [s["votes"] for s in data["setlists"]["predicted"]["songs"]][:2] == [1, 0]
            assert snapshots[0][2]["setlists"]["predicted"]["songs"][0]["voted"] is True
            assert snapshots[1][2]["setlists"]["predicted"]["songs"][0]["voted"] is False
            assert await _numsub(live.channel(f.show.id)) == 1  # one connection for three listeners

            voted = await http.post(
                f"/api/shows/{f.show.id}/votes", json={"setlistSongId": second}, headers=fan
            )
            assert voted.status_code == 200, voted.text
            for listener in (mine, a, b):
                ident, name, data = await listener.next()
                assert name == "votes" and data == {"type": "votes", "counts": {second: 1}}
                assert ident > snapshots[0][0]

            added = await http.post(
                f"/api/shows/{f.show.id}/songs", json={"songId": str(f.catalog[0].id)}, headers=fan
            )
            assert added.status_code == 201, added.text
            for listener in (mine, a, b):
                _, name, data = await listener.next()
                assert name == "song-added" and data["setlistSongId"] == added.json()["setlistSongId"]
                assert data["votes"] == 1 and data["title"] == f.catalog[0].name

            await lock_started_shows(NOW + timedelta(hours=1))
            for listener in (mine, a, b):
                assert (await listener.next())[1:] == ("locked", {"type": "locked"})
    await _until(lambda: _zero(live.channel(f.show.id)))  # closing the pages freed the subscription


async def _zero(channel: str) -> bool:
    return await _numsub(channel) == 0


async def test_last_event_id_resumes_or_sends_a_fresh_snapshot(server: str) -> None:
    async with db.session_scope() as session:
        f = await make_show(session)
        _, fan = await make_fan(session)
    async with listen(server, f.show.id) as listener:
        seen, _, _ = await listener.next()
    async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http:
        for entry in f.songs[:2]:
            voted = await http.post(
                f"/api/shows/{f.show.id}/votes", json={"setlistSongId": str(entry.id)}, headers=fan
            )
            assert voted.status_code == 200, voted.text
        added = await http.post(
            f"/api/shows/{f.show.id}/songs", json={"songId": str(f.catalog[0].id)}, headers=fan
        )
        assert added.status_code == 201, added.text
    async with listen(server, f.show.id, {"Last-Event-ID": str(seen)}) as resumed:
        missed = [await resumed.next()]
        while missed[-1][1] != "song-added":
            missed.append(await resumed.next())
    assert [ident for ident, _, _ in missed] == list(range(seen + 1, seen + 1 + len(missed)))
    assert {name for _, name, _ in missed} == {"votes", "song-added"}
    async with listen(server, f.show.id, {"Last-Event-ID": "999999"}) as unknown:
        assert (await unknown.next())[1] == "snapshot"


@pytest.fixture
def two_streams_per_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSE_MAX_STREAMS_PER_ADDRESS", "2")
    config.reset_settings_cache()  # conftest forgets it again once monkeypatch has restored the env


@pytest.mark.usefixtures("two_streams_per_address")
async def test_streams_per_address_are_capped(server: str) -> None:
    async with db.session_scope() as session:
        f = await make_show(session)
    async with listen(server, f.show.id) as one, listen(server, f.show.id) as two:
        await one.next()
        await two.next()
        async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http:
            third = await http.get(f"/api/shows/{f.show.id}/stream")
        assert third.status_code == 429 and third.json()["error"]["code"] == "rate_limited"
        async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http:
            assert (await http.get(f"/api/shows/{uuid.uuid4()}/stream")).status_code == 404


@pytest.mark.usefixtures("two_streams_per_address")
async def test_the_cap_counts_the_streams_other_web_processes_hold(server: str) -> None:
    async with db.session_scope() as session:
        f = await make_show(session)
    # Another web process's stream from this address (its own StreamSlots): a slot in the shared count.
    async with StreamSlots().hold("127.0.0.1", lifetime_s=60), listen(server, f.show.id) as mine:
        await mine.next()
        async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http:
            refused = await http.get(f"/api/shows/{f.show.id}/stream")
        assert refused.status_code == 429
    await _until(lambda: _slots_free("127.0.0.1"))  # every stream that ended gave its slot back
    async with listen(server, f.show.id) as again:
        assert (await again.next())[1] == "snapshot"


async def _slots_free(address: str) -> bool:
    return await STREAM_SLOTS.count(address) == 0


async def test_a_burst_of_votes_is_coalesced_and_a_late_count_never_wins(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The flush that follows the first vote is captured and run by hand: no timer decides the outcome.
    monkeypatch.setenv("VOTE_EVENTS_COALESCE_MS", "60000")
    config.reset_settings_cache()
    flushes: list[Any] = []
    monkeypatch.setattr(live, "spawn", flushes.append)
    show_id, song = uuid.uuid4(), uuid.uuid4()
    from theset.core.events import get_hub

    async with get_hub().listen(live.channel(show_id)) as listener:
        for version in range(1, 21):
            await live.count_changed(show_id, song, version, version)
        await live.count_changed(show_id, song, 3, 3)  # committed earlier, announced late
        first = await asyncio.wait_for(listener.get(), WAIT_S)
        assert len(flushes) == 1  # one flush round for the whole burst
        monkeypatch.setenv("VOTE_EVENTS_COALESCE_MS", "10")
        config.reset_settings_cache()
        await flushes[0]
        second = await asyncio.wait_for(listener.get(), WAIT_S)
    assert first is not None and first.data == {"type": "votes", "counts": {str(song): 1}}
    assert second is not None and second.data == {"type": "votes", "counts": {str(song): 20}}
    assert second.id == first.id + 1


async def test_the_stream_sends_heartbeats_and_ends_at_its_maximum_lifetime(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with db.session_scope() as session:
        f = await make_show(session)
    monkeypatch.setenv("SSE_HEARTBEAT_SECONDS", "1")
    monkeypatch.setenv("SSE_MAX_LIFETIME_SECONDS", "2.5")
    config.reset_settings_cache()
    async with httpx.AsyncClient(base_url=server, timeout=WAIT_S) as http, asyncio.timeout(WAIT_S):
        response = await http.get(f"/api/shows/{f.show.id}/stream")  # returns once the stream ended
    assert "event: snapshot" in response.text and ": ping" in response.text

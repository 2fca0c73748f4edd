from __future__ import annotations

import asyncio
import uuid

import httpx
import orjson
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from theset.core import queue_names as q
from theset.core.queues import PRIORITY_USER, get_registry
from theset.core.redis import get_redis
from theset.imports.progress import ProgressReporter, RunSuperseded, channel
from theset.models import Artist, ImportStatus


async def _kickoff(client: httpx.AsyncClient, tm_id: str = "K8vZ9171oZ7") -> dict[str, str]:
    response = await client.post("/api/artists/import", json={"tmAttractionId": tm_id})
    assert response.status_code == 200, response.text
    return response.json()


async def _import_jobs() -> list[object]:
    return await get_registry().get(q.ARTIST_IMPORT).getJobs(["waiting", "prioritized", "active", "delayed"])


async def test_kickoff_creates_artist_and_queues_one_user_priority_job(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    body = await _kickoff(app_client)
    assert set(body) == {"artistId", "slug", "jobId"}
    artist = (await connection.execute(select(Artist).where(Artist.id == uuid.UUID(body["artistId"])))).one()
    assert artist.tm_attraction_id == "K8vZ9171oZ7" and artist.slug == body["slug"]
    [job] = await _import_jobs()
    assert job.id == body["jobId"] and job.name == "import-artist"  # type: ignore[attr-defined]
    assert job.opts["priority"] == PRIORITY_USER  # type: ignore[attr-defined]
    assert job.data == {"artistId": body["artistId"], "runId": body["jobId"]}  # type: ignore[attr-defined]
    status = await app_client.get(f"/api/artists/{body['artistId']}/status")
    assert status.status_code == 200
    assert status.json()["stage"] == "pending" and status.json()["progress"] == 0


async def test_second_request_joins_the_running_import(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    first = await _kickoff(app_client)
    second = await _kickoff(app_client)
    assert first == second
    assert len(await _import_jobs()) == 1
    count = (await connection.execute(select(func.count()).select_from(Artist))).scalar_one()
    assert count == 1


async def _job_vanishes(connection: AsyncConnection, started_seconds_ago: float) -> None:
    """Redis lost the run's job (or its enqueue never happened) `started_seconds_ago` after the run began."""
    await get_registry().get(q.ARTIST_IMPORT).obliterate(force=True)
    await connection.execute(
        ImportStatus.__table__.update().values(
            started_at=func.now() - func.make_interval(0, 0, 0, 0, 0, 0, started_seconds_ago)
        )
    )


async def test_a_run_whose_job_vanished_does_not_block_a_new_import(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    first = await _kickoff(app_client)
    await _job_vanishes(connection, started_seconds_ago=60)
    second = await _kickoff(app_client)
    assert second["artistId"] == first["artistId"] and second["jobId"] != first["jobId"]
    assert len(await _import_jobs()) == 1


async def test_a_kickoff_between_a_runs_commit_and_its_enqueue_joins_that_run(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    """The run's job is added right after the commit that opened it; a second request in that gap
    must not start a second run."""
    first = await _kickoff(app_client)
    await _job_vanishes(connection, started_seconds_ago=1)  # as if its add had not happened yet
    second = await _kickoff(app_client)
    assert second["jobId"] == first["jobId"]
    assert await _import_jobs() == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"tmAttractionId": ""},
        {"tmAttractionId": "K8v Z9"},
        {"tmAttractionId": "<script>alert(1)</script>"},
        {"tmAttractionId": "x" * 200},
        {"tmAttractionId": 12345},
        {"tmAttractionId": "K8vZ9171oZ7", "unexpected": True},
        ["K8vZ9171oZ7"],
    ],
)
async def test_malformed_kickoffs_get_a_clear_422(app_client: httpx.AsyncClient, payload: object) -> None:
    response = await app_client.post("/api/artists/import", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert not await _import_jobs()


async def test_non_json_body_is_rejected(app_client: httpx.AsyncClient) -> None:
    response = await app_client.post(
        "/api/artists/import", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"code", "message"}


async def test_status_and_stream_of_unknown_or_malformed_ids(app_client: httpx.AsyncClient) -> None:
    unknown = uuid.uuid4()
    assert (await app_client.get(f"/api/artists/{unknown}/status")).status_code == 404
    assert (await app_client.get(f"/api/artists/{unknown}/stream")).status_code == 404
    assert (await app_client.get("/api/artists/not-a-uuid/status")).status_code == 422


async def test_progress_never_goes_backwards_within_a_run(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    body = await _kickoff(app_client)
    reporter = ProgressReporter(uuid.UUID(body["artistId"]), body["jobId"])
    await reporter.update("catalog", 0.5, "half way")
    high = reporter.last_progress
    await reporter.update("shows", 0.0, "a retried phase reports a lower number")
    assert reporter.last_progress == high
    stale = ProgressReporter(uuid.UUID(body["artistId"]), "some-older-run")
    with pytest.raises(RunSuperseded):
        await stale.update("failed", 1.0, "a superseded run cannot touch the status")
    stage, progress = (await connection.execute(select(ImportStatus.stage, ImportStatus.progress))).one()
    assert stage == "shows" and progress == high


async def test_a_superseded_run_stops_instead_of_importing_again(app_client: httpx.AsyncClient) -> None:
    from theset.worker import run_until_drained

    body = await _kickoff(app_client)
    await get_registry().get(q.ARTIST_IMPORT).obliterate(force=True)
    stale_id = await get_registry().add(
        q.ARTIST_IMPORT, "import-artist", {"artistId": body["artistId"], "runId": "an-older-run"}
    )
    await run_until_drained([q.ARTIST_IMPORT], timeout_s=20)
    job = await get_registry().get(q.ARTIST_IMPORT).getJob(stale_id)
    assert job is not None and job.returnvalue == {"superseded": True} and job.attemptsMade == 1


def _parse_sse(raw: str) -> list[tuple[str | None, dict[str, object]]]:
    events = []
    for block in raw.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        data = [line[5:].strip() for line in lines if line.startswith("data:")]
        ident = next((line[3:].strip() for line in lines if line.startswith("id:")), None)
        if data:
            events.append((ident, orjson.loads("\n".join(data))))
    return events


async def test_stream_sends_current_state_then_relays_until_terminal(
    app_client: httpx.AsyncClient,
) -> None:
    body = await _kickoff(app_client)
    artist_id = uuid.UUID(body["artistId"])
    reporter = ProgressReporter(artist_id, body["jobId"])

    async def publish_later() -> None:
        # Publish once the stream has subscribed (a condition, not a guess at how long that takes).
        redis = get_redis()
        while not (await redis.pubsub_numsub(channel(artist_id)))[0][1]:
            await asyncio.sleep(0.01)
        await reporter.update("shows", 0.5, "Stored 10 shows")
        await reporter.update("completed", 1.0, "Import complete")

    publisher = asyncio.create_task(publish_later())
    async with asyncio.timeout(30):
        response = await app_client.get(f"/api/artists/{artist_id}/stream")
    await publisher
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _parse_sse(response.text)
    stages = [data["stage"] for _, data in events]
    assert stages == ["pending", "shows", "completed"]
    ids = [int(ident or 0) for ident, _ in events]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert all(set(data) == {"stage", "progress", "message", "at"} for _, data in events)
    progresses = [int(data["progress"]) for _, data in events]  # type: ignore[call-overload]
    assert progresses == sorted(progresses) and progresses[-1] == 100


async def test_stream_of_a_finished_import_sends_state_and_closes_without_starting_work(
    app_client: httpx.AsyncClient,
) -> None:
    body = await _kickoff(app_client)
    reporter = ProgressReporter(uuid.UUID(body["artistId"]), body["jobId"])
    await reporter.update("completed", 1.0, "Import complete")
    await get_registry().get(q.ARTIST_IMPORT).obliterate(force=True)
    async with asyncio.timeout(20):  # a hang guard only: the stream ends at once
        response = await app_client.get(f"/api/artists/{body['artistId']}/stream")
    [(ident, data)] = _parse_sse(response.text)
    assert data["stage"] == "completed"
    assert not await _import_jobs()  # opening the stream started nothing
    # Reconnecting with the last id it saw: nothing new to send, and the stream still ends.
    async with asyncio.timeout(20):
        again = await app_client.get(
            f"/api/artists/{body['artistId']}/stream", headers={"Last-Event-ID": str(ident)}
        )
    assert _parse_sse(again.text) == []


async def test_a_name_in_the_request_cannot_claim_a_slug(app_client: httpx.AsyncClient) -> None:
    """Slugs never change once chosen, so only Ticketmaster's name (identity phase) may pick one."""
    squat = await app_client.post(
        "/api/artists/import", json={"tmAttractionId": "K8vAAAA1", "name": "Sigur Rós"}
    )
    assert squat.status_code == 200 and squat.json()["slug"] == "tm-k8vaaaa1"
    artist = await app_client.get(f"/api/artists/{squat.json()['slug']}")
    assert artist.json()["name"] == "Sigur Rós"  # shown until the import learns the real name


async def test_placeholder_links_keep_working_after_the_slug_is_chosen(
    app_client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    body = await _kickoff(app_client, "Z7r9jZ1AdJ9uK")
    assert body["slug"] == "tm-z7r9jz1adj9uk"
    await connection.execute(
        Artist.__table__.update().where(Artist.id == uuid.UUID(body["artistId"])).values(slug="the-real-name")
    )
    response = await app_client.get(f"/api/artists/{body['slug']}")
    assert response.status_code == 200 and response.json()["slug"] == "the-real-name"


async def test_stream_sends_heartbeats_and_ends_at_its_maximum_lifetime(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from theset.core import config

    body = await _kickoff(app_client)
    monkeypatch.setenv("SSE_HEARTBEAT_SECONDS", "1")
    monkeypatch.setenv("SSE_MAX_LIFETIME_SECONDS", "4.5")  # room for 4 pings; 2 are asked for
    config.reset_settings_cache()
    async with asyncio.timeout(30):
        response = await app_client.get(f"/api/artists/{body['artistId']}/stream")
    pings = [line for line in response.text.splitlines() if line.startswith(":")]
    assert len(pings) >= 2, response.text
    assert [data["stage"] for _, data in _parse_sse(response.text)] == ["pending"]

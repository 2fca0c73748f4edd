from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from theset.core import queue_names as q
from theset.core.deps import SessionDep
from theset.core.queues import enqueue_after_commit, get_registry
from theset.models import Artist
from theset.web.app import create_app


def _app() -> FastAPI:
    app = create_app(configure_logs=False)

    @app.post("/_test/artists")
    async def create(session: SessionDep, fail: bool = False) -> dict[str, Any]:
        artist = Artist(name="Wet Leg", slug=f"wet-leg-{uuid.uuid4().hex[:6]}")
        session.add(artist)
        await session.flush()
        enqueue_after_commit(session, q.CACHE_WARM, "ping", {"artistId": str(artist.id)})
        if fail:
            raise RuntimeError("handler blew up after writing")
        return {"id": str(artist.id)}

    return app


async def _waiting() -> int:
    counts = await get_registry().get(q.CACHE_WARM).getJobCounts("waiting", "prioritized")
    return sum(counts.values())


@pytest.mark.usefixtures("redis_client")
async def test_job_is_enqueued_only_after_the_request_commits(connection: AsyncConnection) -> None:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ok = await client.post("/_test/artists")
        assert ok.status_code == 200
        assert await _waiting() == 1
        [job] = await get_registry().get(q.CACHE_WARM).getJobs(["waiting", "prioritized"])

        failed = await client.post("/_test/artists", params={"fail": "true"})
        assert failed.status_code == 500
        assert failed.json() == {"error": {"code": "internal_error", "message": "internal server error"}}
        assert "Traceback" not in failed.text

    assert await _waiting() == 1  # the failed request's job was dropped with its rollback
    count = (await connection.execute(select(func.count()).select_from(Artist))).scalar_one()
    assert count == 1
    assert job.data["artistId"] == ok.json()["id"]

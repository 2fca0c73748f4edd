"""Namesakes end to end: told apart by evidence, or imported without an MBID and saying so, even when
the run is resumed from its checkpoint after a crash."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.imports.conftest import Pipeline
from theset.admin.import_console import recent_imports
from theset.core.db import session_scope
from theset.core.queue_names import ARTIST_IMPORT
from theset.imports import orchestrator, repository
from theset.imports.context import ImportContext
from theset.imports.phases import identity
from theset.imports.phases.identity import resolve_ids
from theset.imports.progress import ProgressReporter
from theset.imports.service import request_import
from theset.models import Artist, ImportStatus
from theset.providers import open_providers
from theset.worker import run_until_drained


async def nothing_tells_them_apart(ctx: Any, attraction: Any) -> tuple[str | None, str | None, bool]:
    return None, None, True


async def _status(session: AsyncSession, artist_id: uuid.UUID) -> ImportStatus:
    stmt = select(ImportStatus).where(ImportStatus.artist_id == artist_id)
    return (await session.execute(stmt)).scalar_one()


async def assert_imported_without_mbid_saying_so(artist_id: uuid.UUID) -> ImportStatus:
    """The run completed, the artist has no MBID, and both the status and the console say why."""
    async with session_scope() as session:
        artist = await session.get(Artist, artist_id)
        status = await _status(session, artist_id)
        console = await recent_imports(session)
    assert artist is not None and artist.mbid is None and artist.import_state == "complete"
    assert status.stage == "completed"
    assert "more than one artist called Mara Lune" in (status.message or "")
    row = next(r for r in console if r.artist_id == artist_id)
    assert "more than one artist called Mara Lune" in (row.message or "")
    return status


async def test_namesakes_told_apart_by_the_ticketmaster_page(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_url_relation(ctx: Any, spotify_id: str) -> None:
        return None  # as if MusicBrainz had not linked her Spotify page yet

    monkeypatch.setattr(identity, "mbid_for_spotify", no_url_relation)
    mara = (await pipeline.artists())["mara-lune"]
    artist_id = await pipeline.run_import(mara["tmAttractionId"])
    async with session_scope() as session:
        artist = await session.get(Artist, artist_id)
    assert artist is not None and artist.mbid == mara["mbid"], "never the namesake, never the first result"


async def test_an_ambiguous_artist_is_imported_without_mbid_and_says_so(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identity, "resolve_ids", nothing_tells_them_apart)
    mara = (await pipeline.artists())["mara-lune"]
    artist_id = await pipeline.run_import(mara["tmAttractionId"])
    await assert_imported_without_mbid_saying_so(artist_id)


class WorkerKilled(Exception):
    """Stands for the SIGKILL: the job dies between two phases, after identity's checkpoint."""


async def test_the_ambiguity_note_survives_a_crash_and_resume(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def killed(ctx: Any) -> None:
        raise WorkerKilled

    mara = (await pipeline.artists())["mara-lune"]
    async with session_scope() as session:
        started = await request_import(session, mara["tmAttractionId"])
    artist_id, run_id = started.artist_id, started.job_id

    # The first worker identifies the artist (ambiguous), checkpoints, and dies in the shows phase.
    monkeypatch.setattr(identity, "resolve_ids", nothing_tells_them_apart)
    phases = list(orchestrator.PHASES)
    monkeypatch.setattr(orchestrator, "PHASES", [(n, killed if n == "shows" else p) for n, p in phases])
    async with open_providers() as providers:
        ctx = ImportContext(artist_id, run_id, providers, ProgressReporter(artist_id, run_id))
        with pytest.raises(WorkerKilled):
            await orchestrator.run_import(ctx)
    async with session_scope() as session:
        saved = await repository.checkpoint(session, artist_id, run_id)
    assert saved.phases_done == {"identity"}
    assert any("more than one artist called Mara Lune" in note for note in saved.notes)

    # The run resumes from its checkpoint in a fresh job: identity is skipped, the note still told.
    async def must_not_run(ctx: Any, attraction: Any) -> tuple[str | None, str | None, bool]:
        raise AssertionError("identity ran again instead of resuming")

    monkeypatch.setattr(identity, "resolve_ids", must_not_run)
    monkeypatch.setattr(orchestrator, "PHASES", phases)
    await run_until_drained([ARTIST_IMPORT], timeout_s=240)
    status = await assert_imported_without_mbid_saying_so(artist_id)
    assert status.job_id == run_id

    # A new run starts without the old run's notes: told apart this time, it says nothing of namesakes.
    monkeypatch.setattr(identity, "resolve_ids", resolve_ids)
    await pipeline.run_import(mara["tmAttractionId"])
    async with session_scope() as session:
        status = await _status(session, artist_id)
    assert status.job_id != run_id and status.stage == "completed"
    assert status.notes == [] and "more than one artist" not in (status.message or "")

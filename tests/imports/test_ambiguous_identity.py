"""Namesakes end to end: told apart by evidence, or imported without an MBID and saying so."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.imports.conftest import Pipeline
from theset.admin.import_console import recent_imports
from theset.core.db import session_scope
from theset.imports.phases import identity
from theset.models import Artist, ImportStatus


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
    async def nothing_tells_them_apart(ctx: Any, attraction: Any) -> tuple[str | None, str | None, bool]:
        return None, None, True

    monkeypatch.setattr(identity, "resolve_ids", nothing_tells_them_apart)
    mara = (await pipeline.artists())["mara-lune"]
    artist_id = await pipeline.run_import(mara["tmAttractionId"])
    async with session_scope() as session:
        artist = await session.get(Artist, artist_id)
        status = (
            await session.execute(select(ImportStatus).where(ImportStatus.artist_id == artist_id))
        ).scalar_one()
        console = await recent_imports(session)
    assert artist is not None and artist.mbid is None and artist.import_state == "complete"
    assert status.stage == "completed"
    assert "more than one artist called Mara Lune" in (status.message or "")
    row = next(r for r in console if r.artist_id == artist_id)
    assert "more than one artist called Mara Lune" in (row.message or "")

"""Wrap-up: seed a predicted setlist for every upcoming show that has none, mark the artist complete.

The prediction ranks the artist's catalog songs by how often setlist.fm says they were actually played in
the artist's recent shows (the strongest signal of what they play live); songs never seen live follow by
Spotify popularity where the profile has it, then by newest release — touring artists play the new album.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import update

from theset.catalog.titles import title_key
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.imports.context import ImportContext
from theset.models import Artist, Song
from theset.setlists.repository import seed_predictions, upcoming_shows_without_prediction
from theset.songs.repository import artist_songs

log = get_logger(__name__)
HISTORY_PAGES = 3
DEFAULT_SET_LENGTH = 18


async def _play_counts(ctx: ImportContext, mbid: str | None) -> tuple[Counter[str], int]:
    """How often each song (by title key) was performed, and the typical set length."""
    counts: Counter[str] = Counter()
    lengths: list[int] = []
    if not mbid:
        return counts, DEFAULT_SET_LENGTH
    async for setlist in ctx.providers.setlistfm.iter_artist_setlists(mbid, max_pages=HISTORY_PAGES):
        performed = [s.name for s in setlist.songs if s.name and not s.tape]
        if performed:
            lengths.append(len(performed))
        counts.update({title_key(name) for name in performed})
    typical = sorted(lengths)[len(lengths) // 2] if lengths else DEFAULT_SET_LENGTH
    return counts, max(5, min(typical, 40))


def rank_songs(songs: list[Song], plays: Counter[str], limit: int) -> list[Song]:
    def score(song: Song) -> tuple[int, int, str, str]:
        key = song.normalized_name or title_key(song.name)
        return (-plays.get(key, 0), -(song.popularity or 0), _negated(song.release_date or ""), song.name)

    studio = [s for s in songs if not s.is_live]
    return sorted(studio, key=score)[:limit]


def _negated(release_date: str) -> str:
    # Sort newest first inside an ascending sort key.
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in release_date)


async def run(ctx: ImportContext) -> None:
    await ctx.progress("wrapup", 0.0, "Predicting setlists for upcoming shows")
    async with session_scope() as session:
        artist = await session.get(Artist, ctx.artist_id)
        assert artist is not None
        mbid = artist.mbid
        shows = await upcoming_shows_without_prediction(session, ctx.artist_id, date.today())
        songs = await artist_songs(session, ctx.artist_id) if shows else []
    seeded, plays = 0, Counter[str]()
    if shows:  # setlist.fm history only when a show needs a prediction: most 6-hourly syncs seed nothing
        plays, set_length = await _play_counts(ctx, mbid)
        chosen = [(s.id, s.name) for s in rank_songs(songs, plays, set_length)]
        async with session_scope() as session:  # a concurrent run may have seeded some: they are skipped
            seeded = await seed_predictions(session, shows, chosen)
    await ctx.progress("wrapup", 0.7, f"Seeded {seeded} predicted setlists")
    now = datetime.now(UTC)
    async with session_scope() as session:
        await session.execute(
            update(Artist)
            .where(Artist.id == ctx.artist_id)
            .values(import_state="complete", last_synced_at=now)
        )
    ctx.stats["wrapup"] = {"predictedSetlists": seeded, "historySongs": len(plays)}
    await ctx.progress("wrapup", 1.0, "Wrapping up")

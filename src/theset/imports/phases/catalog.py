"""Catalog, studio only: every album and single, their tracks and ISRCs, live recordings excluded,
duplicates merged (classification and merging are the pure functions in catalog/classify.py and
catalog/dedupe.py).

Incremental: the album list is read every time (cheap), but album details, track details and audio
features are fetched only for albums this artist has not had read before; songs already stored take part
in the merge as they are, so a new deluxe edition folds into the songs it duplicates.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from theset.artists import repository as artists
from theset.catalog.dedupe import MergedSong, studio_catalog
from theset.catalog.text import fold_words
from theset.catalog.titles import Kind, parse_title
from theset.catalog.types import AlbumInfo, TrackInfo, is_original_studio_group, normalise_isrc
from theset.core.db import session_scope
from theset.core.logging import get_logger
from theset.history import service as history
from theset.imports.context import ImportContext
from theset.imports.phases.identity import spotify_for_mbid, unique_match
from theset.models import Song
from theset.providers.errors import UpstreamNotFound
from theset.providers.types import MbRelease, SpotifyAlbum, SpotifyTrack
from theset.songs.repository import artist_songs, upsert_songs

log = get_logger(__name__)
# Albums per round: the batch endpoint's maximum where the profile has it. Without batch endpoints every
# album and track is its own call, so smaller rounds keep the progress bar moving.
ALBUM_BATCH = {"extended": 20, "development": 3}
# MusicBrainz release-group types by folded album title: (primary type, secondary types).
MbAlbumTypes = dict[str, tuple[str | None, tuple[str, ...]]]


@dataclass(frozen=True)
class MbCatalog:
    """What MusicBrainz knows about the discography, all from one release browse: release-group types and
    release-group ids by (folded) release title, and each recording's disambiguation by ISRC ("live,
    1998-12-14: Telewest Arena…" marks a live take)."""

    album_types: MbAlbumTypes = field(default_factory=dict)
    disambiguation_by_isrc: dict[str, str] = field(default_factory=dict)
    # Only titles that name one release group: a title two groups share says nothing about either.
    group_ids: dict[str, str] = field(default_factory=dict)

    def describe(self, album: AlbumInfo) -> AlbumInfo:
        """`album` with what MusicBrainz says about the release of that title."""
        title = fold_words(album.name)
        if title not in self.album_types:
            title = edition_base(album.name) or title
        primary, secondary = self.album_types.get(title, (None, ()))
        return replace(
            album,
            mb_primary_type=primary,
            mb_secondary_types=secondary,
            mb_release_group_id=self.group_ids.get(title),
        )


_NOT_A_REISSUE = re.compile(r"version|re-?record|vault", re.IGNORECASE)


def edition_base(name: str) -> str | None:
    """The folded title of the album an edition reissues, when every qualifier only names the edition:
    Spotify's "Nevermind (Deluxe Edition)" or "… (2011 Remaster)" is MusicBrainz's release "Nevermind".
    Never for a re-recording ("Taylor's Version", "Re-Recorded"): another recording, another group."""
    parsed = parse_title(name)
    pieces = parsed.pieces
    if not pieces or any(p.kind is not Kind.EDITION or _NOT_A_REISSUE.search(p.text) for p in pieces):
        return None
    return fold_words(parsed.base) or None


def album_info(album: SpotifyAlbum, mb: MbCatalog) -> AlbumInfo:
    return mb.describe(
        AlbumInfo(
            spotify_id=album.id,
            name=album.name,
            album_type=album.album_type or "album",
            release_date=album.release_date or "",
            total_tracks=int(album.total_tracks or 0),
        )
    )


def track_info(
    track: SpotifyTrack, album: AlbumInfo, full: SpotifyTrack | None, liveness: float | None
) -> TrackInfo:
    """`track` as an album lists it; `full` the same track from GET /tracks (ISRC, popularity), if read."""
    return TrackInfo(
        spotify_id=track.id,
        name=track.name,
        duration_ms=int(track.duration_ms or 0),
        album=album,
        isrc=full.isrc if full else None,
        track_number=int(track.track_number or 1),
        disc_number=int(track.disc_number or 1),
        popularity=full.popularity if full else None,
        liveness=liveness,
        artist_names=track.artist_names,
    )


def stored_track(song: Song, mb: MbCatalog) -> TrackInfo:
    """A song already in the catalog, as the merge sees it. It keeps its studio verdict: only a plain
    studio album's release group is added (never a Live or Remix type that would re-judge it), so a
    reissue read later still finds the original it reissues."""
    album = AlbumInfo(
        spotify_id=song.album_spotify_id or f"stored:{song.id}",
        name=song.album_name or "",
        album_type=song.album_type or "album",
        release_date=song.release_date or "",
        total_tracks=0,
    )
    described = mb.describe(album)
    if song.album_spotify_id and is_original_studio_group(described):
        album = described
    return TrackInfo(
        spotify_id=song.spotify_id or str(song.id),
        name=song.name,
        duration_ms=song.duration_ms or 0,
        album=album,
        isrc=song.isrc,
        popularity=song.popularity,
    )


def song_row(song: MergedSong, previous_ids: set[str], key: str) -> dict[str, object]:
    rep = song.representative
    return {
        "spotify_id": key,
        "isrc": song.isrcs[0] if rep.isrc is None and song.isrcs else rep.isrc,
        "name": song.title[:500],
        "normalized_name": song.title_key[:500],
        "album_name": rep.album.name[:500] or None,
        "album_spotify_id": None if rep.album.spotify_id.startswith("stored:") else rep.album.spotify_id,
        "album_type": rep.album.album_type,
        "release_date": rep.album.release_date[:10] or None,
        "popularity": rep.popularity,
        "duration_ms": rep.duration_ms or None,
        "is_live": False,
        "is_remix": song.is_remix,
        "merged_spotify_ids": sorted(set(song.member_ids) | previous_ids),
    }


async def _mb_catalog(ctx: ImportContext, mbid: str | None) -> MbCatalog:
    """One release browse (recordings, ISRCs, release groups) instead of a lookup per track."""
    if not mbid:
        return MbCatalog()
    return mb_catalog(await ctx.providers.musicbrainz.get_releases(mbid))


def mb_catalog(releases: list[MbRelease]) -> MbCatalog:
    album_types: MbAlbumTypes = {}
    groups: dict[str, set[str]] = {}  # folded title -> ids of the release groups a release of it is in
    seen: dict[str, set[str]] = {}  # ISRC -> disambiguations of every recording carrying it
    for release in releases:
        group = release.release_group
        if group is not None:
            types = (group.primary_type, tuple(group.secondary_types))
            for title in (fold_words(release.title), fold_words(group.title)):
                album_types.setdefault(title, types)
                groups.setdefault(title, set()).add(group.id)
        for recording, isrcs in release.recordings:
            for key in filter(None, map(normalise_isrc, isrcs)):
                seen.setdefault(key, set()).add(recording.disambiguation or "")
    # Only an ISRC whose recordings all say the same thing: one ISRC wrongly given to a studio and a live
    # recording must not drop the studio track.
    unanimous = {isrc: next(iter(d)) for isrc, d in seen.items() if len(d) == 1 and "" not in d}
    group_ids = {title: next(iter(ids)) for title, ids in groups.items() if len(ids) == 1}
    return MbCatalog(album_types, unanimous, group_ids)


async def _fetch_new_tracks(
    ctx: ImportContext, albums: list[SpotifyAlbum], known_tracks: set[str], mb: MbCatalog
) -> list[TrackInfo]:
    spotify = ctx.providers.spotify
    tracks: list[TrackInfo] = []
    done = 0
    while done < len(albums):
        # Unknown profile: try the batch size; the first call teaches the client which profile it has.
        chunk = albums[done : done + ALBUM_BATCH.get(await spotify.profile() or "extended", 3)]
        detailed = await spotify.get_albums_with_tracks([a.id for a in chunk])
        pairs = [(album_info(a, mb), t) for a in detailed for t in a.tracks if t.id not in known_tracks]
        ids = [t.id for _, t in pairs]
        full = {t.id: t for t in await spotify.get_tracks(ids)} if ids else {}
        features = await spotify.get_audio_features(ids) if ids else None
        for album, track in pairs:
            liveness = features.get(track.id) if features else None
            info = track_info(track, album, full.get(track.id), liveness)
            isrc = normalise_isrc(info.isrc)
            if isrc in mb.disambiguation_by_isrc:
                info = replace(info, mb_recording_disambiguation=mb.disambiguation_by_isrc[isrc])
            tracks.append(info)
        done += len(chunk)
        await ctx.progress(
            "catalog", 0.1 + 0.8 * done / len(albums), f"Read {done} of {len(albums)} new releases"
        )
    return tracks


async def run(ctx: ImportContext) -> None:
    await ctx.progress("catalog", 0.0, "Reading the studio catalog from Spotify")
    async with session_scope() as session:
        artist = await artists.get_for_job(session, ctx.artist_id)
        spotify_id, mbid, known_albums = artist.spotify_id, artist.mbid, set(artist.catalog_album_ids or [])
        existing = await artist_songs(session, ctx.artist_id)
    if not spotify_id:
        ctx.stats["catalog"] = {"skipped": "no Spotify artist"}
        await ctx.progress("catalog", 1.0, "No Spotify artist found; catalog skipped")
        return
    found = await _album_list(ctx, spotify_id, mbid)
    if found is None:
        ctx.stats["catalog"] = {"skipped": "Spotify artist not found"}
        ctx.note(
            "Spotify no longer knows this artist's page, so the shows were imported without a song catalog"
        )
        await ctx.progress("catalog", 1.0, "Spotify does not know this artist; shows imported without songs")
        return
    albums = found
    new_albums = [a for a in albums if a.id not in known_albums]
    await ctx.progress("catalog", 0.1, f"{len(albums)} releases, {len(new_albums)} new")
    known_tracks = {
        sid for s in existing for sid in (s.merged_spotify_ids or []) + [s.spotify_id or ""] if sid
    }
    # MusicBrainz is read only when there is something new to classify and merge.
    mb = await _mb_catalog(ctx, mbid) if new_albums else MbCatalog()
    new_tracks = await _fetch_new_tracks(ctx, new_albums, known_tracks, mb) if new_albums else []
    stored = await _store(ctx.artist_id, existing, new_tracks, [a.id for a in albums], mb)
    ctx.stats["catalog"] = {
        "albums": len(albums),
        "newAlbums": len(new_albums),
        "newTracks": len(new_tracks),
        **stored,
    }
    await ctx.progress("catalog", 1.0, f"Catalog ready: {stored['songs']} studio songs")


async def _album_list(ctx: ImportContext, spotify_id: str, mbid: str | None) -> list[SpotifyAlbum] | None:
    """The artist's releases. A dead Spotify link (404: a stale or merged artist page) is not fatal: the
    artist is found again through MusicBrainz's url-rels or a name search, and None means nobody found."""
    try:
        return [a async for a in ctx.providers.spotify.iter_artist_albums(spotify_id)]
    except UpstreamNotFound as exc:
        log.warning("spotify artist not found; resolving again", artist_id=str(ctx.artist_id), error=str(exc))
    replacement = await _replacement_spotify_id(ctx, spotify_id, mbid)
    async with session_scope() as session:
        # The dead id goes either way, so the next sync does not stumble on it again.
        await artists.set_spotify_id(session, ctx.artist_id, replacement)
    if replacement is None:
        return None
    try:
        return [a async for a in ctx.providers.spotify.iter_artist_albums(replacement)]
    except UpstreamNotFound as exc:
        log.warning("replacement spotify artist not found either", error=str(exc))
        return None


async def _replacement_spotify_id(ctx: ImportContext, dead: str, mbid: str | None) -> str | None:
    candidate = await spotify_for_mbid(ctx, mbid) if mbid else None
    if candidate is None or candidate == dead:
        async with session_scope() as session:
            name = (await artists.get_for_job(session, ctx.artist_id)).name
        match = unique_match(name, await ctx.providers.spotify.search_artist(name)) if name else None
        candidate = match.id if match else None
    if candidate is None or candidate == dead:
        return None
    async with session_scope() as session:
        owner = await artists.id_with(session, "spotify_id", candidate)
    return candidate if owner in (None, ctx.artist_id) else None


async def _store(
    artist_id: uuid.UUID,
    existing: list[Song],
    new_tracks: list[TrackInfo],
    album_ids: list[str],
    mb: MbCatalog,
) -> dict[str, int]:
    if not new_tracks:  # nothing to merge in: the stored catalog stands (most 6-hourly syncs)
        async with session_scope() as session:
            await artists.mark_catalog_read(session, artist_id, album_ids, datetime.now(UTC))
        return {"songs": len(existing), "liveDropped": 0}
    previous = {s.spotify_id: set(s.merged_spotify_ids or []) for s in existing if s.spotify_id}
    catalog = studio_catalog([*(stored_track(s, mb) for s in existing), *new_tracks])
    rows = []
    for song in catalog.songs:
        prior = set().union(*(previous.get(member, set()) for member in song.member_ids))
        # A song already stored keeps its row (and its votes) even if the merge now prefers another copy.
        stored_keys = sorted(member for member in song.member_ids if member in previous)
        rows.append(song_row(song, prior, stored_keys[0] if stored_keys else song.spotify_id))
    async with session_scope() as session:
        await upsert_songs(session, artist_id, rows)
        await history.relink(session, artist_id)  # past setlists may name songs the catalog just gained
        await artists.mark_catalog_read(session, artist_id, album_ids, datetime.now(UTC))
    return {"songs": len(rows), "liveDropped": len(catalog.live)}

"""The simulator's artists as the predictor sees them, in process: for bench_predictions and the tests.

History: the simulator's setlist.fm JSON through the real parser and the real catalog linking. Catalog:
the artist's studio songs (first issue of each title, its best Spotify popularity), as an import with
Spotify's `extended` profile stores them.
"""

from __future__ import annotations

import uuid
from datetime import date

from theset.catalog.titles import title_key
from theset.history.entries import song_rows
from theset.predictions.predictor import CatalogSong, PastShow, PlayedSong
from theset.providers.setlistfm import parse_setlist
from theset_simulator.catalog import Catalog


def _catalog(catalog: Catalog, key: str) -> list[CatalogSong]:
    songs: dict[str, CatalogSong] = {}
    for album in sorted(catalog.artist(key).own_albums, key=lambda a: a.day):
        for track in album.tracks:
            if track.version != "original" or track.is_live:
                continue
            song_key = title_key(track.recording.title)
            seen = songs.get(song_key)
            popularity = max(track.popularity, seen.popularity or 0) if seen else track.popularity
            songs[song_key] = CatalogSong(
                id=song_key,
                title=track.recording.title,
                released=seen.released if seen else album.day,
                album=seen.album if seen else album.name,
                album_type=seen.album_type if seen else album.album_type,
                popularity=popularity,
            )
    return list(songs.values())


def artist_data(catalog: Catalog, key: str) -> tuple[list[PastShow], list[CatalogSong]]:
    songs = _catalog(catalog, key)
    ids = {c.id: uuid.uuid5(uuid.NAMESPACE_URL, c.id) for c in songs}
    back = {v: k for k, v in ids.items()}
    history = []
    for raw in catalog.artist(key).setlists:
        setlist = parse_setlist(raw)
        if setlist is None or setlist.event_date is None:
            continue
        rows = [r for r in song_rows(setlist, ids) if not r["is_tape"]]
        played = tuple(
            PlayedSong(back[r["song_id"]] if r["song_id"] else None, bool(r["encore"])) for r in rows
        )
        history.append(PastShow(setlist.event_date, setlist.tour, played))
    return history, songs


def simulator_catalog(seed: int = 2026, today: date = date(2026, 6, 1)) -> Catalog:
    return Catalog(seed, today)

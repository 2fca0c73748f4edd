"""What a perfect import of one artist would store, from the catalog (GET /_sim/truth/{tmAttractionId}).

A duplicate group is one studio recording issued as several Spotify tracks: album, single, deluxe, compilation
and remaster copies, whether they share an ISRC or not (MusicBrainz keeps remasters as the same recording).
Remixes, acoustic versions and demos are recordings of their own, so each is its own song; live takes are not
studio songs at all. `studio_song_count` is the number of songs a perfect studio-only import stores.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from theset_simulator.catalog import Catalog


def artist_summary(catalog: Catalog, key: str) -> dict[str, Any]:
    spec, ident = catalog.specs[key], catalog.identities[key]
    return {
        "key": key,
        "name": spec.name,
        "profile": spec.profile,
        "tmAttractionId": ident.tm_id,
        "spotifyId": ident.spotify_id,
        "mbid": ident.mbid,
        "tmExternalLinks": list(spec.tm_links),
        "upcomingEvents": spec.events,
    }


def artist_truth(catalog: Catalog, key: str) -> dict[str, Any]:
    data = catalog.artist(key)
    tracks: list[dict[str, Any]] = []
    songs: defaultdict[str, list[str]] = defaultdict(list)
    albums = data.own_albums
    for album in albums:
        for track in album.tracks:
            rec = track.recording
            tracks.append(
                {
                    "id": track.id,
                    "album_id": album.id,
                    "name": track.name,
                    "recording_id": rec.id if rec.in_musicbrainz else None,
                    "isrc": track.isrc,
                    "is_live": track.is_live,
                    "is_remix": track.is_remix,
                    "version": track.version,
                }
            )
            if not track.is_live:
                songs[rec.id].append(track.id)
    live = sum(1 for t in tracks if t["is_live"])
    billed = [event for event, _headliner in catalog.billed_events(key)]
    return {
        "artist": artist_summary(catalog, key),
        # Every event the artist plays, support slots included; `headlined_events` only its own.
        "events": [event.id for event in billed],
        "headlined_events": [event.id for event in data.events],
        "tba_tbd_events": [event.id for event in billed if event.date_tba or event.date_tbd],
        "setlists": [setlist["id"] for setlist in data.setlists],
        "tracks": tracks,
        "duplicate_groups": [group for group in songs.values() if len(group) > 1],
        "studio_song_count": len(songs),
        "counts": {
            "albums": len(albums),
            "appears_on_albums": len(data.albums) - len(albums),
            "tracks": len(tracks),
            "live_tracks": live,
            "studio_tracks": len(tracks) - live,
            "events": len(billed),
            "setlists": len(data.setlists),
            "release_groups": sum(1 for g in data.release_groups if g.in_musicbrainz),
        },
    }

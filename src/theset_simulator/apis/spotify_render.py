"""Spotify Web API JSON shapes; `development` drops the fields removed in February 2026."""

from __future__ import annotations

import random
from typing import Any
from urllib.parse import urlencode

from theset_simulator.catalog import Catalog
from theset_simulator.model import Album, ArtistData, Track

MARKETS = ["CA", "DE", "GB", "MX", "SE", "US"]
OPEN = "https://open.spotify.com"


class Renderer:
    def __init__(self, catalog: Catalog, base: str, extended: bool) -> None:
        self.catalog = catalog
        self.base = base  # links point back at whatever host served the request, as Spotify's do
        self.extended = extended

    def artist_ref(self, spotify_id: str) -> dict[str, Any]:
        return {
            "external_urls": {"spotify": f"{OPEN}/artist/{spotify_id}"},
            "href": f"{self.base}/artists/{spotify_id}",
            "id": spotify_id,
            "name": self.catalog.spotify_name(spotify_id),
            "type": "artist",
            "uri": f"spotify:artist:{spotify_id}",
        }

    def artist(self, spotify_id: str, data: ArtistData | None) -> dict[str, Any]:
        body = self.artist_ref(spotify_id)
        body["genres"] = data.genres if data else []
        body["images"] = _images(spotify_id)
        if self.extended:  # removed from development mode in 2026
            body["followers"] = {"href": None, "total": data.followers if data else 1200}
            body["popularity"] = data.popularity if data else 12
        return body

    def album(self, album: Album, full: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "album_type": album.album_type,
            "total_tracks": len(album.tracks),
            "external_urls": {"spotify": f"{OPEN}/album/{album.id}"},
            "href": f"{self.base}/albums/{album.id}",
            "id": album.id,
            "images": _images(album.id),
            "name": album.name,
            "release_date": album.release_date,
            "release_date_precision": album.precision,
            "type": "album",
            "uri": f"spotify:album:{album.id}",
            "artists": [self.artist_ref(a) for a in album.artist_ids],
        }
        if self.extended:
            body["available_markets"] = MARKETS
        if full:
            body["tracks"] = self.paging(
                f"albums/{album.id}/tracks",
                {},
                [self.track(t) for t in album.tracks[:50]],
                50,
                0,
                len(album.tracks),
            )
            body["copyrights"] = [{"text": f"(P) {album.release_date[:4]} {album.label}", "type": "P"}]
            body["external_ids"] = {"upc": album.upc}
            body["genres"] = []
            if self.extended:
                body["label"] = album.label
                body["popularity"] = album.popularity
        return body

    def track(self, track: Track, album: Album | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "artists": [self.artist_ref(a) for a in track.artist_ids],
            "disc_number": track.disc_number,
            "duration_ms": track.duration_ms,
            "explicit": track.explicit,
            "external_urls": {"spotify": f"{OPEN}/track/{track.id}"},
            "href": f"{self.base}/tracks/{track.id}",
            "id": track.id,
            "is_local": False,
            "name": track.name,
            "preview_url": None,
            "track_number": track.track_number,
            "type": "track",
            "uri": f"spotify:track:{track.id}",
        }
        if self.extended:
            body["available_markets"] = MARKETS
        if album is not None:  # the full Track object
            body["album"] = self.album(album)
            body["external_ids"] = {"isrc": track.isrc}  # kept in development mode by the March 2026 revert
            if self.extended:
                body["popularity"] = track.popularity
        return body

    def audio_features(self, track: Track) -> dict[str, Any]:
        rng = random.Random(track.id)
        return {
            "acousticness": round(rng.random(), 4),
            "analysis_url": f"{self.base}/audio-analysis/{track.id}",
            "danceability": round(rng.uniform(0.2, 0.9), 3),
            "duration_ms": track.duration_ms,
            "energy": round(rng.uniform(0.2, 0.95), 3),
            "id": track.id,
            "instrumentalness": round(rng.random() * 0.2, 4),
            "key": rng.randint(0, 11),
            "liveness": round(track.liveness, 4),
            "loudness": round(rng.uniform(-14, -3), 3),
            "mode": rng.randint(0, 1),
            "speechiness": round(rng.uniform(0.02, 0.2), 4),
            "tempo": round(rng.uniform(70, 170), 3),
            "time_signature": 4,
            "track_href": f"{self.base}/tracks/{track.id}",
            "type": "audio_features",
            "uri": f"spotify:track:{track.id}",
            "valence": round(rng.random(), 3),
        }

    def paging(
        self,
        path: str,
        query: dict[str, str],
        items: list[dict[str, Any]],
        limit: int,
        offset: int,
        total: int,
    ) -> dict[str, Any]:
        def href(at: int) -> str:
            return f"{self.base}/{path}?{urlencode({**query, 'offset': at, 'limit': limit})}"

        return {
            "href": href(offset),
            "items": items,
            "limit": limit,
            "next": href(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "previous": href(max(0, offset - limit)) if offset > 0 else None,
            "total": total,
        }


def _images(seed_id: str) -> list[dict[str, Any]]:
    return [
        {
            "height": size,
            "url": f"https://i.scdn.co/image/ab67616d0000{size:04d}{seed_id[:20].lower()}",
            "width": size,
        }
        for size in (640, 300, 64)
    ]

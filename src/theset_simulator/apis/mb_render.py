"""MusicBrainz WS/2 JSON shapes: artists with url-rels, release groups with secondary types, recordings."""

from __future__ import annotations

import uuid
from typing import Any

from theset_simulator.catalog import Catalog
from theset_simulator.model import Album, Recording, ReleaseGroup
from theset_simulator.setlists import slug, sort_name

FREE_STREAMING = "769085a1-c2f7-4c24-a532-2375a77693bd"
TICKETING = "d94fb61c-fa20-4e3c-a19a-71a949fb2c55"
HOMEPAGE = "fe33d22f-c3b0-4d68-bd53-a856badf2b15"
PERFORMANCE = "a3005666-a872-32c3-ad06-98af558e99b0"
NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def artist_urls(catalog: Catalog, key: str) -> list[tuple[str, str, str]]:
    """(type, type-id, url) of every url relation MusicBrainz holds for the artist."""
    spec, ident = catalog.specs[key], catalog.identities[key]
    return [
        ("free streaming", FREE_STREAMING, f"https://open.spotify.com/artist/{ident.spotify_id}"),
        # A Ticketmaster *website* page, not a Discovery attraction id: match it against attraction.url.
        (
            "ticketing",
            TICKETING,
            f"https://www.ticketmaster.com/{slug(spec.name)}-tickets/artist/{ident.tm_web_number}",
        ),
        ("official homepage", HOMEPAGE, f"https://www.{slug(spec.name).replace('-', '')}.com/"),
    ]


def artist_json(catalog: Catalog, key: str, url_rels: bool) -> dict[str, Any]:
    spec, ident = catalog.specs[key], catalog.identities[key]
    body: dict[str, Any] = {
        "id": ident.mbid,
        "name": spec.name,
        "sort-name": sort_name(spec.name, spec.kind),
        "type": spec.kind,
        "country": spec.country,
        "disambiguation": "",
        "life-span": {"begin": str(spec.debut_year - 2), "end": None, "ended": False},
    }
    if url_rels:
        body["relations"] = [
            {
                "type": kind,
                "type-id": type_id,
                "target-type": "url",
                "direction": "forward",
                "attributes": [],
                "begin": None,
                "end": None,
                "ended": False,
                "source-credit": "",
                "target-credit": "",
                "url": {"id": stable_uuid("url", url), "resource": url},
            }
            for kind, type_id, url in artist_urls(catalog, key)
        ]
    return body


def namesake_mbid(catalog: Catalog, key: str) -> str:
    return stable_uuid("namesake", str(catalog.seed), catalog.identities[key].mbid)


def namesake_json(catalog: Catalog, key: str, url_rels: bool) -> dict[str, Any]:
    """Another artist of exactly the same name: another country, another era, no streaming or ticketing
    links. A name search alone cannot tell the two apart."""
    spec = catalog.specs[key]
    body: dict[str, Any] = {
        "id": namesake_mbid(catalog, key),
        "name": spec.name,
        "sort-name": sort_name(spec.name, spec.kind),
        "type": spec.kind,
        "country": "AU" if spec.country != "AU" else "NZ",
        "disambiguation": "",
        "life-span": {"begin": "1971", "end": "1994", "ended": True},
    }
    if url_rels:
        body["relations"] = []
    return body


def release_group_json(group: ReleaseGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "title": group.title,
        "primary-type": group.primary_type,
        "primary-type-id": stable_uuid("rg-type", group.primary_type),
        "secondary-types": group.secondary_types,
        "secondary-type-ids": [stable_uuid("rg-type", t) for t in group.secondary_types],
        "first-release-date": group.first_release_date,
        "disambiguation": "",
    }


def release_json(album: Album, group: ReleaseGroup | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": stable_uuid("release", album.id),
        "title": album.name,
        "status": "Official",
        "date": album.release_date,
        "country": "XW",
        "disambiguation": "",
    }
    if group is not None:
        body["release-group"] = release_group_json(group)
    return body


def browsed_release_json(album: Album, group: ReleaseGroup, inc: set[str]) -> dict[str, Any]:
    """One release as the release browse returns it: with `recordings`, its tracks and their recordings
    (with `isrcs`, the ISRCs MusicBrainz has for each); with `release-groups`, its group and types."""
    body = release_json(album, group if "release-groups" in inc else None)
    if "recordings" in inc:
        discs = sorted({t.disc_number for t in album.tracks})
        body["media"] = [
            {
                "position": disc,
                "format": "Digital Media",
                "track-count": sum(1 for t in album.tracks if t.disc_number == disc),
                "tracks": [
                    {
                        "id": stable_uuid("track", t.id),
                        "position": t.track_number,
                        "number": str(t.track_number),
                        "title": t.recording.title,
                        "length": t.duration_ms,
                        "recording": {
                            "id": t.recording.id,
                            "title": t.recording.title,
                            "length": t.recording.length_ms,
                            "disambiguation": t.recording.disambiguation,
                            "video": False,
                            **({"isrcs": list(t.recording.isrcs)} if "isrcs" in inc else {}),
                        },
                    }
                    for t in album.tracks
                    if t.disc_number == disc and t.recording.in_musicbrainz
                ],
            }
            for disc in discs
        ]
    return body


def recording_json(catalog: Catalog, rec: Recording, inc: set[str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": rec.id,
        "title": rec.title,
        "length": rec.length_ms,
        "disambiguation": rec.disambiguation,
        "video": False,
        "first-release-date": rec.first_release_date,
    }
    if "isrcs" in inc:
        body["isrcs"] = list(rec.isrcs)
    if "releases" in inc:
        body["releases"] = _releases(catalog, rec, "release-groups" in inc)
    if "work-rels" in inc:
        # The "recording of" relationship carries the `live` attribute when the performance had an audience.
        body["relations"] = [
            {
                "type": "performance",
                "type-id": PERFORMANCE,
                "target-type": "work",
                "direction": "forward",
                "attributes": ["live"] if rec.is_live else [],
                "work": {
                    "id": stable_uuid("work", rec.title, catalog.index.recording_owner.get(rec.id, "")),
                    "title": rec.title,
                    "type": "Song",
                },
            }
        ]
    if "artist-credits" in inc or "artists" in inc:
        key = catalog.index.recording_owner.get(rec.id)
        if key:
            ident, spec = catalog.identities[key], catalog.specs[key]
            artist = {"id": ident.mbid, "name": spec.name, "sort-name": sort_name(spec.name, spec.kind)}
            body["artist-credit"] = [{"name": spec.name, "joinphrase": "", "artist": artist}]
    return body


def _releases(catalog: Catalog, rec: Recording, with_groups: bool) -> list[dict[str, Any]]:
    index = catalog.index
    out = []
    for group_id in rec.release_group_ids:
        entry = index.release_groups.get(group_id)
        if entry is None:
            continue
        group = entry[0]
        for album in index.group_albums.get(group_id, []):
            if any(t.recording is rec for t in album.tracks):
                out.append(release_json(album, group if with_groups else None))
    return out[:25]  # the include is capped at 25 releases

"""MusicBrainz WS/2: identity links, release groups (live albums) and ISRC lookups.

No key, but a meaningful User-Agent is mandatory and the limit is ~1 request/second per IP, answered
with 503 past it: 503 is treated as throttling (shared pause + retry with backoff). Always `fmt=json`.
"""

from __future__ import annotations

from typing import Any

from theset.core.config import Settings
from theset.core.http import UpstreamNotFound
from theset.core.logging import get_logger
from theset.providers._client import ProviderClient
from theset.providers._parse import as_bool, as_dict, as_int, as_list, as_str, dicts, spotify_artist_id
from theset.providers.types import MbArtist, MbArtistLinks, MbRecording, MbRelease, MbReleaseGroup

log = get_logger(__name__)

PROVIDER = "musicbrainz"
BROWSE_LIMIT = 100
MAX_BROWSE_OFFSET = 5000
STREAMING_TYPES = {"free streaming", "streaming"}
TICKETMASTER_HOSTS = ("ticketmaster.", "livenation.")


def parse_artist(raw: Any) -> MbArtist | None:
    raw = as_dict(raw)
    mbid = as_str(raw.get("id"))
    if not mbid:
        return None
    return MbArtist(
        id=mbid,
        name=as_str(raw.get("name")) or "",
        sort_name=as_str(raw.get("sort-name")),
        disambiguation=as_str(raw.get("disambiguation")),
        type=as_str(raw.get("type")),
        country=as_str(raw.get("country")),
        score=as_int(raw.get("score")),
    )


def parse_release_group(raw: Any) -> MbReleaseGroup | None:
    raw = as_dict(raw)
    group_id, title = as_str(raw.get("id")), as_str(raw.get("title"))
    if not group_id or title is None:
        return None
    return MbReleaseGroup(
        id=group_id,
        title=title,
        primary_type=as_str(raw.get("primary-type")),
        secondary_types=tuple(t for t in (as_str(x) for x in as_list(raw.get("secondary-types"))) if t),
        first_release_date=as_str(raw.get("first-release-date")),
    )


def parse_release(raw: Any) -> MbRelease | None:
    raw = as_dict(raw)
    release_id, title = as_str(raw.get("id")), as_str(raw.get("title"))
    if not release_id or title is None:
        return None
    recordings = []
    for medium in dicts(raw.get("media")):
        for track in dicts(medium.get("tracks")):
            recording_raw = as_dict(track.get("recording"))
            recording = parse_recording(recording_raw)
            if recording is not None:
                isrcs = tuple(i for i in (as_str(x) for x in as_list(recording_raw.get("isrcs"))) if i)
                recordings.append((recording, isrcs))
    return MbRelease(
        id=release_id,
        title=title,
        release_group=parse_release_group(raw.get("release-group")),
        recordings=tuple(recordings),
    )


def parse_recording(raw: Any) -> MbRecording | None:
    raw = as_dict(raw)
    rec_id = as_str(raw.get("id"))
    if not rec_id:
        return None
    groups: dict[str, MbReleaseGroup] = {}
    for release in dicts(raw.get("releases")):
        group = parse_release_group(release.get("release-group"))
        if group is not None:
            groups.setdefault(group.id, group)
    live: bool | None = None
    if "relations" in raw:
        performances = [r for r in dicts(raw.get("relations")) if as_str(r.get("type")) == "performance"]
        live = any("live" in [as_str(a) for a in as_list(r.get("attributes"))] for r in performances)
    return MbRecording(
        id=rec_id,
        title=as_str(raw.get("title")) or "",
        length_ms=as_int(raw.get("length")),
        disambiguation=as_str(raw.get("disambiguation")),
        video=as_bool(raw.get("video")),
        first_release_date=as_str(raw.get("first-release-date")),
        release_groups=tuple(groups.values()),
        live_performance=live,
    )


def parse_url_rels(mbid: str, raw: Any) -> MbArtistLinks:
    raw = as_dict(raw)
    spotify: list[str] = []
    ticketing: list[str] = []
    urls: list[tuple[str, str]] = []
    for rel in dicts(raw.get("relations")):
        kind = (as_str(rel.get("type")) or "").lower()
        resource = as_str(as_dict(rel.get("url")).get("resource"))
        if not resource:
            continue
        urls.append((kind, resource))
        spotify_id = spotify_artist_id(resource) if kind in STREAMING_TYPES else None
        if spotify_id and spotify_id not in spotify:
            spotify.append(spotify_id)
        host = resource.split("://", 1)[-1].lower()
        if any(h in host.split("/", 1)[0] for h in TICKETMASTER_HOSTS) and resource not in ticketing:
            ticketing.append(resource)
    return MbArtistLinks(
        mbid=as_str(raw.get("id")) or mbid,
        name=as_str(raw.get("name")),
        spotify_ids=tuple(spotify),
        ticketmaster_urls=tuple(ticketing),
        urls=tuple(urls),
    )


class MusicBrainzClient(ProviderClient):
    provider = PROVIDER

    @classmethod
    def http_config(cls, settings: Settings) -> tuple[str, dict[str, Any]]:
        return settings.musicbrainz_url, {
            "headers": {"User-Agent": settings.musicbrainz_user_agent, "Accept": "application/json"},
            "params": {"fmt": "json"},
            "throttle_statuses": (429, 503),  # MusicBrainz says "too fast" with 503
        }

    async def get_artist_url_rels(self, mbid: str) -> MbArtistLinks:
        """Spotify artist ids ("free streaming"/"streaming" links) and Ticketmaster website URLs."""
        return parse_url_rels(mbid, await self.http.get_json(f"artist/{mbid}", {"inc": "url-rels"}))

    async def lookup_url(self, resource: str) -> list[MbArtist]:
        """Artists linked to a URL (e.g. an open.spotify.com/artist/… page); [] when MusicBrainz has none."""
        try:
            body = await self.http.get_json("url", {"resource": resource, "inc": "artist-rels"})
        except UpstreamNotFound:
            return []
        found = (parse_artist(rel.get("artist")) for rel in dicts(as_dict(body).get("relations")))
        return [a for a in found if a is not None]

    async def search_artist(self, name: str, limit: int = 10) -> list[MbArtist]:
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        body = await self.http.get_json("artist", {"query": f'artist:"{escaped}"', "limit": limit})
        return [
            a for a in (parse_artist(raw) for raw in dicts(as_dict(body).get("artists"))) if a is not None
        ]

    async def get_releases(self, mbid: str) -> list[MbRelease]:
        """Every release of the artist with its release group, recordings, ISRCs and disambiguations:
        a whole discography's recording-level signals in a handful of calls (100 releases a page)."""
        releases: list[MbRelease] = []
        offset = 0
        while offset < MAX_BROWSE_OFFSET:
            params = {
                "artist": mbid,
                "inc": "recordings+isrcs+release-groups",
                "limit": BROWSE_LIMIT,
                "offset": offset,
            }
            body = as_dict(await self.http.get_json("release", params))
            items = dicts(body.get("releases"))
            releases.extend(r for r in (parse_release(raw) for raw in items) if r is not None)
            offset += len(items)
            total = as_int(body.get("release-count"))
            if not items or (total is not None and offset >= total):
                break
        return releases

    async def isrc_recordings(self, isrc: str, inc: str | None = None) -> list[MbRecording]:
        """Recordings carrying the ISRC ([] when unknown). `inc` e.g. "releases+release-groups"."""
        try:
            body = await self.http.get_json(f"isrc/{isrc}", {"inc": inc} if inc else None)
        except UpstreamNotFound:
            return []
        return [
            r for r in (parse_recording(x) for x in dicts(as_dict(body).get("recordings"))) if r is not None
        ]

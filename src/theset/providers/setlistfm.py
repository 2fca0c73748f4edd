"""setlist.fm API 1.0: an artist's setlists and setlist search.

`x-api-key` header and `Accept: application/json` (XML otherwise). Pages start at 1 with 20 items;
an empty search, an unknown artist and a page past the end all answer 404, which means "no results".
Real JSON nests sets as `sets.set[]`; dates are `dd-MM-yyyy`; `tape` songs were not played live.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

from theset.core.config import Settings
from theset.core.http import UpstreamNotFound
from theset.core.logging import get_logger
from theset.providers._client import ProviderClient
from theset.providers._parse import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    dicts,
    parse_datetime_utc,
)
from theset.providers.types import Setlist, SetlistArtistRef, SetlistSet, SetlistSong, SetlistVenue

log = get_logger(__name__)

PROVIDER = "setlistfm"
DEFAULT_ITEMS_PER_PAGE = 20


def parse_event_date(value: Any) -> date | None:
    """setlist.fm's `dd-MM-yyyy` (ISO `yyyy-MM-dd` tolerated too)."""
    text = as_str(value)
    if not text:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def format_event_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def _artist_ref(raw: Any) -> SetlistArtistRef | None:
    if not isinstance(raw, dict):
        return None
    name, mbid = as_str(raw.get("name")), as_str(raw.get("mbid"))
    return SetlistArtistRef(name=name, mbid=mbid) if name or mbid else None


def parse_song(raw: Any) -> SetlistSong | None:
    raw = as_dict(raw)
    name = as_str(raw.get("name"))
    if not name:
        return None  # unknown songs come with blank names
    return SetlistSong(
        name=name,
        tape=as_bool(raw.get("tape")),
        cover=_artist_ref(raw.get("cover")),
        with_artist=_artist_ref(raw.get("with")),
        info=as_str(raw.get("info")),
    )


def _raw_sets(raw: dict[str, Any]) -> list[dict[str, Any]]:
    sets = raw.get("sets")
    if isinstance(sets, dict):
        return dicts(sets.get("set"))
    if isinstance(sets, list):  # a bare list of sets
        return dicts(sets)
    return dicts(raw.get("set"))  # the shape the docs show


def parse_sets(raw: dict[str, Any]) -> tuple[SetlistSet, ...]:
    result = []
    for item in _raw_sets(raw):
        songs = tuple(s for s in (parse_song(x) for x in as_list(item.get("song"))) if s is not None)
        if not songs:
            continue
        result.append(
            SetlistSet(songs=songs, name=as_str(item.get("name")), encore=as_int(item.get("encore")) or 0)
        )
    return tuple(result)


def parse_venue(raw: Any) -> SetlistVenue | None:
    if not isinstance(raw, dict):
        return None
    city = as_dict(raw.get("city"))
    coords = as_dict(city.get("coords"))
    country = as_dict(city.get("country"))
    return SetlistVenue(
        id=as_str(raw.get("id")),
        name=as_str(raw.get("name")),
        city=as_str(city.get("name")),
        city_id=as_str(city.get("id")),
        state=as_str(city.get("state")),
        state_code=as_str(city.get("stateCode")),
        country=as_str(country.get("name")),
        country_code=as_str(country.get("code")),
        latitude=as_float(coords.get("lat")),
        longitude=as_float(coords.get("long")),
    )


def parse_setlist(raw: Any) -> Setlist | None:
    raw = as_dict(raw)
    setlist_id = as_str(raw.get("id"))
    if not setlist_id:
        return None
    artist = as_dict(raw.get("artist"))
    return Setlist(
        id=setlist_id,
        event_date=parse_event_date(raw.get("eventDate")),
        artist_mbid=as_str(artist.get("mbid")),
        artist_name=as_str(artist.get("name")),
        version_id=as_str(raw.get("versionId")),
        last_updated=parse_datetime_utc(raw.get("lastUpdated")),
        venue=parse_venue(raw.get("venue")),
        tour=as_str(as_dict(raw.get("tour")).get("name")),
        info=as_str(raw.get("info")),
        url=as_str(raw.get("url")),
        sets=parse_sets(raw),
    )


class SetlistFmClient(ProviderClient):
    provider = PROVIDER

    @classmethod
    def http_config(cls, settings: Settings) -> tuple[str, dict[str, Any]]:
        key = settings.setlistfm_key
        return settings.setlistfm_url, {
            "headers": {"x-api-key": key, "Accept": "application/json"},
            "secrets": [key],
            "default_throttle_pause": 2.0,  # its 429 has no Retry-After; 2 s works
        }

    async def _iter_pages(
        self, path: str, params: dict[str, Any], max_pages: int | None
    ) -> AsyncIterator[Setlist]:
        page = 1
        while max_pages is None or page <= max_pages:
            try:
                body = as_dict(await self.http.get_json(path, {**params, "p": page}))
            except UpstreamNotFound:
                return  # no results (or past the last page)
            items = dicts(body.get("setlist"))
            for setlist in (parse_setlist(raw) for raw in items):
                if setlist is not None:
                    yield setlist
            per_page = as_int(body.get("itemsPerPage")) or DEFAULT_ITEMS_PER_PAGE
            total = as_int(body.get("total")) or 0
            if not items or page * per_page >= total:
                return
            page += 1

    def iter_artist_setlists(self, mbid: str, max_pages: int | None = None) -> AsyncIterator[Setlist]:
        """The artist's setlists, newest first, `max_pages` pages of 20 at most; unknown mbid = none."""
        return self._iter_pages(f"artist/{mbid}/setlists", {}, max_pages)

    async def search_setlists(
        self,
        *,
        artist_mbid: str | None = None,
        date: date | None = None,
        artist_name: str | None = None,
        venue_name: str | None = None,
        city_name: str | None = None,
        year: int | None = None,
        max_pages: int | None = 1,
    ) -> list[Setlist]:
        """Setlists matching every given filter ([] when nothing matches: setlist.fm answers 404)."""
        params: dict[str, Any] = {
            "artistMbid": artist_mbid,
            "date": format_event_date(date) if date else None,
            "artistName": artist_name,
            "venueName": venue_name,
            "cityName": city_name,
            "year": year,
        }
        params = {k: v for k, v in params.items() if v is not None}
        if not params:
            raise ValueError("search_setlists needs at least one filter")
        return [s async for s in self._iter_pages("search/setlists", params, max_pages)]

    async def get_setlist(self, setlist_id: str) -> Setlist | None:
        try:
            return parse_setlist(await self.http.get_json(f"setlist/{setlist_id}"))
        except UpstreamNotFound:
            return None

"""Spotify Web API with client credentials, for both access profiles.

- The token is cached in Redis (`{QUEUE_PREFIX}:spotify:token`, TTL = expires_in - 60 s) and shared by every
  process; a 401 renews it once and retries.
- The app's profile is learnt from the answers, never configured: a batch endpoint answering 403 means
  the 2026 `development` profile (one call per album/track instead), a 400 "Invalid limit" means pages of
  10. What was learnt is cached in Redis (`{QUEUE_PREFIX}:spotify:capabilities`) so other processes
  skip the probe.
- Artist-album paging stops on a short or empty page: with `include_groups`, `next` and `total` lie.
- `popularity`, `followers`, `album_group`, `label` are optional everywhere.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Awaitable, Iterable, Sequence
from typing import Any, TypeVar

from theset.core.config import Settings
from theset.core.http import UpstreamAuthError, UpstreamBadRequest, UpstreamClient, UpstreamNotFound
from theset.core.keys import redis_key
from theset.core.logging import get_logger
from theset.providers._client import ProviderClient
from theset.providers._parse import as_bool, as_dict, as_int, as_list, as_str, best_image_url, dicts
from theset.providers.types import SpotifyAlbum, SpotifyArtist, SpotifyTrack

log = get_logger(__name__)

PROVIDER = "spotify"


def token_key() -> str:
    return redis_key("spotify", "token")


def capabilities_key() -> str:
    return redis_key("spotify", "capabilities")


CAPABILITIES_TTL_S = 6 * 3600
EXTENDED, DEVELOPMENT = "extended", "development"
DEFAULT_GROUPS = ("album", "single", "compilation")
DEV_PAGE_LIMIT, EXTENDED_PAGE_LIMIT = 10, 50
ALBUM_BATCH, TRACK_BATCH, FEATURES_BATCH = 20, 50, 100
ALBUM_TRACKS_LIMIT = 50
MAX_ALBUM_OFFSET = 2000  # safety net against a `next` that never ends

T = TypeVar("T")


def _chunks(items: Sequence[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _artists(raw: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    artists = dicts(raw.get("artists"))
    ids = tuple(i for i in (as_str(a.get("id")) for a in artists) if i)
    names = tuple(n for n in (as_str(a.get("name")) for a in artists) if n)
    return ids, names


def parse_artist(raw: Any) -> SpotifyArtist | None:
    raw = as_dict(raw)
    artist_id = as_str(raw.get("id"))
    if not artist_id:
        return None
    return SpotifyArtist(
        id=artist_id,
        name=as_str(raw.get("name")) or "",
        genres=tuple(g for g in (as_str(x) for x in as_list(raw.get("genres"))) if g),
        image_url=best_image_url(raw.get("images")),
        url=as_str(as_dict(raw.get("external_urls")).get("spotify")),
        followers=as_int(as_dict(raw.get("followers")).get("total")),
        popularity=as_int(raw.get("popularity")),
    )


def parse_track(raw: Any, album_id: str | None = None) -> SpotifyTrack | None:
    raw = as_dict(raw)
    track_id = as_str(raw.get("id"))
    if not track_id:
        return None
    artist_ids, artist_names = _artists(raw)
    return SpotifyTrack(
        id=track_id,
        name=as_str(raw.get("name")) or "",
        duration_ms=as_int(raw.get("duration_ms")),
        track_number=as_int(raw.get("track_number")),
        disc_number=as_int(raw.get("disc_number")),
        explicit=as_bool(raw.get("explicit")),
        artist_ids=artist_ids,
        artist_names=artist_names,
        album_id=as_str(as_dict(raw.get("album")).get("id")) or album_id,
        isrc=as_str(as_dict(raw.get("external_ids")).get("isrc")),
        popularity=as_int(raw.get("popularity")),
        preview_url=as_str(raw.get("preview_url")),
        is_local=as_bool(raw.get("is_local")),
    )


def parse_album(raw: Any, tracks: Sequence[SpotifyTrack] = ()) -> SpotifyAlbum | None:
    raw = as_dict(raw)
    album_id = as_str(raw.get("id"))
    if not album_id:
        return None
    artist_ids, artist_names = _artists(raw)
    return SpotifyAlbum(
        id=album_id,
        name=as_str(raw.get("name")) or "",
        album_type=(as_str(raw.get("album_type")) or "").lower() or None,
        album_group=as_str(raw.get("album_group")),
        release_date=as_str(raw.get("release_date")),
        release_date_precision=as_str(raw.get("release_date_precision")),
        total_tracks=as_int(raw.get("total_tracks")),
        image_url=best_image_url(raw.get("images")),
        artist_ids=artist_ids,
        artist_names=artist_names,
        upc=as_str(as_dict(raw.get("external_ids")).get("upc")),
        label=as_str(raw.get("label")),
        tracks=tuple(tracks),
    )


class SpotifyClient(ProviderClient):
    def __init__(
        self,
        http: UpstreamClient,
        *,
        redis: Any,
        client_id: str,
        client_secret: str,
        token_url: str,
        market: str = "US",
        concurrency: int = 4,
    ) -> None:
        super().__init__(http)
        self.redis = redis
        self.market = market
        self.token_url = token_url
        self._basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self._token_lock = asyncio.Lock()
        self._local_token: str | None = None  # used only when no Redis is given
        self._local_caps: dict[str, str] = {}
        self._semaphore = asyncio.Semaphore(concurrency)

    provider = PROVIDER

    @classmethod
    def http_config(cls, settings: Settings) -> tuple[str, dict[str, Any]]:
        _, secret = settings.spotify_credentials
        return settings.spotify_url, {"headers": {"Accept": "application/json"}, "secrets": [secret]}

    @classmethod
    def _build(cls, http: UpstreamClient, settings: Settings, redis: Any) -> SpotifyClient:
        client_id, secret = settings.spotify_credentials
        token_url = settings.spotify_accounts_url.rstrip("/") + "/api/token"
        return cls(http, redis=redis, client_id=client_id, client_secret=secret, token_url=token_url)

    # --- token ------------------------------------------------------------------------------------
    async def _cached_token(self) -> str | None:
        if self.redis is None:
            return self._local_token
        value = await self.redis.get(token_key())
        return value.decode() if isinstance(value, bytes) else value

    async def token(self, stale: str | None = None) -> str:
        """A valid access token; `stale` is one the API just refused, so it is never handed out again."""
        cached = await self._cached_token()
        if cached and cached != stale:
            return cached
        async with self._token_lock:
            cached = await self._cached_token()  # another task (or process) may have renewed it
            if cached and cached != stale:
                return cached
            try:
                response = await self.http.request(
                    "POST",
                    self.token_url,
                    data={"grant_type": "client_credentials"},
                    headers={"Authorization": f"Basic {self._basic}"},
                )
            except UpstreamBadRequest as exc:  # invalid_client is a 400
                raise UpstreamAuthError(PROVIDER, "token request refused", status=exc.status) from None
            body = as_dict(self.http.json_of(response))
            token = as_str(body.get("access_token"))
            if not token:
                raise UpstreamAuthError(PROVIDER, "token answer has no access_token")
            ttl = max(1, (as_int(body.get("expires_in")) or 3600) - 60)
            if self.redis is None:
                self._local_token = token
            else:
                await self.redis.set(token_key(), token, ex=ttl)
            return token

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        token = await self.token()
        try:
            return await self.http.get_json(path, params, headers={"Authorization": f"Bearer {token}"})
        except UpstreamAuthError as exc:
            if exc.status != 401:
                raise
            token = await self.token(stale=token)
            return await self.http.get_json(path, params, headers={"Authorization": f"Bearer {token}"})

    async def _get_optional(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """One resource, None when it does not exist (404) or its id is malformed (400)."""
        async with self._semaphore:
            try:
                return await self._get(path, params)
            except (UpstreamNotFound, UpstreamBadRequest) as exc:
                log.warning("spotify resource skipped", path=path, status=exc.status)
                return None

    # --- capabilities -----------------------------------------------------------------------------
    async def capability(self, name: str) -> str | None:
        if name in self._local_caps:
            return self._local_caps[name]
        if self.redis is None:
            return None
        value = await self.redis.hget(capabilities_key(), name)
        if isinstance(value, bytes):
            value = value.decode()
        if value is not None:
            self._local_caps[name] = value
        return value

    async def learn(self, name: str, value: str) -> None:
        if self._local_caps.get(name) == value:
            return
        self._local_caps[name] = value
        if self.redis is not None:
            await self.redis.hset(capabilities_key(), name, value)
            await self.redis.expire(capabilities_key(), CAPABILITIES_TTL_S)
        log.info("spotify capability learnt", capability=name, value=value)

    async def profile(self) -> str | None:
        """`extended`, `development`, or None while not yet learnt."""
        return await self.capability("profile")

    async def _page_limit(self) -> int:
        known = await self.capability("page_limit")
        if known:
            return int(known)
        return DEV_PAGE_LIMIT if await self.profile() == DEVELOPMENT else EXTENDED_PAGE_LIMIT

    @staticmethod
    def _invalid_limit(exc: UpstreamBadRequest) -> bool:
        # the message only: the error's full text ends with the URL, and that always has `limit=`
        return "invalid limit" in exc.detail.lower()

    # --- artists ----------------------------------------------------------------------------------
    async def get_artist(self, artist_id: str) -> SpotifyArtist:
        artist = parse_artist(await self._get(f"artists/{artist_id}"))
        if artist is None:
            raise UpstreamNotFound(PROVIDER, f"artist {artist_id} has no id in its answer")
        return artist

    async def search_artist(self, name: str, limit: int = 10) -> list[SpotifyArtist]:
        size = min(limit, await self._page_limit())
        params = {"type": "artist", "q": name, "market": self.market}
        try:
            body = await self._get("search", {**params, "limit": size})
        except UpstreamBadRequest as exc:
            if size <= DEV_PAGE_LIMIT or not self._invalid_limit(exc):
                raise
            await self.learn("page_limit", str(DEV_PAGE_LIMIT))
            body = await self._get("search", {**params, "limit": DEV_PAGE_LIMIT})
        items = dicts(as_dict(as_dict(body).get("artists")).get("items"))
        return [a for a in (parse_artist(raw) for raw in items) if a is not None]

    async def iter_artist_albums(
        self, artist_id: str, include_groups: Sequence[str] = DEFAULT_GROUPS
    ) -> AsyncIterator[SpotifyAlbum]:
        """The artist's albums (simplified, no tracks), each once."""
        limit, offset, seen = await self._page_limit(), 0, set[str]()
        while offset < MAX_ALBUM_OFFSET:
            params = {"include_groups": ",".join(include_groups), "market": self.market, "offset": offset}
            try:
                body = as_dict(await self._get(f"artists/{artist_id}/albums", {**params, "limit": limit}))
            except UpstreamBadRequest as exc:
                if limit <= DEV_PAGE_LIMIT or not self._invalid_limit(exc):
                    raise
                limit = DEV_PAGE_LIMIT
                await self.learn("page_limit", str(limit))
                continue
            if limit > DEV_PAGE_LIMIT:
                await self.learn("page_limit", str(limit))
            items = dicts(body.get("items"))
            for album in (parse_album(raw) for raw in items):
                if album is not None and album.id not in seen:
                    seen.add(album.id)
                    yield album
            # `next` may stay set over empty pages and `total` is inflated: a short page is the end.
            if len(items) < limit or not body.get("next"):
                return
            offset += limit

    # --- albums and tracks ------------------------------------------------------------------------
    async def _gather(self, calls: Iterable[Awaitable[T]]) -> list[T]:
        return list(await asyncio.gather(*calls))

    async def _fetch_many(
        self, ids: Sequence[str], *, batch_path: str, batch_key: str, batch_size: int, single_path: str
    ) -> dict[str, dict[str, Any]]:
        """Raw objects by id: batched while the profile allows it, else one call per id."""
        found: dict[str, dict[str, Any]] = {}
        todo = list(dict.fromkeys(i for i in ids if i))
        if todo and await self.profile() != DEVELOPMENT:
            done = 0
            for chunk in _chunks(todo, batch_size):
                try:
                    body = await self._get(batch_path, {"ids": ",".join(chunk), "market": self.market})
                except UpstreamAuthError as exc:
                    if exc.status != 403:
                        raise
                    await self.learn("profile", DEVELOPMENT)
                    break
                await self.learn("profile", EXTENDED)
                for raw in dicts(as_dict(body).get(batch_key)):
                    if as_str(raw.get("id")):
                        found[str(raw["id"])] = raw
                done += len(chunk)
            todo = todo[done:]
        if todo:
            params = {"market": self.market}
            bodies = await self._gather(self._get_optional(single_path.format(id=i), params) for i in todo)
            for body in bodies:
                raw = as_dict(body)
                if as_str(raw.get("id")):
                    found[str(raw["id"])] = raw
        return found

    async def get_albums_with_tracks(self, album_ids: Sequence[str]) -> list[SpotifyAlbum]:
        """Full albums with ALL their (simplified) tracks, in input order; unknown ids are skipped."""
        raws = await self._fetch_many(
            album_ids,
            batch_path="albums",
            batch_key="albums",
            batch_size=ALBUM_BATCH,
            single_path="albums/{id}",
        )
        albums = await self._gather(self._complete_album(raw) for raw in raws.values())
        by_id = {a.id: a for a in albums if a is not None}
        return [by_id[i] for i in dict.fromkeys(album_ids) if i in by_id]

    async def _complete_album(self, raw: dict[str, Any]) -> SpotifyAlbum | None:
        album_id = str(raw["id"])
        page = as_dict(raw.get("tracks"))
        items = dicts(page.get("items"))
        total = as_int(page.get("total"))
        more = page.get("next") or (total is not None and total > len(items))
        while more and len(items) < (total or MAX_ALBUM_OFFSET):
            async with self._semaphore:
                body = as_dict(
                    await self._get(
                        f"albums/{album_id}/tracks",
                        {"limit": ALBUM_TRACKS_LIMIT, "offset": len(items), "market": self.market},
                    )
                )
            batch = dicts(body.get("items"))
            items.extend(batch)
            more = len(batch) == ALBUM_TRACKS_LIMIT and body.get("next")
        tracks = [t for t in (parse_track(item, album_id) for item in items) if t is not None]
        return parse_album(raw, list({t.id: t for t in tracks}.values()))

    async def get_tracks(self, track_ids: Sequence[str]) -> list[SpotifyTrack]:
        """Full tracks (with `isrc`), in input order: batches of 50 when allowed, else one by one."""
        raws = await self._fetch_many(
            track_ids,
            batch_path="tracks",
            batch_key="tracks",
            batch_size=TRACK_BATCH,
            single_path="tracks/{id}",
        )
        parsed = {i: parse_track(raw) for i, raw in raws.items()}
        return [t for t in (parsed.get(i) for i in dict.fromkeys(track_ids)) if t is not None]

    async def get_audio_features(self, track_ids: Sequence[str]) -> dict[str, float] | None:
        """{track id: liveness}, or None when this app may not use audio features (403 since 2024-11)."""
        if await self.capability("audio_features") == "0" or await self.profile() == DEVELOPMENT:
            return None
        liveness: dict[str, float] = {}
        for chunk in _chunks(list(dict.fromkeys(track_ids)), FEATURES_BATCH):
            try:
                body = await self._get("audio-features", {"ids": ",".join(chunk)})
            except UpstreamAuthError as exc:
                if exc.status != 403:
                    raise
                await self.learn("audio_features", "0")
                return None
            await self.learn("audio_features", "1")
            for raw in dicts(as_dict(body).get("audio_features")):
                track_id, value = as_str(raw.get("id")), raw.get("liveness")
                if track_id and isinstance(value, int | float) and not isinstance(value, bool):
                    liveness[track_id] = float(value)
        return liveness

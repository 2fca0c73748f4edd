"""Live events of a show (`GET /api/shows/{id}/stream`), published through Redis pub/sub.

Every event gets the next number of the show's sequence and is kept in a short per-show log, both in one
Lua script with the PUBLISH, so ids are published in order whichever process publishes, and a client
that reconnects with `Last-Event-ID` gets what it missed (or a fresh snapshot when the log no longer
reaches back that far).

Vote counts are coalesced per show across every web process: a vote marks its song dirty with its new
count and the count's version (`setlist_songs.count_version`, bumped under the row lock, so a count that
arrives late never overwrites a newer one). The first mark in a quiet period takes the show's flush
flag and publishes at once (a lone vote is not delayed); marks while the flag is held wait for the
holder's next flush, VOTE_EVENTS_COALESCE_MS later, so a show gets at most one `votes` event per period
however many votes arrive. The flag expires by itself if its holder dies.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import orjson

from theset.core.config import get_settings
from theset.core.events import Event, spawn
from theset.core.logging import get_logger
from theset.core.redis import get_redis, lua_script

log = get_logger(__name__)

LOG_LENGTH = 200
KEY_TTL_S = 2 * 24 * 3600
FLAG_FLOOR_MS = 2000

_PUBLISH = lua_script(
    """
local id = redis.call('INCR', KEYS[1])
local payload = '{"id":' .. id .. ',"data":' .. ARGV[1] .. '}'
redis.call('RPUSH', KEYS[2], payload)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[2], payload)
return id
"""
)

# KEYS: versions hash, dirty hash, flag. ARGV: song, count, version, flag ttl ms, key ttl s.
# Returns the dirty counts to publish now (flat [song, count, ...]) when this mark took the flag.
_MARK = lua_script(
    """
local known = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
if tonumber(ARGV[3]) > known then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[5])
end
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[4]) then
  local dirty = redis.call('HGETALL', KEYS[2])
  if #dirty == 0 then
    redis.call('DEL', KEYS[3])
    return false
  end
  redis.call('DEL', KEYS[2])
  return dirty
end
return false
"""
)

# KEYS: dirty hash, flag. ARGV: flag ttl ms. The holder's periodic flush: publish what gathered, or
# release the flag when nothing did.
_FLUSH = lua_script(
    """
local dirty = redis.call('HGETALL', KEYS[1])
if #dirty == 0 then
  redis.call('DEL', KEYS[2])
  return false
end
redis.call('DEL', KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return dirty
"""
)


def _flag_ttl_ms() -> int:
    """How long the flush flag outlives a holder that died: several flush periods."""
    return max(FLAG_FLOOR_MS, 4 * get_settings().vote_events_coalesce_ms)


def _key(show_id: uuid.UUID | str, part: str) -> str:
    return f"{get_settings().queue_prefix}:show-live:{show_id}:{part}"


def channel(show_id: uuid.UUID | str) -> str:
    return f"{get_settings().queue_prefix}:show:{show_id}"


async def publish(show_id: uuid.UUID | str, data: dict[str, Any]) -> int:
    """Publish one event of the show; returns its id."""
    keys = [_key(show_id, "seq"), _key(show_id, "log")]
    args: list[str | int] = [orjson.dumps(data).decode(), channel(show_id), LOG_LENGTH, KEY_TTL_S]
    return int(await _PUBLISH(keys, args, client=get_redis()))


async def current_id(show_id: uuid.UUID | str) -> int:
    return int(await get_redis().get(_key(show_id, "seq")) or 0)


async def events_after(show_id: uuid.UUID | str, last_id: int) -> list[Event] | None:
    """The events after `last_id`, or None when the log cannot tell (too old, or from before Redis
    lost its data): the client then needs a fresh snapshot."""
    latest = await current_id(show_id)
    if last_id > latest:
        return None
    if last_id == latest:
        return []
    logged = [Event.decode(raw) for raw in await get_redis().lrange(_key(show_id, "log"), 0, -1)]  # type: ignore[misc]
    newer = [event for event in logged if event.id > last_id]
    if not newer or newer[0].id != last_id + 1:
        return None
    return newer


def _counts(flat: list[str]) -> dict[str, int]:
    return {flat[i]: int(flat[i + 1]) for i in range(0, len(flat), 2)}


async def _publish_counts(show_id: uuid.UUID, flat: list[str]) -> None:
    await publish(show_id, {"type": "votes", "counts": _counts(flat)})


async def _flush_until_quiet(show_id: uuid.UUID) -> None:
    period = get_settings().vote_events_coalesce_ms / 1000
    keys = [_key(show_id, "dirty"), _key(show_id, "flag")]
    while True:
        await asyncio.sleep(period)
        try:
            flat = await _FLUSH(keys, [_flag_ttl_ms()], client=get_redis())
            if not flat:
                return
            await _publish_counts(show_id, flat)
        except Exception as exc:  # the flag expires by itself; the next vote starts a new round
            log.warning("vote count flush failed", show_id=str(show_id), error=str(exc)[:200])
            return


async def count_changed(show_id: uuid.UUID, setlist_song_id: uuid.UUID, count: int, version: int) -> None:
    """After a vote or undo committed: mark the song's new count for the show's next `votes` event."""
    keys = [_key(show_id, "versions"), _key(show_id, "dirty"), _key(show_id, "flag")]
    args: list[str | int] = [str(setlist_song_id), count, version, _flag_ttl_ms(), KEY_TTL_S]
    try:
        flat = await _MARK(keys, args, client=get_redis())
        if flat:
            await _publish_counts(show_id, flat)
            spawn(_flush_until_quiet(show_id))
    except Exception as exc:  # the vote is committed; a live update is not worth failing it for
        log.warning("live vote count not published", show_id=str(show_id), error=str(exc)[:200])


async def song_added(
    show_id: uuid.UUID, setlist_song_id: uuid.UUID, song_id: uuid.UUID, title: str, votes: int
) -> None:
    data = {
        "type": "song-added",
        "setlistSongId": str(setlist_song_id),
        "songId": str(song_id),
        "title": title,
        "votes": votes,
    }
    try:
        await publish(show_id, data)
    except Exception as exc:
        log.warning("song-added not published", show_id=str(show_id), error=str(exc)[:200])

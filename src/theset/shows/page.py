"""The show page's data: the show as the API shapes it (through the read cache), and after the show the
actual setlist beside the crowd's prediction and the imported one, with hits marked and accuracies.

As in the voting domain's scoring: the crowd's prediction is the predicted setlist ranked by votes (ties
keep their order), the imported one the songs the import seeded (not added by fans) in its order, each
cut to the length of the actual set. Accuracies the API already carries (once the show is scored) win
over the ones computed here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from theset.core import cache
from theset.shows import service
from theset.shows.results import accuracy

TTL_S = 60  # live counts come from the stream; this only bounds the first paint's staleness


async def show_data(session: AsyncSession, show_id: uuid.UUID) -> dict[str, Any]:
    """The show through the read cache, tagged by `cache_tags`."""
    key = f"show:{show_id}"
    found: dict[str, Any] | None = await cache.read(key)
    if found is not None:
        return found
    detail = await service.show_detail(session, show_id)
    show = detail.out.model_dump(mode="json")  # the public view: nobody's own votes
    await cache.store(key, TTL_S, show, tags=cache_tags(show))
    return show


def cache_tags(show: dict[str, Any]) -> list[str]:
    """The tags of an entry made from the show's data: the show's, and its artist's, so that a completed
    import (new predictions) drops it too."""
    tags = [cache.show_tag(show["id"])]
    if show.get("artist"):
        tags.append(cache.artist_tag(show["artist"]["id"]))
    return tags


def ranked(songs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most votes first; ties keep the seeded order."""
    return sorted(songs, key=lambda s: (-int(s.get("votes") or 0), s.get("position") or 0))


def _marked(songs: list[dict[str, Any]], played: set[Any]) -> list[dict[str, Any]]:
    return [{**s, "hit": s.get("songId") is not None and s.get("songId") in played} for s in songs]


def _accuracy(given: object, top: list[dict[str, Any]], actual: list[Any]) -> dict[str, Any] | None:
    if isinstance(given, dict) and {"hits", "of"} <= given.keys():
        return given
    return accuracy([s.get("songId") for s in top], actual)


def results(setlists: dict[str, Any]) -> dict[str, Any] | None:
    actual = setlists.get("actual")
    if not actual or not actual.get("songs"):
        return None
    predicted = setlists.get("predicted") or {}
    songs = predicted.get("songs", [])
    played_ids = [s.get("songId") for s in actual["songs"]]
    played = {s for s in played_ids if s}
    size = len(actual["songs"])
    crowd = ranked(songs)[:size]
    seeded = [s for s in songs if not s.get("addedByFan")]
    imported = sorted(seeded, key=lambda s: s.get("position") or 0)[:size]
    guessed = {s.get("songId") for s in crowd + imported if s.get("songId")}
    return {
        "actual": [{**s, "hit": s.get("songId") in guessed} for s in actual["songs"]],
        "crowd": _marked(crowd, played),
        "imported": _marked(imported, played),
        "crowdAccuracy": _accuracy(predicted.get("accuracy"), crowd, played_ids),
        "importedAccuracy": _accuracy(predicted.get("importedAccuracy"), imported, played_ids),
    }

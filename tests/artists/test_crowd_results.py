"""The past-shows section's "Predicted X of Y", counted in PostgreSQL, agrees with the show page's rule
(the crowd's top N by votes, ties in setlist order, against the N songs played; shows/page.py and
shows/results.py) on setlists with vote ties, free titles, short and missing setlists."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tests.web import factories as f
from theset.artists import history
from theset.models import Setlist, Song
from theset.shows.page import ranked
from theset.shows.results import accuracy

Entries = list[tuple[Song | str, int]]


def _expected(predicted: Entries | None, actual: Entries | None) -> tuple[int, int]:
    """What the artist page showed when it ranked every entry in Python."""
    if not actual:
        return 0, 0
    crowd = ranked(
        [
            {"songId": None if isinstance(s, str) else s.id, "votes": votes, "position": n}
            for n, (s, votes) in enumerate(predicted or [], start=1)
        ]
    )[: len(actual)]
    score = accuracy([c["songId"] for c in crowd], [None if isinstance(s, str) else s.id for s, _ in actual])
    return len(actual), score["hits"] if score else 0


def _setlist(rng: random.Random, catalog: list[Song], longest: int) -> Entries:
    """A random setlist: distinct catalog songs (a setlist holds a song once) and some free titles."""
    songs: list[Song | str] = list(rng.sample(catalog, rng.randint(0, longest)))
    songs += [f"Cover {n}" for n in range(rng.randint(0, 2))]
    rng.shuffle(songs)
    return [(s, rng.choice([0, 0, 1, 2, 5])) for s in songs]  # few distinct counts: many ties


async def test_crowd_results_follow_the_show_pages_rule(session: AsyncSession) -> None:
    rng = random.Random(2026)
    band = await f.artist(session, "Ranked Band")
    catalog = await f.songs(session, band, [f"Song {n}" for n in range(12)])
    shows, expected = [], {}
    for n in range(60):
        show = await f.show(session, band, -1 - n)
        predicted = _setlist(rng, catalog, 10) if n % 7 else None
        actual = _setlist(rng, catalog, 12) if n % 5 else None
        if predicted is not None:
            await f.setlist(session, show, "predicted", predicted)
        if actual is not None:
            await f.setlist(session, show, "actual", [(s, 0) for s, _ in actual])
        shows.append(show.id)
        expected[show.id] = _expected(predicted, actual)
    empty = await f.show(session, band, -100)
    session.add(Setlist(show_id=empty.id, kind="actual"))  # no songs yet
    await session.flush()
    shows.append(empty.id)
    expected[empty.id] = (0, 0)
    found = await history.crowd_results(session, shows)
    got: dict[Any, tuple[int, int]] = {show_id: found.get(show_id, (0, 0)) for show_id in shows}
    assert got == expected
    assert sum(1 for played, hits in expected.values() if 0 < hits < played) > 10  # not a trivial sample
    assert await history.crowd_results(session, []) == {}

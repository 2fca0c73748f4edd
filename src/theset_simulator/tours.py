"""How a simulated artist plays live: the plan behind its setlist.fm history (see docs/simulator.md).

Artists tour an album: for about eighteen months after a studio album they play its tour, named after it,
with a core set (several of the new album's songs, the two biggest hits and a few other hits, a fixed
opener, a fixed encore that ends on the biggest hit) and a few rotating slots filled each night from a
wider pool leaning on recent records. Between albums, or long after the last one, they play a yearly tour
that revisits a part of the catalog in place of new songs. Now and then a rarity from deep in the
catalog and a cover. The set evolves over a tour: about every six weeks a core song makes way for one
from the rotation. A song is never played before its release. Each tour's plan is drawn from its own
random stream, so the same seed gives the same tours whatever else changes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from theset_simulator import ids, names

ALBUM_TOUR_DAYS = 540  # how long an album's tour runs after its release
HITS = 8  # the best-known songs a tour draws its hits from
CORE_SKIP = 0.07  # chance a core song is left out on a night
RARITY = 0.25  # chance of one deep cut a night
COVER = 0.35  # chance of a cover a night
SWAP_EVERY_DAYS = 45  # about this often a core song leaves the set for one from the rotation
SWAPS = ALBUM_TOUR_DAYS // SWAP_EVERY_DAYS


@dataclass(frozen=True, slots=True)
class SongInfo:
    title: str
    released: date
    popularity: int


@dataclass(frozen=True, slots=True)
class Record:
    """A studio album: its tour promotes its songs."""

    name: str
    released: date
    titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TourPlan:
    name: str
    opener: str
    core: tuple[str, ...]  # in set order, after the opener
    rotation: tuple[str, ...]  # each night fills `slots` places from these
    slots: int
    encore: tuple[str, ...]  # ends on the biggest hit
    deep_cuts: tuple[str, ...]  # rarities: anything else already released
    covers: tuple[str, ...]
    # The set evolves over a tour: from each date on, one core song makes way for one from the rotation.
    swaps: tuple[tuple[date, str, str], ...] = ()

    def on(self, day: date) -> tuple[list[str], list[str]]:
        """The core set and the rotation pool as they stand at `day`."""
        core, rotation = list(self.core), list(self.rotation)
        for when, out, into in self.swaps:
            if when <= day and out in core and into in rotation:
                core[core.index(out)] = into
                rotation[rotation.index(into)] = out
        return core, rotation


class Touring:
    """The tour an artist is on at a date, and its plan (cached: one plan per tour)."""

    def __init__(self, seed: int, key: str, songs: list[SongInfo], records: list[Record], jam: bool) -> None:
        self.seed, self.key, self.jam = seed, key, jam
        self.songs = songs
        self.records = sorted(records, key=lambda r: r.released)
        self._plans: dict[str, TourPlan] = {}

    def plan_for(self, day: date) -> TourPlan | None:
        record = next((r for r in reversed(self.records) if r.released <= day), None)
        if record is not None and (day - record.released).days <= ALBUM_TOUR_DAYS:
            name, since, new = f"{record.name} Tour", record.released, record.titles
        else:
            name, since, new = f"{day.year} Tour", date(day.year, 1, 1), ()
        if name not in self._plans:
            known = [s for s in self.songs if s.released <= since or s.title in new]
            if not known:
                return None
            rng = ids.rng_for(self.seed, self.key, "tour", name)
            plan = _plan(rng, name, known, [t for t in new if t != "Intro"], self.jam)
            self._plans[name] = _with_swaps(rng, plan, since)
        return self._plans[name]


def _plan(rng: random.Random, name: str, known: list[SongInfo], new: list[str], jam: bool) -> TourPlan:
    """A tour's set: the biggest hits every tour, its own picks (the new album's songs, or a part of the
    catalog it revisits), an opener and an encore kept all tour, rotating slots from a wider pool."""
    new_set = set(new)
    old = sorted((s for s in known if s.title not in new_set), key=lambda s: (-s.popularity, s.title))
    hits = [s.title for s in old[:HITS]]
    staples, other_hits = hits[:2], hits[2:]
    if new:
        picks = rng.sample(new, min(len(new), 3 if jam else rng.randint(4, 6)))
    else:
        revisit = [s.title for s in old[HITS:]]
        picks = rng.sample(revisit, min(len(revisit), 3 if jam else rng.randint(4, 6)))
    hit_picks = rng.sample(other_hits, min(len(other_hits), 2 if jam else 3))
    spare = [h for h in other_hits if h not in hit_picks]
    encore = [*rng.sample(spare, min(len(spare), rng.randint(1, 4))), *staples[:1]]
    core = [*picks, *hit_picks, *staples[1:]]
    rng.shuffle(core)
    if not core:
        core = [s.title for s in rng.sample(known, min(len(known), 6))]
    opener, core = core[0], core[1:]
    planned = {opener, *core, *encore}
    # The rotation leans on recent songs: a tour digs into the last records more than the first ones.
    rest = sorted((s for s in known if s.title not in planned), key=lambda s: s.released, reverse=True)
    recent = [s.title for s in rest[: max(16, len(rest) // 3)]]
    rotation = rng.sample(recent, min(len(recent), 16 if jam else 12))
    deep_cuts = tuple(s.title for s in rest if s.title not in rotation)
    covers = tuple(names.song_title(rng) for _ in range(2))
    slots = min(len(rotation), 9 if jam else rng.randint(4, 6))
    return TourPlan(name, opener, tuple(core), tuple(rotation), slots, tuple(encore), deep_cuts, covers)


def _with_swaps(rng: random.Random, plan: TourPlan, since: date) -> TourPlan:
    swaps, core, rotation = [], list(plan.core), list(plan.rotation)
    for step in range(1, SWAPS + 1):
        if not core or not rotation:
            break
        out, into = rng.choice(core), rng.choice(rotation)
        core[core.index(out)], rotation[rotation.index(into)] = into, out
        swaps.append((since + timedelta(days=step * SWAP_EVERY_DAYS + rng.randint(-10, 10)), out, into))
    return replace(plan, swaps=tuple(swaps))


def night(rng: random.Random, plan: TourPlan, day: date) -> tuple[list[str], list[str], str | None]:
    """One show of the tour: main set titles, encore titles and a cover title (or None)."""
    core, rotation = plan.on(day)
    main = [title for title in core if rng.random() >= CORE_SKIP]
    for title in rng.sample(rotation, plan.slots):
        main.insert(rng.randint(0, len(main)), title)
    if plan.deep_cuts and rng.random() < RARITY:
        main.insert(rng.randint(0, len(main)), rng.choice(plan.deep_cuts))
    cover = rng.choice(plan.covers) if rng.random() < COVER else None
    return [plan.opener, *main], list(plan.encore), cover


def released_songs(tracks: list[tuple[str, date, int]]) -> list[SongInfo]:
    """One SongInfo per title (its first release; its best popularity across copies)."""
    by_title: dict[str, SongInfo] = {}
    for title, day, popularity in sorted(tracks, key=lambda t: t[1]):
        seen = by_title.get(title)
        best = max(popularity, seen.popularity) if seen else popularity
        by_title[title] = SongInfo(title, seen.released if seen else day, best)
    return list(by_title.values())

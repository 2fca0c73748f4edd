"""Predict a show's setlist from the artist's setlist history (pure: no I/O, no clock).

What an artist plays tonight is best told by what it played on the last nights of the same tour: a tour
has a core set played nearly every night, a few rotating slots, and a stable opener and encore. So each
past show weighs by recency (half-life HALF_LIFE_DAYS) and, when the show belongs to another tour than the
current one, far less again (OTHER_TOUR); a song's score is the weighted share of shows that played it.
A song that holds a stable slot (opener, encore) gets a small bonus. When a studio album came out after the
last show on record, the tour ahead promotes it: its songs get a prior that fades as shows of the new
tour come in. Without any history: the newest album, then Spotify popularity where the profile has it,
then newer releases. Ties always break the same way (title), so a prediction is deterministic.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

HALF_LIFE_DAYS = 120.0
OTHER_TOUR = 0.08  # a show of another tour counts this much as one of the current tour
CURRENT_TOUR_GAP_DAYS = 200  # the latest show's tour is still the current one this long after it
PROMOTION_DAYS = 540  # an album is "new" this long after its release
MIN_ALBUM_SONGS = 4
NEW_ALBUM_PRIOR = 0.55
NEW_ALBUM_FADE_SHOWS = 3.0  # the prior halves with every this many shows played since the release
STABLE_SLOT_BONUS = 0.05
STABLE_SLOT_SHARE = 0.6
POPULARITY_WEIGHT = 0.002  # never-played songs: popularity orders them without outranking played ones
DEFAULT_SET_LENGTH = 18
MIN_SET_LENGTH, MAX_SET_LENGTH = 5, 40


@dataclass(frozen=True, slots=True)
class PlayedSong:
    song_id: str | None  # None: a cover, or a song the catalog does not know
    encore: bool = False


@dataclass(frozen=True, slots=True)
class PastShow:
    date: date
    tour: str | None
    songs: tuple[PlayedSong, ...]  # performed songs in order (tape excluded)

    @property
    def linked(self) -> list[str]:
        return list(dict.fromkeys(s.song_id for s in self.songs if s.song_id is not None))


@dataclass(frozen=True, slots=True)
class CatalogSong:
    id: str
    title: str
    released: date | None = None
    album: str | None = None
    album_type: str | None = None  # Spotify's: album, single, compilation
    popularity: int | None = None


@dataclass(frozen=True, slots=True)
class ShowInfo:
    date: date
    tour: str | None = None
    venue: str | None = None
    city: str | None = None


@dataclass(frozen=True, slots=True)
class Ranked:
    song: CatalogSong
    score: float
    reason: str
    slot: float = 0.5  # usual place in the set, 0 = opener, 1 = last encore song


@dataclass(frozen=True, slots=True)
class Prediction:
    songs: list[Ranked]
    setlists: int  # past setlists the prediction drew on
    since: date | None  # the oldest of them
    tour: str | None
    tour_shows: int
    set_length: int
    summary: str

    def in_set_order(self) -> list[Ranked]:
        """The chosen songs as a set runs: opener first, encore last."""
        return sorted(self.songs, key=lambda r: (r.slot, -r.score, r.song.title))


@dataclass
class _Tally:
    weight: float = 0.0
    plays: int = 0
    tour_plays: int = 0
    last: date | None = None
    openers: float = 0.0
    encores: float = 0.0
    slots: list[tuple[float, float]] = field(default_factory=list)  # (relative position, weight)


def predict(
    history: Sequence[PastShow], catalog: Sequence[CatalogSong], show: ShowInfo, limit: int | None = None
) -> Prediction:
    """Rank the catalog for `show` from the history strictly before its date; top `limit` (default: the
    artist's usual set length)."""
    past = sorted((s for s in history if s.date < show.date and s.linked), key=lambda s: s.date)
    songs = [c for c in catalog if c.released is None or c.released <= show.date]
    past = name_untitled_tours(past)
    tour = current_tour(past, show)
    tour_shows = sum(1 for s in past if same_tour(s.tour, tour))
    set_length = _set_length([s for s in past if same_tour(s.tour, tour)] or past[-10:])
    tallies, total = _tally(past, show, tour)
    promoted, released = _promoted_album(songs, show)
    since_release = sum(1 for s in past if released is not None and s.date >= released)
    ranked = [
        _rank(c, tallies.get(c.id), total, promoted, since_release, tour, tour_shows, len(past))
        for c in songs
    ]
    ranked.sort(key=lambda r: (-r.score, r.song.title, r.song.id))
    chosen = ranked[: set_length if limit is None else limit]
    return Prediction(
        songs=chosen,
        setlists=len(past),
        since=past[0].date if past else None,
        tour=tour,
        tour_shows=tour_shows,
        set_length=set_length,
        summary=_summary(past, tour, tour_shows, promoted),
    )


def same_tour(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.casefold() == b.casefold()


def name_untitled_tours(past: list[PastShow]) -> list[PastShow]:
    """setlist.fm users often leave the tour out: such a show belongs to the tour of the nearest titled
    show when both its titled neighbours agree on it."""
    result = list(past)
    for i, show in enumerate(past):
        if show.tour:
            continue
        before = next((s.tour for s in reversed(past[:i]) if s.tour), None)
        after = next((s.tour for s in past[i + 1 :] if s.tour), None)
        if before and (after is None or same_tour(before, after)):
            result[i] = PastShow(show.date, before, show.songs)
    return result


def current_tour(past: list[PastShow], show: ShowInfo) -> str | None:
    if show.tour:
        return show.tour
    if past and past[-1].tour and (show.date - past[-1].date).days <= CURRENT_TOUR_GAP_DAYS:
        return past[-1].tour
    return None


def _set_length(shows: list[PastShow]) -> int:
    if not shows:
        return DEFAULT_SET_LENGTH
    usual = int(statistics.median(len(s.linked) for s in shows))
    return max(MIN_SET_LENGTH, min(usual, MAX_SET_LENGTH))


def _tally(past: list[PastShow], show: ShowInfo, tour: str | None) -> tuple[dict[str, _Tally], float]:
    tallies: dict[str, _Tally] = {}
    total = 0.0
    for past_show in past:
        same = same_tour(past_show.tour, tour)
        weight = 0.5 ** ((show.date - past_show.date).days / HALF_LIFE_DAYS) * (1.0 if same else OTHER_TOUR)
        total += weight
        linked = past_show.linked
        encore_ids = {s.song_id for s in past_show.songs if s.encore}
        for index, song_id in enumerate(linked):
            tally = tallies.setdefault(song_id, _Tally())
            tally.weight += weight
            tally.plays += 1
            tally.tour_plays += same
            tally.last = past_show.date
            tally.openers += weight * (index == 0)
            tally.encores += weight * (song_id in encore_ids)
            tally.slots.append((index / max(1, len(linked) - 1), weight))
    return tallies, total


def _promoted_album(songs: list[CatalogSong], show: ShowInfo) -> tuple[str | None, date | None]:
    """The newest studio album and its release, when it is recent enough for the tour to promote it."""
    sizes = Counter(c.album for c in songs if c.album and c.album_type == "album" and c.released)
    # A deluxe edition's lone bonus track does not make a new album.
    albums = [
        (c.released, c.album) for c in songs if c.released and c.album and sizes[c.album] >= MIN_ALBUM_SONGS
    ]
    if not albums:
        return None, None
    released, album = max(albums)
    if (show.date - released).days > PROMOTION_DAYS:
        return None, None
    return album, released


def _rank(
    song: CatalogSong,
    tally: _Tally | None,
    total: float,
    promoted: str | None,
    promoted_shows: int,
    tour: str | None,
    tour_shows: int,
    shows: int,
) -> Ranked:
    """The song's score and the reason fans see; `promoted_shows`: shows played since the new album."""
    score, reasons, slot = 0.0, [], 0.5
    if tally is not None and total > 0:
        score = tally.weight / total
        opener, encore = tally.openers / tally.weight, tally.encores / tally.weight
        slot = sum(p * w for p, w in tally.slots) / sum(w for _, w in tally.slots)
        slot = 1.0 + slot if encore >= 0.5 else slot  # encore songs come after the main set
        if max(opener, encore) >= STABLE_SLOT_SHARE:
            score += STABLE_SLOT_BONUS
        reasons.append(_played_reason(tally, tour, tour_shows, shows))
        if opener >= STABLE_SLOT_SHARE:
            reasons.append("usually opens")
        elif encore >= STABLE_SLOT_SHARE:
            reasons.append("usually in the encore")
    if promoted is not None and song.album == promoted and song.album_type == "album":
        score += NEW_ALBUM_PRIOR * 0.5 ** (promoted_shows / NEW_ALBUM_FADE_SHOWS)
        reasons.append(f"from the new album {promoted}")
    if song.popularity is not None:
        score += POPULARITY_WEIGHT * song.popularity / 100
        if not reasons and song.popularity >= 50:
            reasons.append("popular on Spotify")
    if not reasons:
        reasons.append("from the catalog")
    return Ranked(song, round(score, 4), "; ".join(reasons), slot)


def _played_reason(tally: _Tally, tour: str | None, tour_shows: int, shows: int) -> str:
    if tour and tour_shows and tally.tour_plays:
        return f"played at {tally.tour_plays} of {tour_shows} shows of the {tour}"
    last = f", last on {tally.last.isoformat()}" if tally.last else ""
    return f"played at {tally.plays} of {shows} past shows{last}"


def _summary(past: list[PastShow], tour: str | None, tour_shows: int, promoted: str | None) -> str:
    if tour and tour_shows:
        return f"based on {tour_shows} shows of the {tour}"
    if past:
        return f"based on {len(past)} past setlists since {past[0].date.year}"
    if promoted:
        return f"no setlists yet: songs from the new album {promoted}, then the most popular"
    return "no setlists yet: the newest and most popular songs"

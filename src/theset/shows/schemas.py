"""A show as the API returns it (GET /api/shows/{id} adds the caller's own votes: votes/schemas.py)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from pydantic import Field

from theset.core.schemas import ApiModel
from theset.venues.schemas import VenueOut


class ShowOut(ApiModel):
    """A show with its venue; built from a Show whose venue is loaded."""

    id: uuid.UUID
    tm_event_id: str | None
    name: str | None
    date: date | None
    starts_at: datetime | None
    local_time: str | None
    timezone: str | None
    date_tba: bool
    time_tba: bool
    status: str
    url: str | None
    image_url: str | None
    setlist_ready: bool
    venue: VenueOut | None


class ArtistRefOut(ApiModel):
    id: uuid.UUID
    name: str
    slug: str


class BilledArtistOut(ArtistRefOut):
    """An artist on the show's bill: `role` headliner or support, `billingOrder` 0 first."""

    role: str
    billing_order: int


class SongRefOut(ApiModel):
    song_id: uuid.UUID | None
    title: str


class AccuracyOut(ApiModel):
    """How close a prediction came (shows/results.py): of the `of` songs played, `hits` were in its
    top `of`; `notPlayed` are the predicted ones that were not."""

    precision: float
    recall: float
    hits: int
    of: int
    hit: list[SongRefOut]
    missed: list[SongRefOut]
    not_played: list[SongRefOut]


class SetlistSongOut(ApiModel):
    """A song of a setlist; built from a SetlistSong."""

    id: uuid.UUID
    song_id: uuid.UUID | None
    title: str
    position: int
    encore: int
    is_cover: bool
    votes: int = Field(validation_alias="vote_count")
    added_by_fan: bool
    reason: str | None


class SetlistOut(ApiModel):
    """A predicted or actual setlist. `accuracy` is the crowd's score once the actual setlist is in,
    `importedAccuracy` the import's prediction's; `basis` says what a prediction was based on."""

    id: uuid.UUID
    kind: str
    locked: bool
    accuracy: AccuracyOut | None
    imported_accuracy: AccuracyOut | None
    basis: str | None
    songs: Sequence[SetlistSongOut]  # Sequence, Mapping: votes/schemas.py narrows them for a fan


class ShowDetailOut(ShowOut):
    """The show the same for everyone: `artist` is the one it is listed under, `artists` the whole bill
    (headliner first), `setlists` by kind."""

    artist: ArtistRefOut | None
    artists: list[BilledArtistOut]
    setlists: Mapping[str, SetlistOut]

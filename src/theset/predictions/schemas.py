from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel


class PredictedSong(BaseModel):
    songId: uuid.UUID
    title: str
    score: float
    reason: str  # for fans, on hover or tap: "played at 36 of 38 shows of the 2026 Tour; usually opens"


class BasedOn(BaseModel):
    setlists: int  # past setlists the prediction drew on (all of the history before asOf)
    since: date | None  # the oldest of them
    # Beyond the contract's two fields, for the show page's one line:
    tour: str | None  # the current tour, when there is one
    tourShows: int  # shows of it on record
    summary: str  # "based on 38 shows of the 2026 Tour"


class PredictedSetlist(BaseModel):
    songs: list[PredictedSong]
    basedOn: BasedOn


class PastSong(BaseModel):
    position: int
    title: str
    songId: uuid.UUID | None  # null: a cover, a tape, or a song the catalog does not know
    setNumber: int
    encore: int
    isCover: bool
    isTape: bool


class PastVenue(BaseModel):
    name: str | None
    city: str | None
    countryCode: str | None


class PastSetlist(BaseModel):
    id: uuid.UUID
    setlistfmId: str
    versionId: str
    date: date
    tour: str | None
    venue: PastVenue
    songs: list[PastSong]

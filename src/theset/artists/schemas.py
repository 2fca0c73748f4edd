from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Generic, TypeVar

from pydantic import BaseModel


class ImportInfo(BaseModel):
    stage: str
    progress: int
    message: str | None
    updatedAt: datetime


class ArtistOut(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    tmAttractionId: str | None
    spotifyId: str | None
    mbid: str | None
    imageUrl: str | None
    importState: str
    showsSyncedAt: datetime | None
    songCatalogSyncedAt: datetime | None
    lastSyncedAt: datetime | None
    showCount: int
    songCount: int
    importStatus: ImportInfo | None


class VenueOut(BaseModel):
    id: uuid.UUID
    name: str
    city: str | None
    state: str | None
    country: str | None
    countryCode: str | None
    timezone: str | None
    latitude: float | None
    longitude: float | None


class ShowOut(BaseModel):
    id: uuid.UUID
    tmEventId: str | None
    name: str | None
    date: date | None
    startsAt: datetime | None
    localTime: str | None
    timezone: str | None
    dateTba: bool
    timeTba: bool
    status: str
    url: str | None
    imageUrl: str | None
    setlistReady: bool
    venue: VenueOut | None


class SongOut(BaseModel):
    id: uuid.UUID
    spotifyId: str | None
    name: str
    albumName: str | None
    isrc: str | None
    durationMs: int | None
    popularity: int | None
    releaseDate: str | None
    albumType: str | None
    isRemix: bool
    # From the stored setlist.fm history: shows that played it, the last one, and the share of the current
    # tour's shows that did (null when there is no current tour).
    timesPlayed: int = 0
    lastPlayed: date | None = None
    currentTourShare: float | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int

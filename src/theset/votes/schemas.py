"""Votes, fan-added songs, and the show as one fan sees it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from theset.shows.schemas import SetlistOut, SetlistSongOut, ShowDetailOut


class VoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    setlist_song_id: uuid.UUID = Field(alias="setlistSongId")


class AddSongBody(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    song_id: uuid.UUID = Field(alias="songId")


class VoteOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    setlist_song_id: uuid.UUID = Field(serialization_alias="setlistSongId")
    votes: int
    voted: bool
    remaining: int


class AddedSongOut(BaseModel):
    setlist_song_id: uuid.UUID = Field(serialization_alias="setlistSongId")
    song_id: uuid.UUID = Field(serialization_alias="songId")
    title: str
    votes: int


class FanSetlistSongOut(SetlistSongOut):
    voted: bool  # by the caller


class FanSetlistOut(SetlistOut):
    """`locked` as of now for the caller: an actual setlist always, a predicted one by flag or clock."""

    songs: Sequence[FanSetlistSongOut]


class ShowForFanOut(ShowDetailOut):
    """GET /api/shows/{id}: the show with the caller's own votes and how many they have left on it."""

    setlists: Mapping[str, FanSetlistOut]
    votes_left: int

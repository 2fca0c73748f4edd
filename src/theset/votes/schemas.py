from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


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

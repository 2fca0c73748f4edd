from __future__ import annotations

import uuid

from sqlalchemy import ARRAY, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, Timestamps, uuid_pk


class Song(Timestamps, Base):
    __tablename__ = "songs"

    id: Mapped[uuid.UUID] = uuid_pk()
    spotify_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    isrc: Mapped[str | None] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(500))
    normalized_name: Mapped[str | None] = mapped_column(String(500))
    album_name: Mapped[str | None] = mapped_column(String(500))
    album_spotify_id: Mapped[str | None] = mapped_column(String(64))
    # Spotify album type of the release the song is shown from: 'compilation' flags a song found only on
    # compilations (the original album, single or EP always wins when the catalog has it).
    album_type: Mapped[str | None] = mapped_column(String(16))
    release_date: Mapped[str | None] = mapped_column(String(10))
    popularity: Mapped[int | None] = mapped_column(Integer, index=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    is_live: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    is_remix: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # Spotify track ids merged into this song (same recording on other editions); lets a
    # re-import recognise tracks it already knows without fetching them again.
    merged_spotify_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")

    __table_args__ = (
        Index("ix_songs_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}),
    )


class ArtistSong(Base):
    __tablename__ = "artist_songs"

    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True
    )
    song_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("songs.id", ondelete="CASCADE"), primary_key=True, index=True
    )

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, Timestamps, uuid_pk

ARTIST_IMPORT_STATES = ("pending", "in_progress", "complete", "failed")


class Artist(Timestamps, Base):
    __tablename__ = "artists"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(320), unique=True)
    tm_attraction_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    spotify_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    mbid: Mapped[str | None] = mapped_column(String(36), unique=True)
    image_url: Mapped[str | None] = mapped_column(Text)
    genres: Mapped[str | None] = mapped_column(Text)
    popularity: Mapped[int | None] = mapped_column(Integer)
    followers: Mapped[int | None] = mapped_column(Integer)
    import_state: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    shows_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    song_catalog_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    setlists_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    trending_score: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    view_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Spotify albums whose tracks the catalog phase has already read; a re-import fetches only new ones.
    catalog_album_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")

    __table_args__ = (
        Index(
            "ix_artists_name_trgm", "name", postgresql_using="gin", postgresql_ops={"name": "gin_trgm_ops"}
        ),
        Index("ix_artists_trending_score", "trending_score"),
    )

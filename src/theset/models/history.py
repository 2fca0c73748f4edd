"""The artist's setlist.fm history: past shows (ours or not) with what was actually played."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, Timestamps, uuid_pk


class HistorySetlist(Timestamps, Base):
    __tablename__ = "history_setlists"

    id: Mapped[uuid.UUID] = uuid_pk()
    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE")
    )
    # Natural key: setlist.fm's id; its version says whether a re-read brings anything new.
    setlistfm_id: Mapped[str] = mapped_column(String(32), unique=True)
    version_id: Mapped[str] = mapped_column(String(32), default="", server_default="")
    event_date: Mapped[date] = mapped_column(Date)
    tour_name: Mapped[str | None] = mapped_column(String(500))
    venue_name: Mapped[str | None] = mapped_column(String(500))
    city: Mapped[str | None] = mapped_column(String(500))
    country_code: Mapped[str | None] = mapped_column(String(8))
    last_updated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Newest first, per artist: the setlists API, the refresh's "what is stored" and the predictions read it.
Index("ix_history_setlists_artist_id_event_date", HistorySetlist.artist_id, HistorySetlist.event_date.desc())


class HistorySong(Base):
    __tablename__ = "history_songs"

    id: Mapped[uuid.UUID] = uuid_pk()
    history_setlist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("history_setlists.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    # Null for a cover, a song played from tape, or one the studio catalog does not know (yet).
    song_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("songs.id", ondelete="SET NULL"), index=True
    )
    set_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    encore: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    is_tape: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")

    __table_args__ = (UniqueConstraint("history_setlist_id", "position"),)

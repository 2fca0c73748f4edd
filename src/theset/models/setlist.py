from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, Timestamps, uuid_pk

SETLIST_KINDS = ("predicted", "actual")


class Setlist(Timestamps, Base):
    __tablename__ = "setlists"

    id: Mapped[uuid.UUID] = uuid_pk()
    show_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), ForeignKey("shows.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # The crowd's recall (hits / actual set length) once the actual setlist is in; accuracy_detail keeps
    # both scores (crowd and imported prediction) with the songs hit and missed (shows/results.py).
    accuracy: Mapped[float | None] = mapped_column(Float)
    accuracy_detail: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    setlistfm_id: Mapped[str | None] = mapped_column(String(32))
    # A predicted setlist's one-line basis for fans ("based on 38 shows of the 2026 Tour").
    basis: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (UniqueConstraint("show_id", "kind"),)


class SetlistSong(Timestamps, Base):
    __tablename__ = "setlist_songs"

    id: Mapped[uuid.UUID] = uuid_pk()
    setlist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("setlists.id", ondelete="CASCADE")
    )
    # Null for an actual-setlist entry that matches no catalog song (a cover, an unreleased song).
    song_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("songs.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer)
    set_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    encore: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    vote_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Bumped with every change of vote_count (under the row lock), so the live stream can tell which of
    # two counts published out of order is the newer one (votes/live.py).
    count_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Added by a fan (POST /api/shows/{id}/songs) rather than seeded by the import's prediction.
    added_by_fan: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # Why the prediction chose this song ("played at 36 of 38 shows of the 2026 Tour; usually opens").
    reason: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("setlist_id", "position"),
        UniqueConstraint("setlist_id", "song_id"),
        # What a vote's (setlist_song_id, setlist_id) foreign key refers to.
        UniqueConstraint("id", "setlist_id"),
    )

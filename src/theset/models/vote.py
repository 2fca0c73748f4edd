from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, uuid_pk


class Vote(Base):
    __tablename__ = "votes"

    id: Mapped[uuid.UUID] = uuid_pk()
    # Exactly one of user_id (an account) and anon_id (the signed anonymous cookie) names the fan.
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="CASCADE")
    )
    anon_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    setlist_song_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("setlist_songs.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("user_id", "setlist_song_id"),
        UniqueConstraint("anon_id", "setlist_song_id"),
        CheckConstraint("(user_id IS NULL) <> (anon_id IS NULL)", name="one_fan"),
        # The hourly trending job counts recent votes per artist.
        Index("ix_votes_created_at", "created_at"),
    )


class VoteQuota(Base):
    """Votes a fan cast on one UTC day. Undoing a vote does not give it back (only the per-show limit
    does), so this counts casts, not rows; its row lock also serialises one fan's concurrent votes."""

    __tablename__ = "vote_quotas"

    fan_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

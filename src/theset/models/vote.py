from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    UniqueConstraint,
    func,
    text,
)
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
    setlist_song_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    # The song's setlist, copied onto the vote so the per-show limit counts a fan's votes on a setlist
    # from an index of a handful of entries instead of probing every song of a setlist that fans can
    # grow without bound; the composite foreign key keeps the copy equal to the song's own.
    setlist_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("user_id", "setlist_song_id"),
        UniqueConstraint("anon_id", "setlist_song_id"),
        CheckConstraint("(user_id IS NULL) <> (anon_id IS NULL)", name="one_fan"),
        ForeignKeyConstraint(
            ["setlist_song_id", "setlist_id"],
            ["setlist_songs.id", "setlist_songs.setlist_id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_votes_user_id_setlist_id",
            "user_id",
            "setlist_id",
            postgresql_where=text("user_id IS NOT NULL"),
        ),
        Index(
            "ix_votes_anon_id_setlist_id",
            "anon_id",
            "setlist_id",
            postgresql_where=text("anon_id IS NOT NULL"),
        ),
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

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from theset.models.base import Base, Timestamps, uuid_pk

if TYPE_CHECKING:
    from theset.models.venue import Venue

SHOW_STATUSES = ("onsale", "offsale", "cancelled", "postponed", "rescheduled")


class Show(Timestamps, Base):
    __tablename__ = "shows"

    id: Mapped[uuid.UUID] = uuid_pk()
    tm_event_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE")
    )
    venue_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("venues.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(500))
    # Local calendar date at the venue; null while Ticketmaster says the date is TBA/TBD.
    date: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    local_time: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    date_tba: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    time_tba: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    status: Mapped[str] = mapped_column(String(16), default="onsale", server_default="onsale")
    url: Mapped[str | None] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(Text)
    setlist_ready: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    setlistfm_id: Mapped[str | None] = mapped_column(String(32), unique=True)

    # Loaded explicitly (selectinload) so no query hides in an attribute access.
    venue: Mapped[Venue | None] = relationship(lazy="raise")


# The artist page lists shows newest first.
Index("ix_shows_artist_id_date_desc", Show.artist_id, Show.date.desc())

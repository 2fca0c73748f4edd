from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base


class ArtistPageViews(Base):
    """Artist page views per UTC day, folded in hourly from Redis counters (trending/views.py): the
    trending windows (today, week, month) need views by day, and a page view never writes here itself."""

    __tablename__ = "artist_page_views"

    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True, index=True)
    views: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

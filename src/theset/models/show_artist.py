from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base

SHOW_ARTIST_ROLES = ("headliner", "support")


class ShowArtist(Base):
    """Who plays a show: the headliner (Ticketmaster's first attraction) and support acts, in billing order.

    Every show query for an artist goes through this link, so importing one artist never takes shows
    away from another that shares the event; `shows.artist_id` only names the headliner for display."""

    __tablename__ = "show_artists"

    show_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True
    )
    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="headliner", server_default="headliner")
    # 0 for the headliner, then the support acts in Ticketmaster's order.
    billing_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from theset.models.base import Base, uuid_pk

IMPORT_STAGES = ("pending", "initializing", "identity", "shows", "catalog", "wrapup", "completed", "failed")
TERMINAL_STAGES = ("completed", "failed")


class ImportStatus(Base):
    __tablename__ = "import_status"

    id: Mapped[uuid.UUID] = uuid_pk()
    artist_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("artists.id", ondelete="CASCADE"), unique=True
    )
    stage: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    progress: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    message: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    job_id: Mapped[str | None] = mapped_column(String(128))
    # The current run's checkpoint: phases finished, so a retried or re-enqueued job skips them.
    phases_done: Mapped[list[str]] = mapped_column(ARRAY(String(16)), default=list, server_default="{}")
    # The run's fan-readable caveats (an ambiguous identity, a catalog skipped), saved with each checkpoint:
    # a resumed run skips the phase that noticed them and must still report them when it completes.
    notes: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    # Monotonic event id for SSE (`id:` / Last-Event-ID); never reset, even across runs.
    sequence: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

"""import_status.phases_done: an import run's checkpoint lives in PostgreSQL, the record, so a run
re-enqueued after Redis lost its data resumes where it stopped

Revision ID: 0008_security
Revises: 0006_setlist_history (0003 when written; re-chained after main gained 0004-0006)
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_security"
down_revision: str | None = "0007_fansite"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "import_status",
        sa.Column("phases_done", postgresql.ARRAY(sa.String(length=16)), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_column("import_status", "phases_done")

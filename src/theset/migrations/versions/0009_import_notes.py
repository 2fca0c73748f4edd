"""import_status.notes: the notes an import run's finished phases left (an ambiguous MusicBrainz
identity, a catalog skipped), saved with the checkpoint so a resumed run still reports them

Revision ID: 0009_import_notes
Revises: 0008_security
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009_import_notes"
down_revision: str | None = "0008_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "import_status",
        sa.Column("notes", postgresql.ARRAY(sa.Text()), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_column("import_status", "notes")

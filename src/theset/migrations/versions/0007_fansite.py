"""artist_page_views: artist page views per day, for the trending windows

Revision ID: 0007_fansite
Revises: 0006_setlist_history
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_fansite"
down_revision: str | None = "0006_setlist_history"  # chained onto main's head at merge
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "artist_page_views",
        sa.Column("artist_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"], ["artists.id"], name="fk_artist_page_views_artist_id_artists", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("artist_id", "day", name="pk_artist_page_views"),
    )
    op.create_index("ix_artist_page_views_day", "artist_page_views", ["day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_artist_page_views_day", table_name="artist_page_views")
    op.drop_table("artist_page_views")

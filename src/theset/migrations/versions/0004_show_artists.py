"""show_artists: a show has several artists (headliner and support acts, in billing order)

Every existing show gets its current artist as headliner, so no show loses its artist.

Revision ID: 0004_show_artists
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_show_artists"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "show_artists",
        sa.Column("show_id", sa.UUID(), nullable=False),
        sa.Column("artist_id", sa.UUID(), nullable=False),
        sa.Column("role", sa.String(length=16), server_default="headliner", nullable=False),
        sa.Column("billing_order", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_show_artists_show_id_shows"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["artist_id"], ["artists.id"], name=op.f("fk_show_artists_artist_id_artists"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("show_id", "artist_id", name=op.f("pk_show_artists")),
    )
    op.create_index(op.f("ix_show_artists_artist_id"), "show_artists", ["artist_id"], unique=False)
    op.execute(
        "INSERT INTO show_artists (show_id, artist_id, role, billing_order) "
        "SELECT id, artist_id, 'headliner', 0 FROM shows"
    )


def downgrade() -> None:
    # Only the headliner survives a downgrade: shows had a single artist before this revision.
    op.drop_index(op.f("ix_show_artists_artist_id"), table_name="show_artists")
    op.drop_table("show_artists")

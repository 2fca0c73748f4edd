"""Setlist history from setlist.fm (history_setlists, history_songs); why a prediction chose its songs

Revision ID: 0006_setlist_history
Revises: 0004_show_artists (chained after main's head at merge; was 0003)
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_setlist_history"
down_revision: str | None = "0005_voting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "history_setlists",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("artist_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("setlistfm_id", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.String(length=32), server_default="", nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("tour_name", sa.String(length=500), nullable=True),
        sa.Column("venue_name", sa.String(length=500), nullable=True),
        sa.Column("city", sa.String(length=500), nullable=True),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"],
            ["artists.id"],
            name=op.f("fk_history_setlists_artist_id_artists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_setlists")),
        sa.UniqueConstraint("setlistfm_id", name=op.f("uq_history_setlists_setlistfm_id")),
    )
    op.create_index(
        "ix_history_setlists_artist_id_event_date",
        "history_setlists",
        ["artist_id", sa.text("event_date DESC")],
    )
    op.create_table(
        "history_songs",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("history_setlist_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("song_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("set_number", sa.Integer(), server_default="1", nullable=False),
        sa.Column("encore", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_cover", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_tape", sa.Boolean(), server_default="false", nullable=False),
        sa.ForeignKeyConstraint(
            ["history_setlist_id"],
            ["history_setlists.id"],
            name=op.f("fk_history_songs_history_setlist_id_history_setlists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["song_id"], ["songs.id"], name=op.f("fk_history_songs_song_id_songs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_songs")),
        sa.UniqueConstraint(
            "history_setlist_id", "position", name=op.f("uq_history_songs_history_setlist_id_position")
        ),
    )
    op.create_index(op.f("ix_history_songs_song_id"), "history_songs", ["song_id"])
    op.add_column("setlists", sa.Column("basis", sa.String(length=300), nullable=True))
    op.add_column("setlist_songs", sa.Column("reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column("setlist_songs", "reason")
    op.drop_column("setlists", "basis")
    op.drop_index(op.f("ix_history_songs_song_id"), table_name="history_songs")
    op.drop_table("history_songs")
    op.drop_index("ix_history_setlists_artist_id_event_date", table_name="history_setlists")
    op.drop_table("history_setlists")

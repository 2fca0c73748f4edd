"""Voting: anonymous votes, daily vote quotas, fan-added songs, accuracy details

Revision ID: 0005_voting
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005_voting"
down_revision: str | None = "0004_show_artists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("votes", "user_id", existing_type=sa.UUID(), nullable=True)
    op.add_column("votes", sa.Column("anon_id", sa.UUID(), nullable=True))
    op.create_unique_constraint(
        op.f("uq_votes_anon_id_setlist_song_id"), "votes", ["anon_id", "setlist_song_id"]
    )
    op.create_check_constraint(op.f("ck_votes_one_fan"), "votes", "(user_id IS NULL) <> (anon_id IS NULL)")
    op.create_index("ix_votes_created_at", "votes", ["created_at"], unique=False)
    op.create_table(
        "vote_quotas",
        sa.Column("fan_id", sa.UUID(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("fan_id", "day", name=op.f("pk_vote_quotas")),
    )
    op.add_column(
        "setlist_songs", sa.Column("added_by_fan", sa.Boolean(), server_default="false", nullable=False)
    )
    op.add_column(
        "setlist_songs", sa.Column("count_version", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "setlists", sa.Column("accuracy_detail", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("setlists", "accuracy_detail")
    op.drop_column("setlist_songs", "added_by_fan")
    op.drop_column("setlist_songs", "count_version")
    op.drop_table("vote_quotas")
    op.drop_index("ix_votes_created_at", table_name="votes")
    op.drop_constraint(op.f("ck_votes_one_fan"), "votes", type_="check")
    op.drop_constraint(op.f("uq_votes_anon_id_setlist_song_id"), "votes", type_="unique")
    op.execute("DELETE FROM votes WHERE user_id IS NULL")
    op.drop_column("votes", "anon_id")
    op.alter_column("votes", "user_id", existing_type=sa.UUID(), nullable=False)

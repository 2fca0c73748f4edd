"""votes.setlist_id: a vote names its song's setlist, so the per-show limit counts a fan's votes on a
setlist from an index (ix_votes_{user,anon}_id_setlist_id) instead of probing every song of the setlist;
a composite foreign key to setlist_songs (id, setlist_id) keeps the copy equal to the song's setlist

Revision ID: 0010_vote_setlist
Revises: 0009_import_notes
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010_vote_setlist"
down_revision: str | None = "0009_import_notes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_votes_setlist_song_id_setlist_songs"


def upgrade() -> None:
    op.add_column("votes", sa.Column("setlist_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.execute(
        "UPDATE votes v SET setlist_id = ss.setlist_id FROM setlist_songs ss WHERE ss.id = v.setlist_song_id"
    )
    op.alter_column("votes", "setlist_id", nullable=False)
    op.create_unique_constraint("uq_setlist_songs_id_setlist_id", "setlist_songs", ["id", "setlist_id"])
    op.drop_constraint(FK, "votes", type_="foreignkey")
    op.create_foreign_key(
        FK,
        "votes",
        "setlist_songs",
        ["setlist_song_id", "setlist_id"],
        ["id", "setlist_id"],
        ondelete="CASCADE",
    )
    op.create_index(
        "ix_votes_user_id_setlist_id",
        "votes",
        ["user_id", "setlist_id"],
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )
    op.create_index(
        "ix_votes_anon_id_setlist_id",
        "votes",
        ["anon_id", "setlist_id"],
        postgresql_where=sa.text("anon_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_votes_anon_id_setlist_id", table_name="votes")
    op.drop_index("ix_votes_user_id_setlist_id", table_name="votes")
    op.drop_constraint(FK, "votes", type_="foreignkey")
    op.create_foreign_key(FK, "votes", "setlist_songs", ["setlist_song_id"], ["id"], ondelete="CASCADE")
    op.drop_constraint("uq_setlist_songs_id_setlist_id", "setlist_songs", type_="unique")
    op.drop_column("votes", "setlist_id")

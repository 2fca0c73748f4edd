"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 02:11:00.819796
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Trigram indexes back the typeahead search on artist and song names.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "artists",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=320), nullable=False),
        sa.Column("tm_attraction_id", sa.String(length=64), nullable=True),
        sa.Column("spotify_id", sa.String(length=64), nullable=True),
        sa.Column("mbid", sa.String(length=36), nullable=True),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("genres", sa.Text(), nullable=True),
        sa.Column("popularity", sa.Integer(), nullable=True),
        sa.Column("followers", sa.Integer(), nullable=True),
        sa.Column("import_state", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("shows_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("song_catalog_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("setlists_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trending_score", sa.Float(), server_default="0", nullable=False),
        sa.Column("view_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artists")),
        sa.UniqueConstraint("mbid", name=op.f("uq_artists_mbid")),
        sa.UniqueConstraint("slug", name=op.f("uq_artists_slug")),
        sa.UniqueConstraint("spotify_id", name=op.f("uq_artists_spotify_id")),
        sa.UniqueConstraint("tm_attraction_id", name=op.f("uq_artists_tm_attraction_id")),
    )
    op.create_index(
        "ix_artists_name_trgm",
        "artists",
        ["name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.create_index("ix_artists_trending_score", "artists", ["trending_score"], unique=False)
    op.create_table(
        "songs",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("spotify_id", sa.String(length=64), nullable=True),
        sa.Column("isrc", sa.String(length=16), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("normalized_name", sa.String(length=500), nullable=True),
        sa.Column("album_name", sa.String(length=500), nullable=True),
        sa.Column("album_spotify_id", sa.String(length=64), nullable=True),
        sa.Column("release_date", sa.String(length=10), nullable=True),
        sa.Column("popularity", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("is_live", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("is_remix", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("merged_spotify_ids", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_songs")),
        sa.UniqueConstraint("spotify_id", name=op.f("uq_songs_spotify_id")),
    )
    op.create_index(op.f("ix_songs_isrc"), "songs", ["isrc"], unique=False)
    op.create_index(
        "ix_songs_name_trgm",
        "songs",
        ["name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.create_index(op.f("ix_songs_popularity"), "songs", ["popularity"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_admin", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "venues",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("tm_venue_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=200), nullable=True),
        sa.Column("state_code", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("country_code", sa.String(length=8), nullable=True),
        sa.Column("postal_code", sa.String(length=32), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
        sa.UniqueConstraint("tm_venue_id", name=op.f("uq_venues_tm_venue_id")),
    )
    op.create_table(
        "artist_songs",
        sa.Column("artist_id", sa.UUID(), nullable=False),
        sa.Column("song_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"], ["artists.id"], name=op.f("fk_artist_songs_artist_id_artists"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["song_id"], ["songs.id"], name=op.f("fk_artist_songs_song_id_songs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("artist_id", "song_id", name=op.f("pk_artist_songs")),
    )
    op.create_index(op.f("ix_artist_songs_song_id"), "artist_songs", ["song_id"], unique=False)
    op.create_table(
        "import_status",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("artist_id", sa.UUID(), nullable=False),
        sa.Column("stage", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("progress", sa.Integer(), server_default="0", nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("job_id", sa.String(length=128), nullable=True),
        sa.Column("sequence", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"], ["artists.id"], name=op.f("fk_import_status_artist_id_artists"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_status")),
        sa.UniqueConstraint("artist_id", name=op.f("uq_import_status_artist_id")),
    )
    op.create_table(
        "shows",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("tm_event_id", sa.String(length=64), nullable=True),
        sa.Column("artist_id", sa.UUID(), nullable=False),
        sa.Column("venue_id", sa.UUID(), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("local_time", sa.String(length=8), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("date_tba", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("time_tba", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="onsale", nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("setlist_ready", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("setlistfm_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["artist_id"], ["artists.id"], name=op.f("fk_shows_artist_id_artists"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venues.id"], name=op.f("fk_shows_venue_id_venues"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shows")),
        sa.UniqueConstraint("setlistfm_id", name=op.f("uq_shows_setlistfm_id")),
        sa.UniqueConstraint("tm_event_id", name=op.f("uq_shows_tm_event_id")),
    )
    op.create_index(
        "ix_shows_artist_id_date_desc", "shows", ["artist_id", sa.literal_column("date DESC")], unique=False
    )
    op.create_index(op.f("ix_shows_venue_id"), "shows", ["venue_id"], unique=False)
    op.create_table(
        "setlists",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("show_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("is_locked", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("accuracy", sa.Float(), nullable=True),
        sa.Column("setlistfm_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_setlists_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setlists")),
        sa.UniqueConstraint("show_id", "kind", name=op.f("uq_setlists_show_id_kind")),
    )
    op.create_table(
        "setlist_songs",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("setlist_id", sa.UUID(), nullable=False),
        sa.Column("song_id", sa.UUID(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("set_number", sa.Integer(), server_default="1", nullable=False),
        sa.Column("encore", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_cover", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("vote_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["setlist_id"],
            ["setlists.id"],
            name=op.f("fk_setlist_songs_setlist_id_setlists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["song_id"], ["songs.id"], name=op.f("fk_setlist_songs_song_id_songs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setlist_songs")),
        sa.UniqueConstraint("setlist_id", "position", name=op.f("uq_setlist_songs_setlist_id_position")),
        sa.UniqueConstraint("setlist_id", "song_id", name=op.f("uq_setlist_songs_setlist_id_song_id")),
    )
    op.create_index(op.f("ix_setlist_songs_song_id"), "setlist_songs", ["song_id"], unique=False)
    op.create_table(
        "votes",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("setlist_song_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["setlist_song_id"],
            ["setlist_songs.id"],
            name=op.f("fk_votes_setlist_song_id_setlist_songs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_votes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint("user_id", "setlist_song_id", name=op.f("uq_votes_user_id_setlist_song_id")),
    )
    op.create_index(op.f("ix_votes_setlist_song_id"), "votes", ["setlist_song_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_votes_setlist_song_id"), table_name="votes")
    op.drop_table("votes")
    op.drop_index(op.f("ix_setlist_songs_song_id"), table_name="setlist_songs")
    op.drop_table("setlist_songs")
    op.drop_table("setlists")
    op.drop_index(op.f("ix_shows_venue_id"), table_name="shows")
    op.drop_index("ix_shows_artist_id_date_desc", table_name="shows")
    op.drop_table("shows")
    op.drop_table("import_status")
    op.drop_index(op.f("ix_artist_songs_song_id"), table_name="artist_songs")
    op.drop_table("artist_songs")
    op.drop_table("venues")
    op.drop_table("users")
    op.drop_index(op.f("ix_songs_popularity"), table_name="songs")
    op.drop_index(
        "ix_songs_name_trgm",
        table_name="songs",
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.drop_index(op.f("ix_songs_isrc"), table_name="songs")
    op.drop_table("songs")
    op.drop_index("ix_artists_trending_score", table_name="artists")
    op.drop_index(
        "ix_artists_name_trgm",
        table_name="artists",
        postgresql_using="gin",
        postgresql_ops={"name": "gin_trgm_ops"},
    )
    op.drop_table("artists")

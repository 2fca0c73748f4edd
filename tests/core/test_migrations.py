from __future__ import annotations

import asyncio
import uuid

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from theset.core import migrate
from theset.devenv import recreate_database
from theset.models import Base

TABLES = {
    "show_artists",
    "artists",
    "venues",
    "shows",
    "songs",
    "artist_songs",
    "import_status",
    "users",
    "setlists",
    "setlist_songs",
    "votes",
}
NATURAL_KEYS = {
    ("artists", ("tm_attraction_id",)),
    ("artists", ("spotify_id",)),
    ("artists", ("mbid",)),
    ("artists", ("slug",)),
    ("venues", ("tm_venue_id",)),
    ("shows", ("tm_event_id",)),
    ("songs", ("spotify_id",)),
    ("import_status", ("artist_id",)),
    ("votes", ("user_id", "setlist_song_id")),
    ("show_artists", ("show_id", "artist_id")),
    ("setlists", ("show_id", "kind")),
}


def _schema(sync_conn: object) -> dict[str, object]:
    insp = inspect(sync_conn)
    uniques = set()
    for table in insp.get_table_names():
        for uc in insp.get_unique_constraints(table):
            uniques.add((table, tuple(uc["column_names"])))
        pk = insp.get_pk_constraint(table)["constrained_columns"]
        uniques.add((table, tuple(pk)))
    indexes = {ix["name"]: ix for t in insp.get_table_names() for ix in insp.get_indexes(t)}
    return {"tables": set(insp.get_table_names()), "uniques": uniques, "indexes": indexes}


async def test_upgrade_creates_the_tables_with_natural_keys(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        schema = await conn.run_sync(_schema)
        extensions = (await conn.exec_driver_sql("SELECT extname FROM pg_extension")).scalars().all()
    assert schema["tables"] >= TABLES | {"alembic_version"}
    assert schema["uniques"] >= NATURAL_KEYS
    assert ("artist_songs", ("artist_id", "song_id")) in schema["uniques"]
    indexes = schema["indexes"]
    assert "pg_trgm" in extensions
    for name in (
        "ix_artists_name_trgm",
        "ix_songs_name_trgm",
        "ix_shows_artist_id_date_desc",
        "ix_songs_popularity",
        "ix_songs_isrc",
    ):
        assert name in indexes, name


async def test_models_and_migration_do_not_drift(engine: AsyncEngine) -> None:
    def _diff(sync_conn: object) -> list[object]:
        ctx = MigrationContext.configure(
            sync_conn,
            opts={"compare_type": True, "compare_server_default": True},  # type: ignore[arg-type]
        )
        return compare_metadata(ctx, Base.metadata)

    async with engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    assert diff == []


def test_downgrade_then_upgrade_round_trip(migrated_database: str) -> None:
    test_db = make_url(migrated_database)
    # Named after this suite's database, so suites of parallel checkouts never share it.
    url = test_db.set(database=f"{test_db.database}_roundtrip").render_as_string(hide_password=False)
    recreate_database(url)

    async def tables() -> set[str]:
        eng = create_async_engine(url)
        async with eng.connect() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        await eng.dispose()
        return names

    migrate.upgrade("head", url)
    assert asyncio.run(tables()) >= TABLES
    migrate.downgrade("base", url)
    assert asyncio.run(tables()) == {"alembic_version"}
    migrate.upgrade("head", url)
    assert asyncio.run(tables()) >= TABLES


def test_votes_learn_their_setlist_and_cannot_name_another(migrated_database: str) -> None:
    """0010 copies each existing vote's setlist from its song; afterwards the database refuses a vote whose
    setlist is not its song's (the per-show limit counts votes by that copy)."""
    test_db = make_url(migrated_database)
    url = test_db.set(database=f"{test_db.database}_vote_setlist").render_as_string(hide_password=False)
    recreate_database(url)
    migrate.upgrade("0009_import_notes", url)
    ids = {name: uuid.uuid4() for name in ("artist", "show", "predicted", "actual", "song", "user", "vote")}

    async def seed() -> None:
        eng = create_async_engine(url)
        async with eng.begin() as conn:
            for statement in (
                "INSERT INTO artists (id, name, slug) VALUES (:artist, 'A', 'a')",
                "INSERT INTO shows (id, artist_id, name) VALUES (:show, :artist, 'S')",
                "INSERT INTO setlists (id, show_id, kind) VALUES (:predicted, :show, 'predicted'),"
                " (:actual, :show, 'actual')",
                "INSERT INTO setlist_songs (id, setlist_id, title, position)"
                " VALUES (:song, :predicted, 'T', 1)",
                "INSERT INTO users (id, email, display_name) VALUES (:user, 'f@example.com', 'F')",
                "INSERT INTO votes (id, user_id, setlist_song_id) VALUES (:vote, :user, :song)",
            ):
                await conn.execute(text(statement), ids)
        await eng.dispose()

    async def after_upgrade() -> tuple[uuid.UUID, str]:
        eng = create_async_engine(url)
        async with eng.connect() as conn:
            copied = (await conn.execute(text("SELECT setlist_id FROM votes"))).scalar_one()
        refused = ""
        try:
            async with eng.begin() as conn:
                await conn.execute(
                    text(
                        "INSERT INTO votes (id, anon_id, setlist_song_id, setlist_id)"
                        " VALUES (gen_random_uuid(), gen_random_uuid(), :song, :actual)"
                    ),
                    ids,
                )
        except IntegrityError as exc:
            refused = str(exc.orig)
        await eng.dispose()
        return copied, refused

    asyncio.run(seed())
    migrate.upgrade("head", url)
    copied, refused = asyncio.run(after_upgrade())
    assert copied == ids["predicted"]
    assert "fk_votes_setlist_song_id_setlist_songs" in refused

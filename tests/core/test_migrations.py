from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
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

"""Shows with predicted setlists, fans with sessions, and an API client whose clock a test sets."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.providers.conftest import sim  # noqa: F401 - the simulator fixture, for test_accuracy
from theset.core.clock import get_clock
from theset.core.redis import get_redis
from theset.models import Artist, ArtistSong, Setlist, SetlistSong, Show, Song, User
from theset.users import sessions

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
JSON = {"Content-Type": "application/json"}


@dataclass
class Api:
    client: httpx.AsyncClient
    app: Any
    now: datetime = NOW

    def set_now(self, when: datetime) -> None:
        self.now = when


@pytest.fixture
async def api(redis_client: object) -> AsyncIterator[Api]:
    """The app on the test's database binding (rolled back or committed, as the test chose)."""
    from theset.web.app import create_app

    app = create_app(configure_logs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        holder = Api(client, app)
        app.dependency_overrides[get_clock] = lambda: lambda: holder.now
        yield holder


@dataclass
class ShowFixture:
    show: Show
    setlist: Setlist
    songs: list[SetlistSong]
    catalog: list[Song] = field(default_factory=list)  # studio songs not in the setlist yet
    live_song: Song | None = None
    other_artist_song: Song | None = None


async def make_show(
    session: AsyncSession,
    *,
    starts_at: datetime | None = NOW + timedelta(days=3),
    status: str = "onsale",
    songs: int = 12,
) -> ShowFixture:
    tag = uuid.uuid4().hex[:8]
    artist = Artist(name=f"Band {tag}", slug=f"band-{tag}")
    other = Artist(name=f"Other {tag}", slug=f"other-{tag}")
    session.add_all([artist, other])
    await session.flush()
    show = Show(
        artist_id=artist.id, name="Live", date=(starts_at or NOW).date(), starts_at=starts_at, status=status
    )
    session.add(show)
    await session.flush()
    setlist = Setlist(show_id=show.id, kind="predicted")
    session.add(setlist)
    catalog = [Song(name=f"Song {i} {tag}", spotify_id=f"sp{tag}{i:03d}") for i in range(songs + 3)]
    live_song = Song(name=f"Song 0 {tag} - Live", spotify_id=f"sp{tag}live", is_live=True)
    foreign = Song(name=f"Theirs {tag}", spotify_id=f"sp{tag}other")
    session.add_all([*catalog, live_song, foreign])
    await session.flush()
    session.add_all([ArtistSong(artist_id=artist.id, song_id=s.id) for s in [*catalog, live_song]])
    session.add(ArtistSong(artist_id=other.id, song_id=foreign.id))
    entries = [
        SetlistSong(setlist_id=setlist.id, song_id=s.id, title=s.name, position=i)
        for i, s in enumerate(catalog[:songs], start=1)
    ]
    session.add_all(entries)
    await session.flush()
    await session.commit()
    return ShowFixture(show, setlist, entries, catalog[songs:], live_song, foreign)


async def make_fan(session: AsyncSession, name: str | None = None) -> tuple[User, dict[str, str]]:
    """An account (no password: these tests never sign in with one) and its session cookie header."""
    name = name or uuid.uuid4().hex[:10]
    user = User(email=f"{name}@example.org", display_name=name)
    session.add(user)
    await session.flush()
    await session.commit()
    token = await sessions.create(get_redis(), user.id)
    return user, {**JSON, "Cookie": f"{sessions.COOKIE_NAME}={token}"}


def cookie_header(response: httpx.Response, name: str) -> str:
    value = response.cookies.get(name)
    assert value, f"no {name} cookie set"
    return f"{name}={value}"

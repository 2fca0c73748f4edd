from __future__ import annotations

import pytest

from theset.core.config import ConfigError, Settings, load_settings


def test_defaults_point_every_provider_at_the_simulator(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("TICKETMASTER_API_KEY", "SPOTIFY_CLIENT_ID", "SETLISTFM_API_KEY", "TICKETMASTER_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    s = Settings(_env_file=None)
    assert s.uses_simulator
    assert s.ticketmaster_url == "http://127.0.0.1:8900/ticketmaster/discovery/v2"
    assert s.spotify_url == "http://127.0.0.1:8900/spotify/v1"
    assert s.spotify_accounts_url == "http://127.0.0.1:8900/spotify-accounts"
    assert s.setlistfm_url == "http://127.0.0.1:8900/setlistfm/rest/1.0"
    assert s.musicbrainz_url == "http://127.0.0.1:8900/musicbrainz/ws/2"


def test_real_credentials_switch_to_real_base_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETMASTER_API_KEY", "tm-real")
    monkeypatch.setenv("SPOTIFY_CLIENT_ID", "cid")
    monkeypatch.setenv("SPOTIFY_CLIENT_SECRET", "csecret")
    monkeypatch.setenv("SETLISTFM_API_KEY", "sfm")
    s = Settings(_env_file=None)
    assert not s.uses_simulator
    assert s.ticketmaster_url == "https://app.ticketmaster.com/discovery/v2"
    assert s.spotify_url == "https://api.spotify.com/v1"
    assert s.spotify_accounts_url == "https://accounts.spotify.com"
    assert s.setlistfm_url == "https://api.setlist.fm/rest/1.0"
    assert s.musicbrainz_url == "https://musicbrainz.org/ws/2"
    assert s.ticketmaster_key == "tm-real"
    assert s.spotify_credentials == ("cid", "csecret")


def test_explicit_base_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETMASTER_BASE_URL", "http://127.0.0.1:9999/tm/")
    assert Settings(_env_file=None).ticketmaster_url == "http://127.0.0.1:9999/tm"


def test_secrets_are_not_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TICKETMASTER_API_KEY", "super-secret-tm-key")
    monkeypatch.setenv("ADMIN_TOKEN", "admin-secret-token")
    s = Settings(_env_file=None)
    assert "super-secret-tm-key" not in repr(s)
    assert "admin-secret-token" not in str(s.model_dump())


def test_queue_concurrency_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUEUE_CONCURRENCY_ARTIST_IMPORT", "7")
    s = Settings(_env_file=None)
    assert s.concurrency_for("artist-import", 4) == 7
    assert s.concurrency_for("cleanup", 1) == 1


@pytest.mark.parametrize(
    ("var", "value", "needle"),
    [
        ("QUEUE_CONCURRENCY_NOPE", "3", "QUEUE_CONCURRENCY_NOPE: unknown queue"),
        ("QUEUE_CONCURRENCY_CLEANUP", "many", "QUEUE_CONCURRENCY_CLEANUP: must be a whole number"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL"),
        ("REDIS_URL", "http://nope", "REDIS_URL"),
        ("SPOTIFY_RATE_LIMIT", "-1", "SPOTIFY_RATE_LIMIT"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
    ],
)
def test_invalid_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, needle: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert needle in str(info.value)


def test_plain_postgres_url_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/d")
    assert load_settings().database_url == "postgresql+asyncpg://u@h:5432/d"

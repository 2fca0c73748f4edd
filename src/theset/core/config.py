"""One typed Settings object for the whole process, read from the environment.

When no upstream credentials are configured the app points at the bundled simulator, so a fresh
clone runs offline; setting a real key switches that provider to its real base URL.
"""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from theset.core.queue_names import QUEUE_NAMES, env_suffix

DEFAULT_SIMULATOR_URL = "http://127.0.0.1:8900"
# Credentials the simulator accepts by default; they only ever unlock the local simulator.
SIM_TICKETMASTER_KEY = "sim-ticketmaster-key"
SIM_SPOTIFY_CLIENT_ID = "sim-spotify-client"
SIM_SPOTIFY_CLIENT_SECRET = "sim-spotify-secret"  # noqa: S105
SIM_SETLISTFM_KEY = "sim-setlistfm-key"

REAL_BASE_URLS = {
    "ticketmaster": "https://app.ticketmaster.com/discovery/v2",
    "spotify_api": "https://api.spotify.com/v1",
    "spotify_accounts": "https://accounts.spotify.com",
    "setlistfm": "https://api.setlist.fm/rest/1.0",
    "musicbrainz": "https://musicbrainz.org/ws/2",
}
SIM_PATHS = {
    "ticketmaster": "/ticketmaster/discovery/v2",
    "spotify_api": "/spotify/v1",
    "spotify_accounts": "/spotify-accounts",
    "setlistfm": "/setlistfm/rest/1.0",
    "musicbrainz": "/musicbrainz/ws/2",
}


class ConfigError(Exception):
    """A setting is invalid; the message names the environment variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/theset"
    # True when DATABASE_URL points at PgBouncer in transaction-pooling mode (core/db.pooler_connect_args).
    database_transaction_pooling: bool = False
    # Connections each process keeps (core/db.create_engine). No overflow: a connection opened past the
    # pool is closed again when returned, so a load above the pool opened and closed one per request.
    database_pool_size: int = Field(default=20, ge=1, le=500)
    redis_url: str = "redis://127.0.0.1:6379/0"
    queue_prefix: str = "theset"
    # Socket timeout of every Redis call on a request path: past it the request answers 503, not a hang.
    redis_timeout_seconds: float = Field(default=2.0, gt=0, le=60)
    admin_token: SecretStr | None = None
    secret_key: SecretStr = SecretStr("dev-insecure-secret-key-change-me")
    user_session_ttl_hours: float = Field(default=336.0, gt=0)
    # Addresses (or CIDR networks), comma-separated, whose X-Forwarded-For / X-Forwarded-Proto are
    # believed; empty = none, so no client can choose the address its sign-in limits are counted under.
    trusted_proxies: str = ""
    log_level: str = "INFO"
    log_format: str = Field(default="console", pattern="^(console|json)$")

    simulator_url: str = DEFAULT_SIMULATOR_URL
    ticketmaster_api_key: SecretStr | None = None
    ticketmaster_base_url: str | None = None
    spotify_client_id: str | None = None
    spotify_client_secret: SecretStr | None = None
    spotify_api_base_url: str | None = None
    spotify_accounts_base_url: str | None = None
    setlistfm_api_key: SecretStr | None = None
    setlistfm_base_url: str | None = None
    musicbrainz_base_url: str | None = None
    musicbrainz_user_agent: str = "TheSet/0.1 ( https://github.com/theset/theset )"

    # Requests per second, shared by every process through Redis; the providers' published figures are in
    # docs/architecture.md ("Measured decisions").
    ticketmaster_rate_limit: float = Field(default=4.0, gt=0)
    ticketmaster_daily_quota: int = Field(default=5000, gt=0)
    spotify_rate_limit: float = Field(default=5.0, gt=0)
    setlistfm_rate_limit: float = Field(default=2.0, gt=0)
    # MusicBrainz allows 1/s on average and answers 503 when two calls land closer; network jitter
    # makes a client paced at exactly 1/s trip it now and then, so keep a little headroom.
    musicbrainz_rate_limit: float = Field(default=0.9, gt=0)
    http_timeout_seconds: float = Field(default=15.0, gt=0)
    http_max_retries: int = Field(default=6, ge=0)

    queue_concurrency: dict[str, int] = Field(default_factory=dict)
    worker_shutdown_timeout: float = Field(default=30.0, gt=0)
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    worker_metrics_addr: str = "127.0.0.1"
    worker_lock_duration_ms: int = Field(default=30000, ge=1000)
    worker_stalled_interval_ms: int = Field(default=30000, ge=1000)
    # How often each worker re-asserts the job schedulers and re-enqueues import runs whose job Redis
    # lost (imports/recovery.py); every worker also does both when it starts.
    recovery_interval_seconds: float = Field(default=60.0, gt=0)
    # Import kickoffs one client address may make per minute (POST /api/artists/import); 0 switches it off.
    import_kickoffs_per_minute: int = Field(default=30, ge=0)
    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    sse_max_lifetime_seconds: float = Field(default=3600.0, gt=0)
    # Off: every page read goes to PostgreSQL (the cold-cache benchmark; a cache suspected of staleness).
    read_cache: bool = True
    # Open SSE streams per client address in one web process (each holds a socket and a listener).
    sse_max_streams_per_address: int = Field(default=20, ge=1)

    # Voting (issue 11): per fan, per show and per UTC day; anonymous fans get a few before signing up.
    votes_per_show: int = Field(default=10, ge=1)
    votes_per_day: int = Field(default=50, ge=1)
    anon_votes_per_show: int = Field(default=2, ge=0)
    # Live vote counts: at most one `votes` event per show per this many milliseconds.
    vote_events_coalesce_ms: int = Field(default=250, ge=10)
    signups_per_address_per_hour: int = Field(default=5, ge=1)

    @field_validator("database_url")
    @classmethod
    def _async_postgres(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith("postgresql+asyncpg://"):
            raise ValueError("must be a PostgreSQL URL (postgresql+asyncpg://user@host:port/db)")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_addresses(cls, value: str) -> str:
        for entry in (p.strip() for p in value.split(",")):
            if entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError:
                    raise ValueError(f"{entry!r} is not an IP address or network") from None
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis://, rediss:// or unix:// URL")
        return value

    @model_validator(mode="before")
    @classmethod
    def _collect_queue_concurrency(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        overrides = dict(data.get("queue_concurrency") or {})
        known = {env_suffix(name): name for name in QUEUE_NAMES}
        for key, raw in os.environ.items():
            if not key.upper().startswith("QUEUE_CONCURRENCY_"):
                continue
            suffix = key.upper().removeprefix("QUEUE_CONCURRENCY_")
            if suffix not in known:
                raise ValueError(f"{key}: unknown queue (known: {', '.join(sorted(known))})")
            try:
                overrides[known[suffix]] = int(raw)
            except ValueError:
                raise ValueError(f"{key}: must be a whole number, got {raw!r}") from None
            if overrides[known[suffix]] < 1:
                raise ValueError(f"{key}: must be at least 1")
        data["queue_concurrency"] = overrides
        return data

    # --- derived upstream endpoints -------------------------------------------------------------
    def _base(self, provider: str, explicit: str | None, has_credentials: bool) -> str:
        if explicit:
            return explicit.rstrip("/")
        if has_credentials:
            return REAL_BASE_URLS[provider]
        return self.simulator_url.rstrip("/") + SIM_PATHS[provider]

    @property
    def uses_simulator(self) -> bool:
        return self.ticketmaster_api_key is None and self.spotify_client_id is None

    @property
    def ticketmaster_url(self) -> str:
        return self._base("ticketmaster", self.ticketmaster_base_url, self.ticketmaster_api_key is not None)

    @property
    def ticketmaster_key(self) -> str:
        return (
            self.ticketmaster_api_key.get_secret_value()
            if self.ticketmaster_api_key
            else SIM_TICKETMASTER_KEY
        )

    @property
    def spotify_url(self) -> str:
        return self._base("spotify_api", self.spotify_api_base_url, self.spotify_client_id is not None)

    @property
    def spotify_accounts_url(self) -> str:
        has = self.spotify_client_id is not None
        return self._base("spotify_accounts", self.spotify_accounts_base_url, has)

    @property
    def spotify_credentials(self) -> tuple[str, str]:
        if self.spotify_client_id and self.spotify_client_secret:
            return self.spotify_client_id, self.spotify_client_secret.get_secret_value()
        return SIM_SPOTIFY_CLIENT_ID, SIM_SPOTIFY_CLIENT_SECRET

    @property
    def setlistfm_url(self) -> str:
        return self._base("setlistfm", self.setlistfm_base_url, self.setlistfm_api_key is not None)

    @property
    def setlistfm_key(self) -> str:
        return self.setlistfm_api_key.get_secret_value() if self.setlistfm_api_key else SIM_SETLISTFM_KEY

    @property
    def musicbrainz_url(self) -> str:
        # MusicBrainz needs no key: follow the other providers' choice of real vs simulated.
        return self._base("musicbrainz", self.musicbrainz_base_url, not self.uses_simulator)

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def concurrency_for(self, queue_name: str, default: int) -> int:
        return self.queue_concurrency.get(queue_name, default)


def load_settings() -> Settings:
    """Build Settings, turning pydantic's report into one message that names each bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "settings"
            problems.append(f"{field.upper()}: {err['msg']}")
        raise ConfigError("invalid configuration: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings_cache() -> None:
    get_settings.cache_clear()

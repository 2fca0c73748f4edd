"""Every knob of the upstream simulator, with defaults taken from the providers' documentation.

Where the documentation is silent or sources disagree, the default is the stricter reading and a field
lets you switch to the kinder one. Rates are requests per second; a limit or quota of 0 switches that
check off.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

SpotifyProfile = Literal["development", "extended"]
FaultKind = Literal["500", "502", "503", "timeout", "drop"]
ALL_FAULT_KINDS: tuple[FaultKind, ...] = ("500", "502", "503", "timeout", "drop")
# Every rate limit and quota switched off: for tests and benchmarks that measure something else.
NO_LIMITS: dict[str, int] = {
    "ticketmaster_rate_per_s": 0,
    "ticketmaster_daily_quota": 0,
    "spotify_window_limit": 0,
    "spotify_daily_quota": 0,
    "setlistfm_rate_per_s": 0,
    "setlistfm_daily_quota": 0,
    "musicbrainz_rate_per_s": 0,
}

# Generic HTTP-library User-Agents that MusicBrainz blocks (matched as case-insensitive prefixes).
DEFAULT_BLOCKED_USER_AGENTS: tuple[str, ...] = (
    "python-httpx/",
    "python-requests/",
    "python-urllib/",
    "aiohttp/",
    "curl/",
    "wget/",
    "go-http-client/",
    "java/",
    "okhttp/",
    "axios/",
    "node-fetch/",
    "undici",
    "libwww-perl/",
)


class SimOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # --- catalog -------------------------------------------------------------------------------------------
    seed: int = 2026
    # "Today" for the catalog: events are generated after it and setlists before it. None = today's UTC date.
    reference_date: date | None = None

    # --- latency and faults (upstream APIs only, never /_sim/) ---------------------------------------------
    latency_ms: float = Field(default=0.0, ge=0)
    jitter_ms: float = Field(default=0.0, ge=0)
    fault_rate: float = Field(default=0.0, ge=0, le=1)
    fault_kinds: list[FaultKind] = Field(default_factory=lambda: list(ALL_FAULT_KINDS))
    # A "timeout" fault hangs this long before answering 504, long past a sane client timeout.
    fault_timeout_s: float = Field(default=30.0, ge=0)

    # --- credentials (what the app uses when it points at the simulator) -----------------------------------
    ticketmaster_api_key: str = "sim-ticketmaster-key"
    spotify_client_id: str = "sim-spotify-client"
    spotify_client_secret: str = "sim-spotify-secret"  # noqa: S105 - the public demo credential
    setlistfm_api_key: str = "sim-setlistfm-key"

    # --- Ticketmaster ---------------------------------------------------------------------------------------
    ticketmaster_rate_per_s: float = Field(default=5.0, ge=0)  # Discovery v2 page; the FAQ says 2
    ticketmaster_daily_quota: int = Field(default=5000, ge=0)
    # Observed: 200 works. Another client saw 200 rejected. UNCONFIRMED, so 199 (stricter) by default.
    ticketmaster_max_size: Literal[199, 200] = 199
    # 1000: the documented rule, page*size < 1000. 1200: the observed one, page 5 at size 200 still served.
    ticketmaster_paging_cap: Literal[1000, 1200] = 1000
    # Docs: TBA included when no date filter is sent. Observed: excluded anyway. Stricter default: excluded.
    ticketmaster_tba_excluded_by_default: bool = True

    # --- Spotify --------------------------------------------------------------------------------------------
    spotify_profile: SpotifyProfile = "development"
    spotify_token_lifetime_s: int = Field(default=3600, ge=1)
    # Calls allowed per rolling window; Spotify publishes no figure, so this is a guess you can change.
    spotify_window_limit: int = Field(default=180, ge=0)
    spotify_window_s: float = Field(default=30.0, gt=0)
    # The 2026 development-mode quota (observed exhausted after ~1,100-2,600 calls/day). Development only.
    spotify_daily_quota: int = Field(default=2000, ge=0)
    # rspotify#492: with include_groups, `total` is inflated and `next` stays set over empty pages.
    spotify_albums_paging_bug: bool = True

    # --- setlist.fm -----------------------------------------------------------------------------------------
    setlistfm_rate_per_s: float = Field(default=2.0, ge=0)
    setlistfm_daily_quota: int = Field(default=1440, ge=0)  # community figure, UNCONFIRMED

    # --- MusicBrainz ----------------------------------------------------------------------------------------
    musicbrainz_rate_per_s: float = Field(default=1.0, ge=0)
    musicbrainz_blocked_user_agents: list[str] = Field(
        default_factory=lambda: list(DEFAULT_BLOCKED_USER_AGENTS)
    )

    def merged(self, changes: dict[str, Any]) -> SimOptions:
        """A validated copy with `changes` applied (unknown keys are an error, not silently ignored)."""
        return SimOptions.model_validate({**self.model_dump(), **changes})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> SimOptions:
        """Read `SIM_<FIELD>`: SIM_SEED=7, SIM_SPOTIFY_PROFILE=extended, SIM_FAULT_KINDS=500,drop."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            raw = env.get(f"SIM_{name.upper()}")
            if raw is None or raw == "":
                continue
            values[name] = _parse_env(field.annotation, raw)
        return cls.model_validate(values)


def _parse_env(annotation: Any, raw: str) -> Any:
    if get_origin(annotation) is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    choices = get_args(annotation) if get_origin(annotation) is Literal else ()
    if choices and all(isinstance(choice, int) for choice in choices) and raw.strip().isdigit():
        return int(raw)  # pydantic does not coerce "200" into Literal[199, 200]
    return raw

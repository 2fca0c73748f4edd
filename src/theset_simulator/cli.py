"""`theset simulator`: run the upstream simulator with uvicorn. Flags override SIM_* environment variables."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
import uvicorn
from pydantic import ValidationError

from theset_simulator.options import SimOptions


def command(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8900,
    seed: Annotated[int | None, typer.Option(help="Catalog seed (SIM_SEED).")] = None,
    reference_date: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="'Today' for the catalog; default: real today."),
    ] = None,
    spotify_profile: Annotated[str | None, typer.Option(help="development (2026 rules) or extended.")] = None,
    latency_ms: Annotated[float | None, typer.Option(help="Added to every upstream call.")] = None,
    jitter_ms: Annotated[float | None, typer.Option(help="Uniform random extra latency, 0..N ms.")] = None,
    fault_rate: Annotated[float | None, typer.Option(help="Share of calls that fail (0..1).")] = None,
    fault_kinds: Annotated[str | None, typer.Option(help="Comma list of 500,502,503,timeout,drop.")] = None,
    fault_timeout_s: Annotated[float | None, typer.Option(help="How long a 'timeout' fault hangs.")] = None,
    ticketmaster_rate: Annotated[
        float | None, typer.Option(help="Ticketmaster requests/second (spike arrest).")
    ] = None,
    ticketmaster_daily_quota: Annotated[
        int | None, typer.Option(help="Ticketmaster calls per 24 h (0 = off).")
    ] = None,
    ticketmaster_max_size: Annotated[
        int | None, typer.Option(help="Largest accepted size: 199 or 200.")
    ] = None,
    ticketmaster_paging_cap: Annotated[
        int | None, typer.Option(help="1000 (documented) or 1200 (observed).")
    ] = None,
    spotify_window_limit: Annotated[
        int | None, typer.Option(help="Spotify calls per rolling window.")
    ] = None,
    spotify_window_s: Annotated[float | None, typer.Option(help="Length of that window in seconds.")] = None,
    spotify_daily_quota: Annotated[
        int | None, typer.Option(help="Development-mode calls per 24 h (0 = off).")
    ] = None,
    token_lifetime: Annotated[
        int | None, typer.Option(help="Spotify access-token lifetime in seconds.")
    ] = None,
    setlistfm_rate: Annotated[float | None, typer.Option(help="setlist.fm requests/second.")] = None,
    setlistfm_daily_quota: Annotated[
        int | None, typer.Option(help="setlist.fm calls per 24 h (0 = off).")
    ] = None,
    musicbrainz_rate: Annotated[float | None, typer.Option(help="MusicBrainz requests/second.")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve fake Ticketmaster, Spotify, setlist.fm and MusicBrainz APIs on one origin."""
    from theset_simulator.app import KEEP_ALIVE_S, create_app

    flags: dict[str, Any] = {
        "seed": seed,
        "reference_date": reference_date.date() if reference_date else None,
        "spotify_profile": spotify_profile,
        "latency_ms": latency_ms,
        "jitter_ms": jitter_ms,
        "fault_rate": fault_rate,
        "fault_kinds": fault_kinds.split(",") if fault_kinds else None,
        "fault_timeout_s": fault_timeout_s,
        "ticketmaster_rate_per_s": ticketmaster_rate,
        "ticketmaster_daily_quota": ticketmaster_daily_quota,
        "ticketmaster_max_size": ticketmaster_max_size,
        "ticketmaster_paging_cap": ticketmaster_paging_cap,
        "spotify_window_limit": spotify_window_limit,
        "spotify_window_s": spotify_window_s,
        "spotify_daily_quota": spotify_daily_quota,
        "spotify_token_lifetime_s": token_lifetime,
        "setlistfm_rate_per_s": setlistfm_rate,
        "setlistfm_daily_quota": setlistfm_daily_quota,
        "musicbrainz_rate_per_s": musicbrainz_rate,
    }
    try:
        options = SimOptions.from_env().merged({k: v for k, v in flags.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(problems) from exc
    typer.echo(
        f"TheSet simulator on http://{host}:{port} (seed {options.seed}, Spotify {options.spotify_profile})"
    )
    uvicorn.run(
        create_app(options), host=host, port=port, log_level=log_level, timeout_keep_alive=KEEP_ALIVE_S
    )

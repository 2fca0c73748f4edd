"""`theset simulator`: flags override SIM_* variables, bad values are refused before the server starts."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from theset_simulator import cli


def test_flags_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, Any] = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    monkeypatch.setenv("SIM_SEED", "5")
    monkeypatch.setenv("SIM_LATENCY_MS", "40")
    runner = CliRunner()
    app = typer.Typer()
    app.command()(cli.command)
    result = runner.invoke(
        app,
        [
            "--port",
            "8999",
            "--latency-ms",
            "10",
            "--spotify-profile",
            "extended",
            "--ticketmaster-max-size",
            "200",
            "--reference-date",
            "2027-03-04",
        ],
    )
    assert result.exit_code == 0, result.output
    options = started["app"].state.sim.options
    assert (started["host"], started["port"]) == ("127.0.0.1", 8999)
    assert options.seed == 5 and options.latency_ms == 10 and options.spotify_profile == "extended"
    assert options.ticketmaster_max_size == 200 and str(options.reference_date) == "2027-03-04"


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kw: pytest.fail("server must not start"))
    app = typer.Typer()
    app.command()(cli.command)
    result = CliRunner().invoke(app, ["--spotify-profile", "premium"])
    assert result.exit_code == 2

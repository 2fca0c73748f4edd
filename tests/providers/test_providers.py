"""The bundle the pipeline opens: one object, four clients, per-provider call counts, pools closed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.providers.conftest import Sim
from theset.providers import open_providers
from theset.providers.errors import UpstreamNotFound


async def test_open_providers_counts_calls_per_provider(sim: Sim, redis_client: Any) -> None:
    artist = sim.artists["juniper-vale"]
    async with open_providers(sim.settings(), redis=redis_client) as p:
        assert p.calls() == {"ticketmaster": 0, "spotify": 0, "setlistfm": 0, "musicbrainz": 0}
        attraction = await p.ticketmaster.get_attraction(artist["tmAttractionId"])
        found = await p.ticketmaster.search_attractions(attraction.name, size=8)
        await p.spotify.get_artist(artist["spotifyId"])
        calls = p.calls()
    assert attraction.id in {a.id for a in found}
    assert calls["ticketmaster"] == 2 and calls["spotify"] == 2  # token + artist
    assert calls["setlistfm"] == 0 and calls["musicbrainz"] == 0
    assert p.ticketmaster.http._http.is_closed


async def test_errors_module_exports_what_the_clients_raise(sim: Sim, redis_client: Any) -> None:
    async with open_providers(sim.settings(), redis=redis_client) as p:
        with pytest.raises(UpstreamNotFound):  # the pipeline marks this import as permanently failed
            await p.ticketmaster.get_attraction("K8vZ91700000")

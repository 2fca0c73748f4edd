"""Past setlists in setlist.fm's JSON shape: sets, encores, covers, guests, `tape` songs, empty sets.

What is played each night comes from the artist's tour plans (tours.py)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from theset_simulator import ids, names
from theset_simulator.model import ArtistSpec
from theset_simulator.places import Venue
from theset_simulator.tours import Touring, TourPlan, night


def sort_name(name: str, kind: str) -> str:
    if name.startswith("The "):
        return f"{name[4:]}, The"
    if kind == "Person" and " " in name:
        first, last = name.rsplit(" ", 1)
        return f"{last}, {first}"
    return name


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def artist_ref(spec: ArtistSpec, mbid: str, tm_web_number: int) -> dict[str, Any]:
    return {
        "mbid": mbid,
        "tmid": tm_web_number,  # deprecated: the Ticketmaster *website* number, not the Discovery id
        "name": spec.name,
        "sortName": sort_name(spec.name, spec.kind),
        "disambiguation": "",
        "url": f"https://www.setlist.fm/setlists/{slug(spec.name)}-{mbid[:8]}.html",
    }


def build_setlists(
    spec: ArtistSpec, seed: int, today: date, venues: list[Venue], artist: dict[str, Any], touring: Touring
) -> list[dict[str, Any]]:
    rng = ids.rng_for(seed, spec.key, "setlists")
    day = today - timedelta(days=rng.randint(2, 20))
    setlists = []
    for _ in range(spec.setlists):
        setlists.append(_setlist(rng, spec, day, rng.choice(venues), artist, touring.plan_for(day)))
        day -= timedelta(days=rng.randint(1, 9 if spec.setlists > 100 else 25))
    return setlists


def _setlist(
    rng: random.Random,
    spec: ArtistSpec,
    day: date,
    venue: Venue,
    artist: dict[str, Any],
    plan: TourPlan | None,
) -> dict[str, Any]:
    setlist_id = ids.hex_id(rng, 8)
    city = venue.city
    updated = day + timedelta(days=rng.randint(0, 30))
    record: dict[str, Any] = {
        "id": setlist_id,
        "versionId": ids.hex_id(rng, 8),
        "eventDate": day.strftime("%d-%m-%Y"),
        "lastUpdated": f"{updated.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00.000+0000",
        "artist": artist,
        "venue": {
            "id": venue.setlistfm_id,
            "name": venue.name,
            "city": {
                "id": city.geoname_id,
                "name": city.name,
                "state": city.state or city.country,
                "stateCode": city.state_code or city.country_code,
                "coords": {"lat": city.lat, "long": city.lon},
                "country": {"code": city.country_code, "name": city.country},
            },
            "url": f"https://www.setlist.fm/venue/{slug(venue.name)}-{slug(city.name)}-{venue.setlistfm_id}.html",
        },
        "sets": {"set": [] if rng.random() < 0.04 or plan is None else _sets(rng, spec, plan, day)},
        "url": f"https://www.setlist.fm/setlist/{slug(spec.name)}/{day.year}/"
        f"{slug(venue.name)}-{slug(city.name)}-{setlist_id}.html",
    }
    if plan is not None and rng.random() < 0.8:  # setlist.fm users often leave the tour out
        record["tour"] = {"name": plan.name}
    if rng.random() < 0.15:
        record["info"] = "Soundcheck was open to fans."
    return record


def _sets(rng: random.Random, spec: ArtistSpec, plan: TourPlan, day: date) -> list[dict[str, Any]]:
    main, encore, cover = night(rng, plan, day)
    main_sets = 2 if spec.setlists > 100 else 1  # jam bands play two sets
    sets: list[dict[str, Any]] = []
    per_set = max(1, len(main) // main_sets)
    for number in range(main_sets):
        chunk = (
            main[number * per_set : (number + 1) * per_set]
            if number < main_sets - 1
            else main[number * per_set :]
        )
        entry: dict[str, Any] = {"song": [_song(rng, title) for title in chunk]}
        if main_sets > 1:
            entry["name"] = f"Set {number + 1}:"
        sets.append(entry)
    sets[0]["song"].insert(0, {"name": rng.choice(names.TAPE_TITLES), "tape": True})
    if cover is not None:
        sets[-1]["song"].append(_cover(rng, cover))
    if encore:
        sets.append({"encore": 1, "song": [_song(rng, title) for title in encore[:3]]})
    if len(encore) > 3:
        sets.append({"encore": 2, "song": [_song(rng, title) for title in encore[3:]]})
    if rng.random() < 0.02:
        sets[0]["song"].append({"name": ""})  # an unknown song entered with a blank name
    return sets


def _song(rng: random.Random, title: str) -> dict[str, Any]:
    song: dict[str, Any] = {"name": title}
    roll = rng.random()
    if roll < 0.05:
        song["info"] = rng.choice(("acoustic", "live debut", "extended jam", "snippet"))
    elif roll < 0.08:
        guest = rng.choice(names.GUESTS)
        song["with"] = {"mbid": "", "name": guest, "sortName": guest, "disambiguation": "", "url": ""}
    return song


def _cover(rng: random.Random, title: str) -> dict[str, Any]:
    # The same cover is always of the same artist.
    artist, sort = names.COVER_ARTISTS[sum(map(ord, title)) % len(names.COVER_ARTISTS)]
    mbid = ids.mbid(rng)
    return {
        "name": title,
        "cover": {
            "mbid": mbid,
            "name": artist,
            "sortName": sort,
            "disambiguation": "",
            "url": f"https://www.setlist.fm/setlists/{slug(artist)}-{mbid[:8]}.html",
        },
    }

"""Word lists that make the catalog read like real music rather than `Artist 1 / Track 7`."""

from __future__ import annotations

import random
from collections.abc import Callable

ADJECTIVES = tuple(
    [
        "Golden",
        "Hollow",
        "Electric",
        "Quiet",
        "Broken",
        "Silver",
        "Midnight",
        "Paper",
        "Velvet",
        "Crimson",
        "Restless",
        "Northern",
        "Wild",
        "Burning",
        "Faded",
        "Lonely",
        "Bright",
        "Hidden",
        "Distant",
        "Sacred",
        "Tender",
        "Little",
        "Heavy",
        "Frozen",
        "Neon",
        "Borrowed",
        "Secret",
        "Careless",
        "Endless",
        "Shallow",
        "Painted",
        "Stolen",
        "Sleepless",
        "Blue",
        "Amber",
        "Glass",
        "Empty",
        "Holy",
        "Rusted",
        "Summer",
        "Winter",
        "Copper",
        "Salt",
        "Low",
        "Static",
        "Slow",
        "Perfect",
        "Strange",
        "Sweet",
        "Cold",
    ]
)
NOUNS = tuple(
    [
        "Harbor",
        "River",
        "Lanterns",
        "Highway",
        "Heart",
        "Ghosts",
        "Satellite",
        "Garden",
        "Window",
        "Thunder",
        "Horizon",
        "Mirror",
        "Tides",
        "Canyon",
        "Fever",
        "Kingdom",
        "Signal",
        "Orchard",
        "Wires",
        "Compass",
        "Skyline",
        "Embers",
        "Meadow",
        "Lighthouse",
        "Ocean",
        "Avenue",
        "Daylight",
        "Moon",
        "Shadows",
        "Flood",
        "Wolves",
        "Feathers",
        "Rain",
        "Engine",
        "Parade",
        "Station",
        "Island",
        "Cathedral",
        "Valley",
        "Stars",
        "Letters",
        "Gold",
        "Smoke",
        "Morning",
        "Weather",
        "Radio",
        "Bones",
        "Prairie",
        "Waves",
        "Hymn",
    ]
)
VERBS = tuple(
    [
        "Running",
        "Falling",
        "Waiting",
        "Dancing",
        "Calling",
        "Drifting",
        "Breaking",
        "Burning",
        "Chasing",
        "Holding",
        "Sinking",
        "Fading",
        "Shaking",
        "Turning",
        "Leaving",
        "Dreaming",
    ]
)
PHRASES = tuple(
    [
        "Nothing Left to Lose",
        "Say It Again",
        "Hold On",
        "Until the Morning",
        "Come Home",
        "Don't Look Down",
        "All I Ever Wanted",
        "Better Days",
        "Let It Go",
        "One More Night",
        "Stay",
        "Where You Are",
        "Take Me Back",
        "Never Enough",
        "Before the Storm",
        "Keep the Light On",
        "So Long",
        "Ten Thousand Miles",
        "Slow Burn",
        "Half Awake",
        "Second Hand",
        "Wait for Me",
        "In the Dark",
        "Carry Me",
        "Run to You",
        "Only Human",
    ]
)
# Studio songs whose titles trip substring or keyword live detection ("live", "alive", "show", "tour", "at ").
LIVE_SOUNDING_STUDIO_TITLES = tuple(
    [
        "Alive",
        "Live Wire",
        "Live Forever",
        "Olive Branch",
        "Deliverance",
        "Liverpool Rain",
        "Showtime",
        "Encore",
        "The Show Goes On",
        "Heat of the Moment",
        "What a Night",
        "Tour de Force",
        "Stage Lights",
        "Live and Learn",
        "Oliver's Garden",
        "Concert for One",
        "Great Escape",
        "Beat the Clock",
    ]
)
LIVE_ALBUM_TITLES_WITHOUT_LIVE_WORD = tuple(
    [
        "Forty Thousand Voices",
        "Standing Room Only",
        "The Roar and the Hush",
        "Hometown Nights",
        "Where the Crowd Sings",
        "Night After Night",
        "Sold Out",
        "From the Back Row",
    ]
)
REMIXERS = tuple(
    ["Tomas Vale", "Kaiyo", "Lumen Drift", "DJ Orrin", "Saffa Blue", "Hexa", "Nightcrawler Club"]
)
GUESTS = tuple(
    ["Mara Lunetta", "Isaac Thorne", "Bellamy Rose", "Kit Ondine", "Dez Harlow", "The Vesper Choir"]
)
FILLER_ARTISTS = tuple(["Coastal Drive", "Amelie Frost", "The Static Hours", "Rico Tamar", "Low Satellites"])
TAPE_TITLES = tuple(
    ["Also sprach Zarathustra", "Baba O'Riley", "Intro Tape", "Bring the Noise", "Outro Theme"]
)
LABELS = tuple(["Harbor Sound Records", "Northlight Music", "Cobalt Recordings", "Wild Meadow Records"])
MONTHS = tuple(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
COVER_ARTISTS = (
    ("Bright Fences", "Fences, Bright"),
    ("Ada Wren", "Wren, Ada"),
    ("The Moth Parade", "Moth Parade, The"),
    ("Solomon Grey", "Grey, Solomon"),
)


def song_title(rng: random.Random) -> str:
    pattern = rng.random()
    if pattern < 0.30:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if pattern < 0.45:
        return rng.choice(PHRASES)
    if pattern < 0.58:
        return f"{rng.choice(VERBS)} {rng.choice(('Home', 'Backwards', 'in Circles', 'for You', 'Away'))}"
    if pattern < 0.72:
        return f"{rng.choice(NOUNS)} of {rng.choice(NOUNS)}"
    if pattern < 0.85:
        return f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    return rng.choice(NOUNS)


def album_title(rng: random.Random) -> str:
    pattern = rng.random()
    if pattern < 0.4:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if pattern < 0.7:
        return rng.choice(NOUNS)
    return f"{rng.choice(NOUNS)} and {rng.choice(NOUNS)}"


def unique(
    rng: random.Random, make: Callable[[random.Random], str], taken: set[str], tries: int = 200
) -> str:
    """Draw from `make(rng)` until the title is new; after `tries` clashes, add a roman-numeral suffix."""
    title = ""
    for _ in range(tries):
        title = make(rng)
        if title.lower() not in taken:
            taken.add(title.lower())
            return title
    suffix = 2
    while f"{title} {_roman(suffix)}".lower() in taken:
        suffix += 1
    title = f"{title} {_roman(suffix)}"
    taken.add(title.lower())
    return title


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out

"""Identifiers shaped like each provider's real ones, drawn from a seeded RNG: one seed, the same ids."""

from __future__ import annotations

import random
import string
import uuid

BASE62 = string.digits + string.ascii_letters
TM_ALPHABET = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
ISRC_COUNTRIES = ("US", "GB", "DE", "SE", "CA", "AU", "NL", "FR", "QM", "QZ")


def rng_for(seed: int, *parts: object) -> random.Random:
    # A str seed is hashed with SHA-512 by random.Random, so this is stable across runs and processes.
    return random.Random(":".join([str(seed), *map(str, parts)]))


def spotify_id(rng: random.Random) -> str:
    return "".join(rng.choices(BASE62, k=22))


def is_spotify_id(value: str) -> bool:
    return len(value) == 22 and all(ch in BASE62 for ch in value)


def mbid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def is_mbid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def tm_attraction_id(rng: random.Random) -> str:
    # Observed: 10-12 characters, prefixes K8v or Z7r.
    return rng.choice(("K8vZ917", "K8vZ91", "Z7r9jZ1A")) + "".join(rng.choices(TM_ALPHABET, k=4))


def tm_event_id(rng: random.Random) -> str:
    # Observed: 13-21 characters from [A-Za-z0-9_-]; two common families.
    if rng.random() < 0.5:
        return "vvG1" + "".join(rng.choices(TM_ALPHABET, k=rng.randint(10, 13)))
    return "Z7r9jZ1A" + "".join(rng.choices(TM_ALPHABET + "_-", k=rng.randint(5, 9)))


def tm_venue_id(rng: random.Random) -> str:
    return rng.choice(("KovZpZA", "KovZ917A", "ZFr9jZ")) + "".join(rng.choices(TM_ALPHABET, k=4))


def hex_id(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(HEX, k=length))


def isrc(rng: random.Random, registrant: str, year: int) -> str:
    """CC-XXX-YY-NNNNN without dashes, e.g. GBAYE1101454."""
    return f"{registrant}{year % 100:02d}{rng.randint(0, 99999):05d}"


def isrc_registrant(rng: random.Random) -> str:
    return rng.choice(ISRC_COUNTRIES) + "".join(rng.choices(string.ascii_uppercase + string.digits, k=3))


def is_isrc(value: str) -> bool:
    return (
        len(value) == 12
        and value[:2].isalpha()
        and value[2:5].isalnum()
        and value[5:].isdigit()
        and value.isascii()
    )

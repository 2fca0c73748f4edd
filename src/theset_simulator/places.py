"""Cities and a shared pool of venues: different artists' events reuse venue ids, as on Ticketmaster."""

from __future__ import annotations

import random
from dataclasses import dataclass

from theset_simulator import ids


@dataclass(frozen=True, slots=True)
class City:
    name: str
    state: str | None
    state_code: str | None
    country: str
    country_code: str
    timezone: str
    lat: float
    lon: float
    geoname_id: str
    dma_id: int


CITIES = (
    City(
        "Los Angeles",
        "California",
        "CA",
        "United States Of America",
        "US",
        "America/Los_Angeles",
        34.0522,
        -118.2437,
        "5368361",
        324,
    ),
    City(
        "New York",
        "New York",
        "NY",
        "United States Of America",
        "US",
        "America/New_York",
        40.7128,
        -74.0060,
        "5128581",
        345,
    ),
    City(
        "Chicago",
        "Illinois",
        "IL",
        "United States Of America",
        "US",
        "America/Chicago",
        41.8781,
        -87.6298,
        "4887398",
        249,
    ),
    City(
        "Austin",
        "Texas",
        "TX",
        "United States Of America",
        "US",
        "America/Chicago",
        30.2672,
        -97.7431,
        "4671654",
        222,
    ),
    City(
        "Denver",
        "Colorado",
        "CO",
        "United States Of America",
        "US",
        "America/Denver",
        39.7392,
        -104.9903,
        "5419384",
        264,
    ),
    City(
        "Seattle",
        "Washington",
        "WA",
        "United States Of America",
        "US",
        "America/Los_Angeles",
        47.6062,
        -122.3321,
        "5809844",
        385,
    ),
    City(
        "Nashville",
        "Tennessee",
        "TN",
        "United States Of America",
        "US",
        "America/Chicago",
        36.1627,
        -86.7816,
        "4644585",
        343,
    ),
    City(
        "Boston",
        "Massachusetts",
        "MA",
        "United States Of America",
        "US",
        "America/New_York",
        42.3584,
        -71.0598,
        "4930956",
        235,
    ),
    City(
        "Atlanta",
        "Georgia",
        "GA",
        "United States Of America",
        "US",
        "America/New_York",
        33.7490,
        -84.3880,
        "4180439",
        220,
    ),
    City(
        "Long Beach",
        "California",
        "CA",
        "United States Of America",
        "US",
        "America/Los_Angeles",
        33.7701,
        -118.1937,
        "5367929",
        324,
    ),
    City(
        "Phoenix",
        "Arizona",
        "AZ",
        "United States Of America",
        "US",
        "America/Phoenix",
        33.4484,
        -112.0740,
        "5308655",
        353,
    ),
    City("Toronto", "Ontario", "ON", "Canada", "CA", "America/Toronto", 43.6532, -79.3832, "6167865", 527),
    City(
        "Vancouver",
        "British Columbia",
        "BC",
        "Canada",
        "CA",
        "America/Vancouver",
        49.2827,
        -123.1207,
        "6173331",
        528,
    ),
    City("London", None, None, "Great Britain", "GB", "Europe/London", 51.5074, -0.1278, "2643743", 602),
    City("Manchester", None, None, "Great Britain", "GB", "Europe/London", 53.4808, -2.2426, "2643123", 607),
    City("Glasgow", None, None, "Great Britain", "GB", "Europe/London", 55.8642, -4.2518, "2648579", 609),
    City("Dublin", None, None, "Ireland", "IE", "Europe/Dublin", 53.3498, -6.2603, "2964574", 608),
    City("Berlin", None, None, "Germany", "DE", "Europe/Berlin", 52.5200, 13.4050, "2950159", 612),
    City("Amsterdam", None, None, "Netherlands", "NL", "Europe/Amsterdam", 52.3676, 4.9041, "2759794", 613),
    City("Paris", None, None, "France", "FR", "Europe/Paris", 48.8566, 2.3522, "2988507", 614),
    City("Stockholm", None, None, "Sweden", "SE", "Europe/Stockholm", 59.3293, 18.0686, "2673730", 615),
    City(
        "Sydney",
        "New South Wales",
        "NSW",
        "Australia",
        "AU",
        "Australia/Sydney",
        -33.8688,
        151.2093,
        "2147714",
        701,
    ),
    City(
        "Melbourne",
        "Victoria",
        "VIC",
        "Australia",
        "AU",
        "Australia/Melbourne",
        -37.8136,
        144.9631,
        "2158177",
        702,
    ),
    City("Mexico City", None, None, "Mexico", "MX", "America/Mexico_City", 19.4326, -99.1332, "3530597", 501),
)

VENUE_PATTERNS = (
    "{city} Arena",
    "The {adj} Room",
    "{name} Theatre",
    "{name} Hall",
    "{name} Amphitheatre",
    "The {name} Ballroom",
    "{name} Music Hall",
    "{city} Coliseum",
    "The Old {name} Opera House",
)
VENUE_NAMES = (
    "Paramount",
    "Fillmore",
    "Orpheum",
    "Riverside",
    "Harbourfront",
    "Mercury",
    "Roxy",
    "Granada",
    "Palladium",
    "Wiltern",
    "Beacon",
    "Meridian",
    "Empress",
    "Union",
    "Ryman",
    "Apollo",
)
STREETS = ("Main St", "Broadway", "Harbour Rd", "King St")
VENUE_ADJECTIVES = ("Blue", "Velvet", "Echo", "Crystal", "Lantern", "Copper")


@dataclass(frozen=True, slots=True)
class Venue:
    id: str
    name: str
    city: City
    # Ticketmaster sometimes carries stray whitespace in city names (" Long Beach").
    city_label: str
    address: str
    postal_code: str
    latitude: str | None  # strings, as Ticketmaster serves them; None when the record has no location
    longitude: str | None
    capacity: int
    setlistfm_id: str


def build_venues(seed: int, count: int = 120) -> list[Venue]:
    rng = ids.rng_for(seed, "venues")
    venues = []
    taken: set[str] = set()
    for index in range(count):
        city = CITIES[index % len(CITIES)]
        name = _venue_name(rng, city, taken)
        lat = f"{city.lat + rng.uniform(-0.08, 0.08):.6f}"
        lon = f"{city.lon + rng.uniform(-0.08, 0.08):.6f}"
        has_location = rng.random() > 0.05
        venues.append(
            Venue(
                id=ids.tm_venue_id(rng),
                name=name,
                city=city,
                city_label=f" {city.name}" if rng.random() < 0.04 else city.name,
                address=f"{rng.randint(1, 2400)} {rng.choice(STREETS)}",
                postal_code=f"{rng.randint(10000, 99999)}",
                latitude=lat if has_location else None,
                longitude=lon if has_location else None,
                capacity=rng.choice((450, 1200, 2800, 5000, 9000, 18000, 45000)),
                setlistfm_id=ids.hex_id(rng, 8),
            )
        )
    return venues


def _venue_name(rng: random.Random, city: City, taken: set[str]) -> str:
    for _ in range(50):
        name = rng.choice(VENUE_PATTERNS).format(
            city=city.name, adj=rng.choice(VENUE_ADJECTIVES), name=rng.choice(VENUE_NAMES)
        )
        if name not in taken:
            taken.add(name)
            return name
    name = f"{city.name} Pavilion {len(taken)}"
    taken.add(name)
    return name

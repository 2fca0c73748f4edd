"""Title parsing: live/remix markers, duplicate keys, album titles. Tables of real-world titles first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theset.catalog.text import fold_words
from theset.catalog.titles import (
    display_title,
    has_studio_marker,
    is_live_album_title,
    is_live_title,
    is_remix_title,
    title_key,
)

LIVE_TITLES = [
    "Song - Live",
    "Song (Live)",
    "Song [Live]",
    "Song – Live",
    "Song - Live at Wembley Stadium, London - 1986",
    "Song - Live From Madison Square Garden/2004",
    "Song (Live in Tokyo)",
    "Song - Recorded Live at The Forum",
    "Song - Live / Remastered 2011",
    "Song - Remastered 2011 / Live",
    "Aces High - Live; 2015 Remaster",
    "Song (Live Version)",
    "Song - Live Version",
    "Song - MTV Unplugged",
    "Song (Unplugged)",
    "Song - Live Acoustic",
    "Song - Acoustic / Live",
    "Song (Acoustic Live)",
    "Song (Live at BBC Radio 1 Live Lounge)",
    "Song - Live 1992",
    "Song - Live '92",
    "Song (En Vivo)",
    "Song (Versión En Vivo)",
    "Song (Ao Vivo)",
    "Song (En Directo)",
    "Song - Live-Version",
    "Song - Version Live",
    "Song - Live aus Berlin",
    "Song - Live on KEXP",
    "Song (Live Session)",
    "Song - BBC Session",
    "Song - Peel Session 1979",
    "Song - BBC Radio 1 Session",
    "Song - Spotify Sessions",
    "Song - Recorded at Spotify Studios NYC",
    "Song (triple j Like A Version)",
    "Song - NPR Tiny Desk Concert",
    "Song - Live In Concert",
    "Song (In Concert)",
    "Song - Soundcheck",
    "We Will Rock You - Live Aid",
    "Bohemian Rhapsody - Live Aid",
    "Live Forever - Live at Knebworth",
    "Alive - Live",
    "Intro (Live)",
    "Song (Live) [feat. X]",
    "Song (feat. X) - Live",
    "Song (Live",
    "Song - Live @ Red Rocks",
    "The 59th Street Bridge Song (Feelin' Groovy) - Live at Southern Illinois University Carbondale, IL - "
    "November 1969",
]

STUDIO_TITLES = [
    "Alive",
    "Live Forever",
    "Live and Let Die",
    "Live Wire",
    "Livin' on a Prayer",
    "Oliver's Army",
    "Deliverance",
    "Beat It",
    "The Show Must Go On",
    "Magical Mystery Tour",
    "Concert for One",
    "Heat of the Moment",
    "Bat Out of Hell",
    "What a Wonderful World",
    "Great Balls of Fire",
    "Deliver Me",
    "Liverpool Drive",
    "Olive Tree",
    "Live to Tell",
    "Live Your Life",
    "Live It Up",
    "Tour de France",
    "Sessions",
    "Long Live",
    "Live Through This",
    "I Live My Life for You",
    "Alive - 2008 Remaster",
    "Live and Let Die - 2018 Remaster",
    "Live And Let Die - From 'Live And Let Die' Soundtrack",
    'Live And Let Die - From "Live And Let Die"',
    "Live Forever - Remastered",
    "Live Wire (feat. X)",
    "Live to Tell - Radio Edit",
    "Life (Live It Up)",
    "Song (Live Forever)",
    "Song - Studio Session",
    "Song (Demo Session)",
    "Song - Acoustic",
    "Song - Demo",
    "Song (Concerto No. 1)",
    "Concerto for Piano - Remastered",
    "Alive (Studio Version)",
    "Song - Sun Sessions Outtake",
    "(I Can't Get No) Satisfaction - Mono Version",
    "Delivery Man",
    "Olivia",
    "Showdown",
    "Tourniquet",
    # the simulator's live-sounding studio titles
    *("Olive Branch", "Liverpool Rain", "Showtime", "Encore", "The Show Goes On", "What a Night"),
    *("Tour de Force", "Stage Lights", "Live and Learn", "Oliver's Garden", "Great Escape", "Beat the Clock"),
    "Concert for One (Hexa Remix)",
    "Song (Concert for One Remix)",
]


@pytest.mark.parametrize("title", LIVE_TITLES)
def test_live_titles(title: str) -> None:
    assert is_live_title(title)


@pytest.mark.parametrize("title", STUDIO_TITLES)
def test_studio_titles(title: str) -> None:
    assert not is_live_title(title)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Song", "song"),
        ("Song - 2011 Remaster", "song"),
        ("Song - Remastered 2009", "song"),
        ("Song (2015 Remaster)", "song"),
        ("Song - Remastered", "song"),
        ("Song - Digital Remaster", "song"),
        ("Song - Mono Version", "song"),
        ("Song - Stereo", "song"),
        ("Song - Single Version", "song"),
        ("Song - Album Version", "song"),
        ("Song - Radio Edit", "song"),
        ("Song - Radio Edit; 2011 Remaster", "song"),
        ("Song (feat. X)", "song"),
        ("Song - feat. X", "song"),
        ("Song [with X]", "song"),
        ("Song feat. X & Y", "song"),
        ("Song (Deluxe Edition)", "song"),
        ("Song - Bonus Track", "song"),
        ("Song - 2009 Mix", "song"),
        ("Song (Taylor's Version)", "song"),
        ("Song - From The Motion Picture X", "song"),
        ("SONG", "song"),
        ("Sóng", "song"),
        ("Song - X Remix", "song [x remix]"),
        ("Song (X Remix)", "song [x remix]"),
        ("Song (Club Mix)", "song [club mix]"),
        ("Song - Extended Mix", "song [extended mix]"),
        ("Song - Acoustic", "song [acoustic]"),
        ("Song (Acoustic Version)", "song [acoustic]"),
        ("Song - Demo", "song [demo]"),
        ("Song - Instrumental", "song [instrumental]"),
        ("Song (Live)", "song [live]"),
        ("Song - Live / Remastered 2011", "song [live]"),
        ("(I Can't Get No) Satisfaction - Mono Version", "i cant get no satisfaction"),
        ("Rock & Roll", "rock and roll"),
        ("Don’t Stop", "dont stop"),
    ],
)
def test_title_key(title: str, key: str) -> None:
    assert title_key(title) == key


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Song", "Song"),
        ("Song - 2011 Remaster", "Song"),
        ("Song (feat. X) - Radio Edit", "Song"),
        ("Song - X Remix", "Song - X Remix"),
        ("Song - Acoustic; 2011 Remaster", "Song (Acoustic)"),
    ],
)
def test_display_title(title: str, shown: str) -> None:
    assert display_title(title) == shown


@pytest.mark.parametrize(
    ("title", "remix"),
    [
        ("Song - X Remix", True),
        ("Song (Club Mix)", True),
        ("Song - Extended Mix", True),
        ("Song (Dub)", True),
        ("Song (X Re-Edit)", True),
        ("Song - Remixed by X", True),
        ("Song - Radio Edit", False),
        ("Song - 2009 Mix", False),
        ("Song - Stereo Mix", False),
        ("Song - Remastered", False),
        ("Remix the World", False),
        ("Mixed Emotions", False),
        ("Song - Acoustic", False),
    ],
)
def test_remix_titles(title: str, remix: bool) -> None:
    assert is_remix_title(title) is remix


def test_studio_marker() -> None:
    assert has_studio_marker("Song (Studio Version)")
    assert has_studio_marker("Song - Studio")
    assert not has_studio_marker("Song - Studio Session Outtake")
    assert not has_studio_marker("Studio")


LIVE_ALBUMS = [
    "Live at Leeds",
    "Live in Tokyo",
    "MTV Unplugged in New York",
    "Unplugged",
    "Live",
    "Alive!",
    "Alive II",
    "Alive 2007",
    "Frampton Comes Alive!",
    "Greatest Hits Live",
    "Live Killers",
    "Live/Dead",
    "Live: Right Here, Right Now",
    "Live 1975-85",
    "Cheap Trick at Budokan",
    "At Folsom Prison",
    "The BBC Sessions",
    "The Concert in Central Park",
    "Album (Live)",
    "Album - Live at Wembley",
    "Album (Live Edition)",
    "En Vivo",
    "Live and Dangerous",
    "Storytellers",
    "The Köln Concert",
    "Alive in Lisbon",
    "In Concert: Lisbon 2019",
    "Farewell Concert",
]
STUDIO_ALBUMS = [
    "Live Through This",
    "Long Live",
    "Live and Let Die",
    "Live It Out",
    "Live Forever",
    "Alive",
    "Magical Mystery Tour",
    "The Sun Sessions",
    "Sessions",
    "Bat Out of Hell",
    "Album (Deluxe Edition)",
    "Album (Remastered 2011)",
    "Stop Making Sense",
    "Oliver's Army",
    "Let Me Live",
    "Born to Live",
    "The Show Must Go On",
    *("Concert for One (Remixes)", "Concert for One", "Encore", "Encore (Deluxe)", "Live and Learn"),
    *("Live Wire (Acoustic)", "Stage Lights", "Showtime", "Alive (Deluxe)", "Tour de Force"),
]


@pytest.mark.parametrize("name", LIVE_ALBUMS)
def test_live_album_titles(name: str) -> None:
    assert is_live_album_title(name)


@pytest.mark.parametrize("name", STUDIO_ALBUMS)
def test_studio_album_titles(name: str) -> None:
    assert not is_live_album_title(name)


EDITION_SUFFIXES = [
    " - 2011 Remaster",
    " - Remastered 2009",
    " (2015 Remaster)",
    " - Mono Version",
    " - Stereo",
    " (Deluxe Edition)",
    " - Single Version",
    " - Radio Edit",
    " (feat. Someone)",
    " [with Someone]",
    " - Bonus Track",
]
LIVE_SUFFIXES = [t.removeprefix("Song") for t in LIVE_TITLES if t.startswith("Song ")]
WORDS = [
    *("alive", "live", "Live", "forever", "and", "let", "die", "wire", "tour", "show", "concert", "session"),
    *("at", "the", "beat", "it", "olive", "oliver's", "army", "deliver", "in", "on", "from", "love", "night"),
]
words = st.sampled_from(WORDS)
studio_phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)
plain_bases = st.one_of(st.sampled_from(STUDIO_TITLES[:30]), studio_phrases)


@given(plain_bases, st.sampled_from(EDITION_SUFFIXES))
def test_edition_suffix_changes_neither_verdict_nor_key(base: str, suffix: str) -> None:
    assert is_live_title(base) == is_live_title(base + suffix)
    assert title_key(base) == title_key(base + suffix)


@given(studio_phrases, st.lists(st.sampled_from(EDITION_SUFFIXES), max_size=2))
def test_studio_words_never_live_by_title_alone(base: str, suffixes: list[str]) -> None:
    assert not is_live_title(base + "".join(suffixes))


@given(plain_bases, st.sampled_from(LIVE_SUFFIXES), st.sampled_from(["", *EDITION_SUFFIXES]))
def test_live_suffix_always_live(base: str, live: str, edition: str) -> None:
    assert is_live_title(base + live + edition)
    assert is_live_title(base + edition + live)
    assert title_key(base + live) != title_key(base)


@given(st.text(max_size=40))
def test_parsing_never_fails_and_fold_is_idempotent(title: str) -> None:
    key = title_key(title)
    assert isinstance(key, str)
    assert fold_words(fold_words(title)) == fold_words(title)
    is_live_album_title(title)
    display_title(title)

"""Track and album title parsing: which version markers a title carries, and the key duplicates share.

A Spotify title is a *base* plus *qualifiers*: parenthesised or bracketed groups after the start of the title
("Song (Live)", "Song [with X]") and " - " segments ("Song - 2011 Remaster", "Song - Live / Remastered 2011").
Each qualifier is split on ``/ ; , & +`` into pieces and every piece gets one `Kind`. Only qualifiers are ever
tested for live markers, never the base, so "Alive", "Live Forever", "Oliver's Army" or "Beat It" cannot be
mistaken for live recordings however their words look. Patterns use word boundaries and positive phrase lists
("live at|in|from|on …", "live 1992", "live version", "recorded live", "unplugged", "en vivo"…); a bare
"Live <word>" subtitle is live only for known words, so "(Live Forever)" or "(Live It Up)" stay studio.

Sessions: a broadcast or live-in-studio session ("BBC Session", "Peel Session", "Live Session", "Spotify
Sessions", "KEXP Session", "Like A Version", "Tiny Desk") counts as live. It is a one-take performance made
for an audience or broadcast, never the studio original, and the song almost always exists as a studio track
too, so dropping it loses nothing while keeping it adds a near-duplicate. "Session(s)" without a broadcaster
("The Sun Sessions", "Studio Session", a song called "Sessions") is not live.

The duplicate key (`title_key`) keeps live, remix and other version markers (acoustic, demo, instrumental,
reprise, anything unknown) and drops edition noise (remaster, deluxe, mono/stereo, years, re-recorded,
soundtrack notes), edits (radio edit, single/album version) and featured-artist tags. Acoustic versions, demos
and instrumentals are therefore distinct songs, never live and never merged into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from theset.catalog.text import fold_case, fold_words


class Kind(StrEnum):
    LIVE = "live"
    STUDIO = "studio"  # explicit studio marker: "Studio Version", "(Studio)"
    REMIX = "remix"
    EDIT = "edit"  # radio edit, single/album version: same song, length may differ a lot
    EDITION = "edition"  # remaster, deluxe, mono, year, re-recorded, soundtrack note: same song
    FEATURE = "feature"  # feat. X, with X
    VERSION = "version"  # acoustic, demo, instrumental, unknown: kept in the key, a distinct song


KEPT_KINDS = frozenset({Kind.LIVE, Kind.REMIX, Kind.VERSION})
_NOISE_KINDS = frozenset({Kind.STUDIO, Kind.EDIT, Kind.EDITION, Kind.FEATURE})


@dataclass(frozen=True, slots=True)
class Piece:
    text: str  # as written, trimmed
    kind: Kind


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    base: str
    qualifiers: tuple[tuple[Piece, ...], ...]  # one tuple of pieces per qualifier, in title order

    @property
    def pieces(self) -> tuple[Piece, ...]:
        return tuple(piece for qualifier in self.qualifiers for piece in qualifier)

    def has(self, kind: Kind) -> bool:
        return any(piece.kind is kind for piece in self.pieces)

    @property
    def is_plain(self) -> bool:
        """No qualifier except featured artists: the title as the original studio release would show it."""
        return all(piece.kind is Kind.FEATURE for piece in self.pieces)


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_PLACES = r"(?:at|in|from|on|@|aus|au|à|en|em|im|auf|with\s+the)"
_LIVE = _rx(
    r"^live$",
    r"^live\s*'?\d{2,4}s?\b",
    rf"\blive\s+{_PLACES}\s+\S",
    r"^live\s*@",
    r"^live\s+(?:versions?|recordings?|recorded|performances?|sessions?|acoustic|unplugged|edit|take|"
    r"broadcast|bonus|track|vocal|remix|mix|demo|rehearsal|set|album|ep|edition|cut|stream|video|audio|"
    r"premiere|debut|medley|intro|outro|jam|encore)\b",
    r"\blive\s+(?:lounge|aid|8|earth)\b",
    r"\b(?:recorded|performed)\s+live\b",
    r"\b(?:acoustic|unplugged|mtv|bbc|version|versión|versao|radio|tv|studio|spotify|session|lounge|"
    r"concert|stage|festival|tour|encore|bonus|\d{4})\s+live$",
    r"\bunplugged\b",
    r"^concert$",
    r"\bin\s+concert\b",
    r"\bconcert\s+(?:version|recording|performance|edit|take|at|in|from|on)\b",
    r"\b(?:the|a|farewell|reunion|benefit|anniversary|tribute|home|mtv|bbc|radio|symphonic|koln)\s+concert\b",
    r"\bsoundcheck\b",
    r"\bstorytellers\b",
    r"\btiny\s+desk\b",
    r"\blike\s+a\s+version\b",
    r"\b(?:en|ao|al|dal)\s+vivo\b",
    r"\b(?:en\s+directo|en\s+concierto|en\s+concert|en\s+public|na\s+zywo)\b",
    r"\blive[-\s]?(?:version|mitschnitt|aufnahme)\b",
    r"\bspotify\s+(?:sessions?|singles?|studios?)\b",
)
_SESSION = re.compile(r"\bsessions?\b")
_BROADCASTER = re.compile(
    r"\b(?:bbc|peel|radio|maida\s+vale|kexp|spotify|triple\s+j|siriusxm|sirius\s+xm|npr|world\s+cafe|"
    r"audiotree|daytrotter|mahogany|sofar|vevo|live|jools\s+holland|hottest\s+100)\b"
)
_STUDIO = _rx(
    r"^studio(?:\s+(?:version|recording|take|track|cut|mix|outtake|bonus(?:\s+track)?))?$",
    r"^recorded\s+in\s+(?:the\s+)?studio$",
)
_EDITION_MIX = _rx(
    r"^\d{4}\s+(?:stereo\s+|mono\s+)?(?:re)?mix$",
    r"^(?:stereo|mono|original|album|single)\s+(?:re)?mix(?:\s+\d{4})?$",
    r"^(?:re)?mix(?:ed)?\s+\d{4}$",
)
_EDIT = _rx(
    r"^(?:\d{4}\s+)?(?:radio|single|short|album|clean|explicit|promo|edited|us|uk|original|lp|ep|7\"|12\"|"
    r"7\s+inch|12\s+inch|extended|long|full|full\s+length|video|tv)?\s*(?:edit|edited|version|cut)(?:\s+\d{4})?$",
    r"^(?:single|extended|long|short|radio)$",
)
_REMIX = _rx(
    r"\bre-?mix(?:es|ed)?\b",
    r"\brmx\b",
    r"\bmix(?:ed)?\b",
    r"\bdub\b",
    r"\bre-?work(?:ed)?\b",
    r"\bre-?edit\b",
    r"\bedit\b",
    r"\bvip\b",
    r"\bflip\b",
    r"\bmash-?up\b",
)
_EDITION = _rx(
    r"\bre-?master",
    r"^(?:version\s+)?\d{4}(?:\s+version)?$",
    r"\b(?:edition|deluxe|expanded|anniversary|bonus|re-?issue)\b",
    r"\b(?:mono|stereo|quadraphonic|dolby|atmos|spatial|binaural|hi-?res)\b",
    r"^(?:explicit|clean)$",
    r"\bre-?record(?:ed|ing)\b",
    r"\b\w+'s\s+version\b",
    r"\bfrom\s+the\s+vault\b",
    r"^from\b",
    r"\b(?:soundtrack|motion\s+picture|ost)\b",
    r"^original(?:\s+(?:recording|mix|version))?$",
)
_FEATURE = re.compile(r"^(?:feat\.?|ft\.|featuring|with|w/|con|avec|mit|prod\.|produced\s+by)\s")
_BASE_FEATURE = re.compile(r"\s+(?:feat\.?|ft\.|featuring)\s+.+$", re.IGNORECASE)
_SEGMENT = re.compile(r"\s+[-–—]{1,2}\s+|\s+[–—]|[–—]\s+")
_GROUP = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_UNCLOSED = re.compile(r"\s[(\[]([^()\[\]]*)$")
_PIECE_SPLIT = re.compile(r"\s*[/;,&+]\s*")
_QUOTED = re.compile(r"\"[^\"]*\"|\bfrom\s+'[^']*'")


def is_live_piece(text: str) -> bool:
    """True when one qualifier piece (e.g. "Live at Wembley", "MTV Unplugged") marks a live recording."""
    piece = fold_case(_QUOTED.sub(" ", fold_case(text)))
    if _LIVE.search(piece):
        return True
    return bool(_SESSION.search(piece) and _BROADCASTER.search(piece))


def _kind(text: str) -> Kind:
    piece = fold_case(text)
    if is_live_piece(piece):
        return Kind.LIVE
    for pattern, kind in (
        (_STUDIO, Kind.STUDIO),
        (_EDITION_MIX, Kind.EDITION),
        (_EDIT, Kind.EDIT),
        (_REMIX, Kind.REMIX),
        (_EDITION, Kind.EDITION),
        (_FEATURE, Kind.FEATURE),
    ):
        if pattern.search(piece):
            return kind
    return Kind.VERSION


def _pieces(qualifier: str) -> tuple[Piece, ...]:
    text = qualifier.strip()
    if _FEATURE.search(fold_case(text)):
        return (Piece(text, Kind.FEATURE),)
    parts = [part.strip() for part in _PIECE_SPLIT.split(text) if part.strip()]
    return tuple(Piece(part, _kind(part)) for part in parts)


def _extract_groups(segment: str, keep_leading: bool) -> tuple[str, list[str]]:
    """Pull "(…)"/"[…]" groups out of a segment; a group opening the title belongs to the base."""
    groups: list[str] = []
    while True:
        found = [m for m in _GROUP.finditer(segment) if not keep_leading or segment[: m.start()].strip()]
        if not found:
            break
        match = found[-1]
        groups.insert(0, match.group(1))
        segment = (segment[: match.start()] + " " + segment[match.end() :]).strip()
    unclosed = _UNCLOSED.search(segment)
    if unclosed:
        groups.append(unclosed.group(1))
        segment = segment[: unclosed.start()]
    return " ".join(segment.split()), groups


@lru_cache(maxsize=65536)
def parse_title(title: str) -> ParsedTitle:
    segments = _SEGMENT.split(title.strip())
    base, raw = _extract_groups(segments[0], keep_leading=True)
    feature = _BASE_FEATURE.search(base)
    if feature and feature.start() > 0:
        raw.append(base[feature.start() :].strip())
        base = base[: feature.start()].strip()
    for segment in segments[1:]:
        rest, groups = _extract_groups(segment, keep_leading=False)
        raw.extend([rest, *groups] if rest else groups)
    qualifiers = tuple(p for p in (_pieces(q) for q in raw if q.strip()) if p)
    return ParsedTitle(base=base, qualifiers=qualifiers)


def _canonical(piece: Piece) -> str:
    folded = fold_words(piece.text)
    return re.sub(r"\s+version$", "", folded) if piece.kind is Kind.VERSION else folded


@lru_cache(maxsize=65536)
def title_key(title: str, *, ignore_live: bool = False) -> str:
    """The duplicate key: folded base plus sorted kept markers, e.g. 'song [acoustic]', 'song [x remix]'.

    `ignore_live` leaves live markers out, for a "- Live" title that is really a studio recording.
    """
    parsed = parse_title(title)
    base = fold_words(parsed.base) or fold_words(title) or title.strip().casefold()
    kinds = KEPT_KINDS - {Kind.LIVE} if ignore_live else KEPT_KINDS
    kept = sorted({_canonical(p) for p in parsed.pieces if p.kind in kinds} - {""})
    return base + "".join(f" [{marker}]" for marker in kept)


def display_title(title: str) -> str:
    """The title without edition noise ("Song - 2011 Remaster" → "Song"); unchanged when there is none."""
    parsed = parse_title(title)
    if not any(piece.kind in _NOISE_KINDS for piece in parsed.pieces):
        return title.strip()
    kept = [piece.text for piece in parsed.pieces if piece.kind in KEPT_KINDS]
    return parsed.base + "".join(f" ({text})" for text in kept)


def is_live_title(title: str) -> bool:
    return parse_title(title).has(Kind.LIVE)


def is_remix_title(title: str) -> bool:
    return parse_title(title).has(Kind.REMIX)


def has_studio_marker(title: str) -> bool:
    return parse_title(title).has(Kind.STUDIO)


_ALBUM_LIVE = _rx(
    r"\blive\s*[!/:]",
    r"^live\s+(?:killers|evil|after\s+death|rust|bullet|magic|songs|cream|peace|shit|dead|tracks|cuts|hits|"
    r"collection|anthology|vol|volume|and\s+dangerous|and\s+loud|tapes|archives?|bootleg)\b",
    r"\b(?:in\s+concert|on\s+stage|onstage|in\s+performance|at\s+the\s+bbc|comes\s+alive)\b",
    r"^alive\s*(?:!|ii+\b|\d{4}\b)",
    r"\balive\s+(?:at|in|from|on)\s+\S",
    r"\b(?:at|from)\s+(?:the\s+)?(?:budokan|wembley|royal\s+albert\s+hall|madison\s+square\s+garden|"
    r"hollywood\s+bowl|fillmore|red\s+rocks|carnegie\s+hall|apollo|folsom\s+prison|san\s+quentin|knebworth|"
    r"glastonbury|woodstock|montreux|roundhouse|troubadour|marquee|hammersmith|paradiso|greek\s+theatre|"
    r"slane\s+castle|river\s+plate|ryman|royal\s+festival\s+hall|olympia|bataclan|forum)\b",
)
_TRAILING_LIVE = re.compile(r"(\S+)\s+live$")
_STUDIO_PRECEDERS = frozenset(
    {
        *("long", "let", "lets", "let's", "to", "me", "we", "i", "you", "they", "who", "all", "just"),
        *("will", "shall", "must", "gonna", "wanna", "gotta", "can", "cannot", "can't", "could", "would"),
        *("should", "never", "forever", "still", "born", "learn", "love", "and", "or", "not", "dare", "may"),
        "might",
    }
)


def is_live_album_title(name: str) -> bool:
    """True for album titles that name a live release ("Live at Leeds", "MTV Unplugged", "Alive II")."""
    parsed = parse_title(name)
    if parsed.has(Kind.LIVE):
        return True
    base = fold_case(parsed.base)
    if is_live_piece(base) or _ALBUM_LIVE.search(base):
        return True
    trailing = _TRAILING_LIVE.search(base)
    return bool(trailing and trailing.group(1).strip("'\".,") not in _STUDIO_PRECEDERS)

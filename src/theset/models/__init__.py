"""All models, imported here so Alembic's metadata sees every table."""

from theset.models.artist import Artist
from theset.models.base import Base
from theset.models.history import HistorySetlist, HistorySong
from theset.models.import_status import IMPORT_STAGES, TERMINAL_STAGES, ImportStatus
from theset.models.setlist import Setlist, SetlistSong
from theset.models.show import Show
from theset.models.show_artist import SHOW_ARTIST_ROLES, ShowArtist
from theset.models.song import ArtistSong, Song
from theset.models.user import User
from theset.models.venue import Venue
from theset.models.vote import Vote, VoteQuota

__all__ = [
    "IMPORT_STAGES",
    "SHOW_ARTIST_ROLES",
    "TERMINAL_STAGES",
    "Artist",
    "ArtistSong",
    "Base",
    "HistorySetlist",
    "HistorySong",
    "ImportStatus",
    "Setlist",
    "SetlistSong",
    "Show",
    "ShowArtist",
    "Song",
    "User",
    "Venue",
    "Vote",
    "VoteQuota",
]

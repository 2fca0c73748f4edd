"""Voting's domain errors; each carries its HTTP status and code (DESIGN.md §Voting)."""

from __future__ import annotations

from theset.core.errors import TheSetError


class SignUpRequired(TheSetError):
    status_code = 401
    code = "sign_up_required"


class SetlistLocked(TheSetError):
    status_code = 409
    code = "setlist_locked"


class SongAlreadyInSetlist(TheSetError):
    status_code = 409
    code = "song_already_in_setlist"


class VoteLimitReached(TheSetError):
    status_code = 429
    code = "vote_limit_reached"


class InvalidSong(TheSetError):
    status_code = 422
    code = "validation_error"

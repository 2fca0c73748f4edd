"""Voting: fans' votes on predicted setlists, limits, locking at showtime, live counts, accuracy."""

"""Recurring upkeep: scheduled re-syncs, post-show setlist sweeps and the weekly clean-up."""

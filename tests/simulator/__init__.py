"""Tests for the upstream simulator (theset.simulator)."""

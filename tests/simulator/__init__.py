"""Tests for the upstream simulator (theset_simulator)."""

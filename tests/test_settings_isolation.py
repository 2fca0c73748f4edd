"""The suite's own guard: settings a test patched never reach the test that follows (see the autouse
`_settings_follow_the_environment` in conftest.py). The two tests run in file order."""

from __future__ import annotations

import pytest

from theset.core import config


def test_a_test_that_caches_its_patched_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOTES_PER_SHOW", "2")
    config.reset_settings_cache()
    # What a background task on the shared event loop may do before monkeypatch restores the environment.
    assert config.get_settings().votes_per_show == 2


def test_the_next_test_sees_the_real_environment() -> None:
    assert config.get_settings().votes_per_show == config.Settings().votes_per_show != 2

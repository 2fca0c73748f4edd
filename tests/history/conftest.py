"""The simulator fixture of the provider tests, shared with the history tests."""

from tests.providers.conftest import sim  # noqa: F401

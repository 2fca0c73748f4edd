"""The simulator fixture of the provider tests, shared with the setlist sync tests."""

from tests.providers.conftest import sim  # noqa: F401

"""Template filters that shape numbers and dates on the pages."""

from __future__ import annotations

from theset.web.templating import TEMPLATES


def test_counts_are_grouped_by_thousands() -> None:
    render = TEMPLATES.env.from_string("{{ n | count }} upcoming shows").render
    assert render(n=1302) == "1,302 upcoming shows"
    assert render(n=48) == "48 upcoming shows"
    assert render(n=None) == "0 upcoming shows"

"""What every fan page must hold to: no inline script, handler or style (the CSP forbids them)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")
        self.problems += [f"<{tag} {n}=…>" for n in names if n.startswith("on") or n == "style"]
        if tag == "a" and any(v and v.strip().lower().startswith("javascript:") for _, v in attrs):
            self.problems.append("javascript: link")


def inline_code(html: str) -> list[str]:
    parser = _Inline()
    parser.feed(html)
    return parser.problems


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style", "template")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "template")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The words a fan reads (no tags, attributes or templates)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())

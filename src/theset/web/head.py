"""HEAD on the pages: answered as the GET would be, without the body (RFC 9110 §9.3.2).

FastAPI routes declared with `@router.get` answer HEAD with 405, which link checkers, uptime monitors
and some crawlers read as a broken page. Rather than doubling every page route, a HEAD request outside
the API is run as a GET here and its body dropped; the headers (Content-Length included) stay those of
the GET. The JSON API is left alone: its event streams never end, so a HEAD there would hold a
connection open for nothing.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_PREFIX = "/api/"


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD" or scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the final (empty) body message below ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)

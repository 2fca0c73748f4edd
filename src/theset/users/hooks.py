"""What other packages do when a browser signs in or up. The web app registers them (web/app.py), so
`users` imports nothing above it: voting carries a browser's anonymous votes over this way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import User

SignInHook = Callable[[AsyncSession, Request, Response, User], Awaitable[None]]
_hooks: list[SignInHook] = []


def on_sign_in(hook: SignInHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


async def signed_in(session: AsyncSession, request: Request, response: Response, user: User) -> None:
    for hook in _hooks:
        await hook(session, request, response, user)

"""Sign-up or sign-in from a browser that voted anonymously: its votes become the account's (registered as
a users sign-in hook by the web app)."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from theset.models import User
from theset.votes import fans
from theset.votes.service import carry_over


async def adopt_anonymous_votes(
    session: AsyncSession, request: Request, response: Response, user: User
) -> None:
    anon_id = fans.read_anon(request.cookies.get(fans.ANON_COOKIE))
    if anon_id is not None:
        await carry_over(session, anon_id, user.id)
        fans.forget_anon(response)

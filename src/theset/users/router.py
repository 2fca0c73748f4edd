"""Sign-in for user accounts: a session cookie backed by Redis (users/sessions.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from theset.core import audit
from theset.core.deps import RedisDep, SessionDep
from theset.users import service, sessions, throttle
from theset.users.current import CurrentUserDep
from theset.users.schemas import LoginBody, UserOut

router = APIRouter(prefix="/api/auth", tags=["auth"])


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        max_age=sessions.ttl_seconds(),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


@router.post("/login", response_model=UserOut)
async def login(
    body: LoginBody, request: Request, response: Response, session: SessionDep, redis: RedisDep
) -> UserOut:
    client = throttle.client_address(request)
    user = await service.sign_in(session, redis, client, body.email, body.password)
    set_session_cookie(request, response, await sessions.create(redis, user.id))
    if user.is_admin:
        await audit.record(redis, actor=f"user:{user.id}", action="login", result={"client": client})
    return UserOut.model_validate(user, from_attributes=True)


@router.post("/logout", status_code=204)
async def logout(request: Request, redis: RedisDep) -> Response:
    token = request.cookies.get(sessions.COOKIE_NAME)
    if token:
        await sessions.revoke(redis, token)
    response = Response(status_code=204)
    response.delete_cookie(sessions.COOKIE_NAME, path="/")
    return response


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUserDep) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)

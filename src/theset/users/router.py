"""Sign-in for user accounts: a session cookie backed by Redis (users/sessions.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from theset.core.csrf import same_site_write
from theset.core.deps import RedisDep, SessionDep
from theset.users import hooks, service, sessions, signup, throttle
from theset.users.current import CurrentUserDep
from theset.users.schemas import LoginBody, SignupBody, SignupOut, UserOut

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


@router.post("/signup", status_code=201, response_model=SignupOut, dependencies=[Depends(same_site_write)])
async def sign_up(
    body: SignupBody, request: Request, response: Response, session: SessionDep, redis: RedisDep
) -> SignupOut:
    """Create a fan account and sign it in (the same session cookie as /api/auth/login)."""
    user = await signup.sign_up(
        session,
        redis,
        throttle.client_address(request),
        email=body.email,
        password=body.password,
        display_name=body.display_name,
    )
    await hooks.signed_in(session, request, response, user)
    set_session_cookie(request, response, await sessions.create(redis, user.id))
    return SignupOut.model_validate(user, from_attributes=True)


@router.post("/login", response_model=UserOut)
async def login(
    body: LoginBody, request: Request, response: Response, session: SessionDep, redis: RedisDep
) -> UserOut:
    client = throttle.client_address(request)
    user, token = await service.start_session(session, redis, client, body.email, body.password)
    await hooks.signed_in(session, request, response, user)
    set_session_cookie(request, response, token)
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

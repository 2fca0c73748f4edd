"""POST /spotify-accounts/api/token: the client-credentials flow, with tokens that really expire."""

from __future__ import annotations

import base64
import binascii
import secrets

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from theset_simulator.responses import fail, json_response
from theset_simulator.state import state_of

router = APIRouter(prefix="/spotify-accounts")


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id, secret


@router.post("/api/token")
async def token(request: Request) -> Response:
    state = state_of(request)
    options = state.options
    form = {}
    # Spotify reads only a form body: a JSON body looks like a request without grant_type.
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        form = {k: str(v) for k, v in (await request.form()).items()}
    grant = form.get("grant_type")
    if grant is None:
        raise fail(
            {"error": "unsupported_grant_type", "error_description": "grant_type parameter is missing"}, 400
        )
    if grant != "client_credentials":
        description = "grant_type must be client_credentials, authorization_code or refresh_token"
        raise fail({"error": "unsupported_grant_type", "error_description": description}, 400)
    credentials = _basic_credentials(request) or (form.get("client_id", ""), form.get("client_secret", ""))
    client_id, secret = credentials
    if client_id != options.spotify_client_id:
        raise fail({"error": "invalid_client", "error_description": "Invalid client"}, 400)
    if secret != options.spotify_client_secret:
        raise fail({"error": "invalid_client", "error_description": "Invalid client secret"}, 400)
    access_token = "BQ" + secrets.token_urlsafe(84)
    lifetime = options.spotify_token_lifetime_s
    state.tokens[access_token] = state.clock() + lifetime
    return json_response({"access_token": access_token, "token_type": "bearer", "expires_in": lifetime})

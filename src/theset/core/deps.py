"""`Annotated` dependency aliases used by every router."""

from __future__ import annotations

from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from theset.core.config import Settings, get_settings
from theset.core.db import request_session, request_statement_session
from theset.core.redis import get_redis

# scope="function": commit before the response is sent, so a failed commit is a 500, not a lie.
SessionDep = Annotated[AsyncSession, Depends(request_session, scope="function")]
# Statements commit as they end: only for a handler whose whole write is one statement (a vote).
StatementSessionDep = Annotated[AsyncSession, Depends(request_statement_session, scope="function")]
RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class LoginBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: uuid.UUID
    email: str
    display_name: str = Field(serialization_alias="displayName")
    is_admin: bool = Field(serialization_alias="isAdmin")


class SignupBody(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(alias="displayName", min_length=1, max_length=200)


class SignupOut(BaseModel):
    id: uuid.UUID
    email: str
    display_name: str = Field(serialization_alias="displayName")

"""The base of every JSON response body."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class ApiModel(BaseModel):
    """Fields in snake_case in Python, camelCase on the wire; built from ORM rows (`model_validate(row)`)
    or keyword arguments, so no service maps fields by hand."""

    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

"""A custom resource's properties, read into a pydantic model.

CloudFormation sends every property as a string (numbers, flags and JSON documents included) and drops or
empties a conditional one; an empty property counts as absent, so a field with a default takes it and a
field without one is required. Reading reports every offending property at once, named as the template
names it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, NoReturn, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic.alias_generators import to_pascal
from pydantic_core import ErrorDetails, PydanticCustomError, PydanticUseDefault


class InvalidPropertiesError(ValueError):
    """The custom resource was given properties its job cannot start with; the message names each problem."""


def invalid(message: str, **context: Any) -> PydanticCustomError:
    """A validation failure; values go in `context` ({name} in `message`) so that braces in them stay as typed.

    Raised for a field, the property's name is put in front of `message`; raised for the model, it reads as is."""
    return PydanticCustomError("invalid_property", message, context)


def refuse(problem: str) -> NoReturn:
    """Fails a model-level rule with a message that names its properties itself."""
    raise invalid("{problem}", problem=problem)


def given(value: Any) -> str:
    """The stripped text of a property; an empty one is absent (the field's default, or "is required")."""
    text = str(value or "").strip()
    if not text:
        raise PydanticUseDefault
    return text


def whole(low: int, high: int) -> BeforeValidator:
    """A whole number from `low` to `high`, written in digits."""

    def parse(value: Any) -> int:
        raw = given(value)
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise invalid("must be a whole number from {low} to {high}, not {raw}", low=low, high=high, raw=repr(raw))
        return int(raw)

    return BeforeValidator(parse)


def one_of(*allowed: str) -> BeforeValidator:
    def choose(value: Any) -> str:
        raw = given(value)
        if raw not in allowed:
            raise invalid("must be one of {allowed}, not {raw}", allowed=", ".join(allowed), raw=repr(raw))
        return raw

    return BeforeValidator(choose)


def json_text(kind: type) -> BeforeValidator:
    """A JSON document whose top level is a `kind` (dict or list)."""

    def parse(value: Any) -> Any:
        try:
            document = json.loads(given(value))
        except ValueError as error:
            raise invalid("is not valid JSON: {error}", error=str(error)) from None
        if not isinstance(document, kind):
            raise invalid("must be a JSON {kind}", kind=kind.__name__)
        return document

    return BeforeValidator(parse)


def _flag(value: Any) -> bool:
    raw = given(value)
    if raw not in ("True", "False"):
        raise invalid("must be True or False, not {raw}", raw=repr(raw))
    return raw == "True"


Text = Annotated[str, BeforeValidator(given)]
"""Stripped text."""
Flag = Annotated[bool, BeforeValidator(_flag)]
"""True or False, spelled so (CloudFormation's rendering of a boolean parameter)."""


def s3_uri(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key.strip('/')}"


def _problem(error: ErrorDetails) -> str:
    where = ".".join(str(part) for part in error["loc"])
    message = "is required" if error["type"] == "missing" else error["msg"]
    return f"{where} {message}" if where else message


class ResourceProperties(BaseModel):
    """A custom resource's `ResourceProperties`: snake_case fields, PascalCase in the template (ServiceToken and
    any property a model does not declare are ignored)."""

    model_config = ConfigDict(alias_generator=to_pascal, frozen=True)

    @classmethod
    def read(cls, properties: Mapping[str, Any]) -> Self:
        try:
            return cls.model_validate(properties)
        except ValidationError as error:
            raise InvalidPropertiesError("; ".join(_problem(details) for details in error.errors())) from None

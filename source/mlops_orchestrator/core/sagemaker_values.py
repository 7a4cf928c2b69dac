"""Values the SageMaker API accepts, read from the service model botocore ships: never a list kept by hand.

A request field names the API shape it feeds (`SageMakerValue("TransformInstanceType", …)`); the value is
checked against that shape's enum, and a near miss gets the closest valid values as a suggestion. The model is
read on the first check (about 10 ms) and kept for the life of the process, so importing this module is free.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticCustomError, core_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

SERVICE = "sagemaker"
MODEL = "service-2"
SHAPE_KEYWORD = "x-sagemaker-shape"
"""JSON Schema annotation naming the SageMaker API shape whose enum a property's `enum` is."""
SUGGESTIONS = 3
"""The most close matches a message offers."""
CLOSE_ENOUGH = 0.8
"""difflib's similarity ratio a choice needs to be suggested: one or two characters off in a key or a value."""
LISTED_IN_FULL = 12
"""Enums up to this size are spelt out in messages; longer ones (instance types) only by their closest values."""


@functools.cache
def api_shape(name: str) -> Mapping[str, Any]:
    """One shape of the SageMaker API as its service model declares it (type, enum, pattern, min, max).

    Only this shape is parsed: parsing the whole 2.5 MB model would cost a Lambda's first request tens of
    milliseconds (more while the garbage collector walks boto3's objects).
    """
    text = _model_text()
    decoder = json.JSONDecoder()
    needle = f'"{name}"'
    position = text.find(needle)
    while position >= 0:
        colon = _skip_space(text, position + len(needle))
        value = _skip_space(text, colon + 1)
        # The name is also the key of structure members of that name; the shape itself is an object with a type.
        if text.startswith(":", colon) and text.startswith("{", value):
            shape, _end = decoder.raw_decode(text, value)
            if "type" in shape:
                return dict(shape)
        position = text.find(needle, position + 1)
    raise KeyError(f"SageMaker's API has no shape {name}")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


@functools.cache
def _model_text() -> str:
    return _read_model().decode("utf-8")


def _read_model() -> bytes:
    """The service model file botocore's clients use (the newest API version on botocore's search path).

    Read here rather than through `Loader.load_service_model`, which parses the whole model into ordered
    dictionaries: this runs during a Lambda's first request, which needs a handful of its 3,000 shapes.
    """
    # Imported here: only a request that carries such a value pays for it.
    from botocore.loaders import Loader

    loader = Loader()
    version = loader.determine_latest_version(SERVICE, MODEL)
    for folder in loader.search_paths:
        base = os.path.join(folder, SERVICE, version, MODEL)
        if os.path.isfile(f"{base}.json"):
            with open(f"{base}.json", "rb") as plain:
                return plain.read()
        if os.path.isfile(f"{base}.json.gz"):
            with open(f"{base}.json.gz", "rb") as packed:
                return gzip.decompress(packed.read())
    raise FileNotFoundError(f"botocore ships no {SERVICE} {MODEL} model for {version}")


def enum(shape: str) -> tuple[str, ...]:
    """The values SageMaker's API accepts for `shape`."""
    values = api_shape(shape).get("enum")
    if not values:
        raise KeyError(f"SageMaker's {shape} shape has no enum")
    return tuple(values)


def closest(value: str, choices: Iterable[str], count: int = SUGGESTIONS) -> list[str]:
    """The choices nearest to `value` (case is ignored when comparing), best first."""
    by_folded = {choice.lower(): choice for choice in choices}
    matches = difflib.get_close_matches(value.strip().lower(), list(by_folded), n=count, cutoff=CLOSE_ENOUGH)
    return [by_folded[match] for match in matches]


def suggestion(value: str, choices: Iterable[str]) -> str:
    """`; did you mean X, Y or Z?`, or nothing when no choice is close."""
    found = closest(value, choices)
    if not found:
        return ""
    listed = found[0] if len(found) == 1 else f"{', '.join(found[:-1])} or {found[-1]}"
    return f"; did you mean {listed}?"


@dataclass(frozen=True)
class SageMakerValue:
    """Field metadata: the value must be one of the enum of the SageMaker API shape `shape`.

    `what` completes "must be …" for a person, for example "one of SageMaker's instance types for endpoints".
    `within`, when given, is the part of the enum the pipeline's blueprint supports (its template parameter's
    allowed values); a test checks it is part of the API's enum.
    """

    shape: str
    what: str
    within: tuple[str, ...] = ()

    def accepted(self) -> tuple[str, ...]:
        return self.within or enum(self.shape)

    def _known(self) -> tuple[str, ...] | None:
        """What is accepted, or None when the botocore at hand lacks the shape: an older botocore than the
        one the lists were written with must not turn a request into a server error, so the value is left to
        SageMaker (the blueprint's own list, when there is one, still applies)."""
        try:
            return self.accepted()
        except (KeyError, OSError):
            return self.within or None

    def __get_pydantic_core_schema__(self, source: type[Any], handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        generated = handler(schema)
        generated.pop("pattern", None)
        return {**generated, "enum": list(self.accepted()), SHAPE_KEYWORD: self.shape}

    def check(self, value: str) -> str:
        allowed = self._known()
        if allowed is None or value in allowed:
            return value
        listed = f": {', '.join(allowed)}" if len(allowed) <= LISTED_IN_FULL else ""
        raise PydanticCustomError(
            "sagemaker_value",
            "must be {what} (SageMaker API shape {shape}){listed}{hint}",
            {"what": self.what, "shape": self.shape, "listed": listed, "hint": suggestion(value, allowed)},
        )

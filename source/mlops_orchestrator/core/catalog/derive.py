"""Small derivations shared by the parameter mappings (the original's exact string rules)."""

from __future__ import annotations

import json
from typing import Any

from ..stages import stage_value
from .declaration import Derivation, ParameterContext


def clean(value: str | None) -> str:
    """Remove one trailing '/', as the original did for output and capture locations."""
    text = value or ""
    return text[:-1] if text.endswith("/") else text


def bucket_of(location: str | None) -> str:
    return (location or "").split("/", 1)[0]


def at_stage(value: Any, context: ParameterContext) -> Any:
    return stage_value(value, context.stage)


def text(value: Any) -> str:
    """A parameter value as CloudFormation wants it: numbers as digits, absent as empty."""
    return "" if value is None else str(value)


def json_text(value: Any) -> str:
    """JSON for object-valued keys; a string that already holds JSON is passed on unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _kms_key(request: Any, context: ParameterContext) -> str:
    return text(at_stage(getattr(request, "kms_key_arn", None), context))


COMMON_PARAMETERS: tuple[tuple[str, Derivation], ...] = (
    ("AssetsBucket", lambda _request, context: context.settings.assets_bucket),
    ("KmsKeyArn", _kms_key),
    ("BlueprintBucket", lambda _request, context: context.settings.blueprint_bucket),
)
"""The first three parameters of every params file, in the original's order."""

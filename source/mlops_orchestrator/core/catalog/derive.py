"""Small derivations shared by the parameter mappings (the original's exact string rules)."""

from __future__ import annotations

import json
from typing import overload

from ..stages import PerStage, Plain, stage_value
from .declaration import ParameterContext, Parameters, PipelineRequest


def clean(value: str | None) -> str:
    """Remove one trailing '/', as the original did for output and capture locations."""
    text = value or ""
    return text[:-1] if text.endswith("/") else text


def bucket_of(location: str | None) -> str:
    return (location or "").split("/", 1)[0]


@overload
def at_stage(value: PerStage[Plain], context: ParameterContext) -> Plain: ...
@overload
def at_stage(value: Plain, context: ParameterContext) -> Plain: ...
def at_stage(value: PerStage[Plain] | Plain, context: ParameterContext) -> Plain:
    """The request value for the context's stage; a plain value (or None) is the same in every stage."""
    return stage_value(value, context.stage)


def text(value: object) -> str:
    """A parameter value as CloudFormation wants it: numbers as digits, absent as empty."""
    return "" if value is None else str(value)


def json_text(value: object) -> str:
    """JSON for object-valued keys; a string that already holds JSON is passed on unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _kms_key(request: PipelineRequest, context: ParameterContext) -> str:
    # The request models that share these parameters each declare kms_key_arn (plain or per stage).
    key: str | PerStage[str] | None = getattr(request, "kms_key_arn", None)
    return text(at_stage(key, context))


COMMON_PARAMETERS: Parameters[PipelineRequest] = (
    ("AssetsBucket", lambda _request, context: context.settings.assets_bucket),
    ("KmsKeyArn", _kms_key),
    ("BlueprintBucket", lambda _request, context: context.settings.blueprint_bucket),
)
"""The first three parameters of every params file, in the original's order."""

"""Reading the custom resource's properties: CloudFormation passes every value as a string."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.job_resource import InvalidProperties


def text(properties: Mapping[str, Any], key: str) -> str:
    """The stripped value, or "" when missing (conditional properties are dropped when empty)."""
    return str(properties.get(key) or "").strip()


def required(properties: Mapping[str, Any], key: str) -> str:
    value = text(properties, key)
    if not value:
        raise InvalidProperties(f"{key} is required")
    return value


def whole(properties: Mapping[str, Any], key: str, low: int, high: int) -> int:
    raw = required(properties, key)
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidProperties(f"{key} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def flag(properties: Mapping[str, Any], key: str) -> bool:
    raw = required(properties, key)
    if raw not in ("True", "False"):
        raise InvalidProperties(f"{key} must be True or False, not {raw!r}")
    return raw == "True"


def json_value(properties: Mapping[str, Any], key: str, kind: type) -> Any:
    raw = required(properties, key)
    try:
        value = json.loads(raw)
    except ValueError as error:
        raise InvalidProperties(f"{key} is not valid JSON: {error}") from None
    if not isinstance(value, kind):
        raise InvalidProperties(f"{key} must be a JSON {kind.__name__}")
    return value


def s3_uri(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key.strip('/')}"

"""A JSON Schema property (from the request models) as a short line a person reads: type and limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlops_orchestrator.core.sagemaker_values import SHAPE_KEYWORD

PER_STAGE_PREFIX = "PerStage"
SAGEMAKER_VALUES_PAGE = "sagemaker-values.md"
"""The generated page that lists every SageMaker enum a request key takes (instance types are hundreds)."""
SPELT_OUT = 12
"""Enums up to this size are listed in the key's row; longer ones are linked to the values page."""
LONG_PATTERN = 60
"""Longer patterns are left to the JSON Schema; the description says what they mean."""


@dataclass
class KeyType:
    text: str
    stage_aware: bool = False
    objects: list[str] = field(default_factory=list)
    """Names of nested object definitions (under $defs) this key refers to."""
    default: Any = None


def describe(schema: dict[str, Any]) -> KeyType:
    """Type and constraints of one property; `null` branches (optional keys) are left out."""
    result = KeyType(text="")
    result.default = schema.get("default")
    result.text = _text(_without_null(schema), result)
    return result


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    for combinator in ("anyOf", "oneOf"):
        branches = schema.get(combinator)
        if branches:
            kept = [branch for branch in branches if branch.get("type") != "null"]
            if len(kept) == 1:
                rest = {key: value for key, value in schema.items() if key != combinator}
                return {**rest, **kept[0]}
            if len(kept) != len(branches):
                return {**schema, combinator: kept}
    return schema


def _text(schema: dict[str, Any], result: KeyType) -> str:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name.startswith(PER_STAGE_PREFIX):
            result.stage_aware = True
            return ""
        result.objects.append(name)
        return f"object ([`{name}`](#{name.lower()}))"
    if "const" in schema:
        return f"`{schema['const']}`"
    if SHAPE_KEYWORD in schema:
        return _sagemaker_enum(schema[SHAPE_KEYWORD], schema["enum"])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches:
        return _branches(branches, result)
    kind = schema.get("type")
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return "whole number" + _range(schema)
    if kind == "number":
        return "number" + _range(schema)
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        items = _text(_without_null(schema.get("items", {})), result) if schema.get("items") else "values"
        return f"list of {items}"
    if kind == "object":
        return "JSON object"
    return "any JSON value"


def _sagemaker_enum(shape: str, values: list[str]) -> str:
    link = f"[`{shape}`]({SAGEMAKER_VALUES_PAGE}#{shape.lower()})"
    if len(values) <= SPELT_OUT:
        return "one of " + ", ".join(f"`{value}`" for value in values) + f" (SageMaker API {link})"
    return f"one of the {len(values)} values of SageMaker API {link}"


def _branches(branches: list[dict[str, Any]], result: KeyType) -> str:
    kinds = {branch.get("type") for branch in branches}
    numeric_text = [branch for branch in branches if branch.get("type") == "string" and "description" in branch]
    # Shapes the field types in core/fields.py publish, said the way a person would.
    if kinds == {"integer", "string"} and numeric_text:
        integer = next(branch for branch in branches if branch.get("type") == "integer")
        return "whole number" + _range(integer) + " (a number or numeric text)"
    if kinds == {"boolean", None} or kinds == {"boolean"}:
        return 'true or false (or the text "True"/"False")'
    if kinds == {"object", "string"}:
        return "JSON object (or a string holding one)"
    texts = [text for text in (_text(_without_null(branch), result) for branch in branches) if text]
    return " or ".join(dict.fromkeys(texts))


def _string(schema: dict[str, Any]) -> str:
    parts = ["text"]
    low, high = schema.get("minLength"), schema.get("maxLength")
    if low is not None and high is not None:
        parts.append(f"{low} to {high} characters")
    elif high is not None:
        parts.append(f"at most {high} characters")
    pattern = schema.get("pattern")
    if pattern and len(pattern) <= LONG_PATTERN:
        parts.append(f"pattern `{pattern}`")
    elif pattern:
        parts.append("format checked")
    return ", ".join(parts)


def _range(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" {low} to {high}"
    if low is not None:
        return f" at least {low}"
    if high is not None:
        return f" at most {high}"
    return ""

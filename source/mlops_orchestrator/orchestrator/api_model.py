"""API Gateway request models (JSON Schema draft-04) derived from the request JSON Schema (draft 2020-12).

API Gateway validates bodies against draft-04 only, and cannot follow `$defs`, `const` or 2020-12 keywords.
The derived model is a coarse first gate: a JSON object, a known `pipeline_type` (the twelve pipeline types
and the six model-card operations) and the JSON types of every known key. The Lambda's own validation still
runs afterwards and reports every problem with field paths; the gate only stops malformed bodies early.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

DRAFT_04 = "http://json-schema.org/draft-04/schema#"
_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
_COMBINERS = ("anyOf", "oneOf", "allOf")


def json_types(schema: Mapping[str, Any], definitions: Mapping[str, Any]) -> set[str]:
    """The JSON types a (2020-12) schema accepts; empty when it accepts any type."""
    if "$ref" in schema:
        return json_types(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    if "type" in schema:
        declared = schema["type"]
        return {declared} if isinstance(declared, str) else set(declared)
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if values is not None:
        return {_type_of(value) for value in values}
    branches = [branch for combiner in _COMBINERS for branch in schema.get(combiner, [])]
    found: set[str] = set()
    for branch in branches:
        branch_types = json_types(branch, definitions)
        if not branch_types:
            return set()  # one branch accepts anything, so the union does too
        found |= branch_types
    return found


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _draft04_type(types: Iterable[str]) -> str | list[str]:
    kinds = set(types)
    if "number" in kinds:
        kinds.discard("integer")  # draft-04 "number" includes integers
    ordered = [kind for kind in _TYPES if kind in kinds]
    return ordered[0] if len(ordered) == 1 else ordered


def provision_request_model(
    config_schema: Mapping[str, Any], extra_pipeline_types: Iterable[str] = ()
) -> dict[str, Any]:
    """The /provisionpipeline body model: pipeline_type enum, required pipeline_type, types of known keys."""
    definitions = config_schema.get("$defs", {})
    variants = [definitions[ref["$ref"].rsplit("/", 1)[-1]] for ref in config_schema.get("oneOf", [])]
    pipeline_types: list[str] = []
    key_types: dict[str, set[str]] = {}
    open_keys: set[str] = set()  # keys some variant accepts with any type
    for variant in variants:
        for key, schema in variant.get("properties", {}).items():
            if key == "pipeline_type":
                pipeline_types += [value for value in schema.get("enum", [schema.get("const")]) if value is not None]
                continue
            types = json_types(schema, definitions)
            if not types:
                open_keys.add(key)
            key_types.setdefault(key, set()).update(types)
    pipeline_types += [name for name in extra_pipeline_types if name not in pipeline_types]
    properties: dict[str, Any] = {"pipeline_type": {"type": "string", "enum": pipeline_types}}
    for key in sorted(key_types):
        properties[key] = {} if key in open_keys else {"type": _draft04_type(key_types[key])}
    return {
        "$schema": DRAFT_04,
        "title": "ProvisionRequest",
        "type": "object",
        "required": list(config_schema.get("required", ["pipeline_type"])),
        "properties": properties,
        # Model-card operations and future keys pass the gate; the Lambda reports unknown keys as warnings.
        "additionalProperties": True,
    }


def status_request_model() -> dict[str, Any]:
    return {
        "$schema": DRAFT_04,
        "title": "StatusRequest",
        "type": "object",
        "required": ["pipeline_id"],
        "properties": {"pipeline_id": {"type": "string", "minLength": 1}},
    }


def deprovision_request_model() -> dict[str, Any]:
    """A pipeline_id, or the body that provisioned the pipeline (checked by the Lambda)."""
    return {
        "$schema": DRAFT_04,
        "title": "DeprovisionRequest",
        "type": "object",
        "properties": {"pipeline_id": {"type": "string", "minLength": 1}, "dry_run": {"type": "boolean"}},
        "additionalProperties": True,
    }


def list_request_model() -> dict[str, Any]:
    return {
        "$schema": DRAFT_04,
        "title": "ListRequest",
        "type": "object",
        "properties": {
            "max_results": {"type": "integer", "minimum": 1, "maximum": 100},
            "next_token": {"type": "string", "minLength": 1},
            "model_package_group_name": {"type": "string", "minLength": 1},
        },
        "additionalProperties": False,
    }

"""`AWS::NoValue` inside lists, which moto keeps as null and CloudFormation removes.

Blueprints add optional list items with `Fn::If [condition, item, !Ref AWS::NoValue]` (IAM statements
for an optional KMS key, an optional rollback alarm). moto resolves the missing branch to None and keeps
it in the list, so IAM refuses the policy as malformed. This removes such items, and only those: a list
item that resolves to None for another reason is left for moto to report.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation import parsing

_saved: dict[str, Any] = {}


def _may_be_no_value(item: Any) -> bool:
    return isinstance(item, dict) and (item.get("Ref") == "AWS::NoValue" or "Fn::If" in item)


def _clean_json(resource_json: Any, resources_map: Any) -> Any:
    original = _saved["clean_json"]
    if not isinstance(resource_json, list):
        return original(resource_json, resources_map)
    cleaned = []
    for item in resource_json:
        value = original(item, resources_map)
        if value is None and _may_be_no_value(item):
            continue
        cleaned.append(value)
    return cleaned


def install() -> None:
    # clean_json calls itself through the module global, so nested lists are handled too.
    if "clean_json" not in _saved:
        _saved["clean_json"] = parsing.clean_json
        parsing.clean_json = _clean_json


def uninstall() -> None:
    if "clean_json" in _saved:
        parsing.clean_json = _saved.pop("clean_json")

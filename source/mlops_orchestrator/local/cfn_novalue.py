"""`AWS::NoValue` inside lists, which moto keeps as null and CloudFormation removes.

Blueprints add optional list items with `Fn::If [condition, item, !Ref AWS::NoValue]` (IAM statements
for an optional KMS key, an optional rollback alarm). moto resolves the missing branch to None and keeps
it in the list, so IAM refuses the policy as malformed. This removes such items, and only those: a list
item that resolves to None for another reason is left for moto to report.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation import parsing

from .moto_patches import MotoPatches


def _may_be_no_value(item: Any) -> bool:
    return isinstance(item, dict) and (item.get("Ref") == "AWS::NoValue" or "Fn::If" in item)


def _clean_json(resource_json: Any, resources_map: Any) -> Any:
    original = _PATCHES.original(parsing, "clean_json")
    if not isinstance(resource_json, list):
        return original(resource_json, resources_map)
    cleaned = []
    for item in resource_json:
        value = original(item, resources_map)
        if value is None and _may_be_no_value(item):
            continue
        cleaned.append(value)
    return cleaned


# clean_json calls itself through the module global, so nested lists are handled too.
_PATCHES = MotoPatches().replace(parsing, "clean_json", _clean_json)
install = _PATCHES.install
uninstall = _PATCHES.uninstall

"""Which part of local mode creates each resource of a template: the emulator, a provider, or nobody (and why).

`resource_table` is what the resource-table test prints for every blueprint. A resource type that neither
moto's CloudFormation nor a provider creates, and that is not listed in `SKIPPED` with its reason, is
`unsupported`: the test fails on it.
"""

from __future__ import annotations

from typing import Any

from .base import REGISTRY
from .custom_resources import CUSTOM_PREFIX

SKIPPED: dict[str, str] = {
    "AWS::CDK::Metadata": "CDK's usage metadata: bookkeeping, no runtime effect",
}
"""Types local mode leaves out on purpose: pure bookkeeping only."""

UNSUPPORTED = "unsupported"


def disposition(resource_type: str) -> str:
    """`emulator`, `provider: <name>`, `skipped: <reason>` or `unsupported`. Call with the providers installed."""
    from moto.cloudformation import parsing

    if resource_type.startswith(CUSTOM_PREFIX):
        return f"provider: {REGISTRY['Custom::*'][0]}"
    if resource_type in REGISTRY:
        return f"provider: {REGISTRY[resource_type][0]}"
    if resource_type in SKIPPED:
        return f"skipped: {SKIPPED[resource_type]}"
    if resource_type in parsing.get_model_map():
        return "emulator"
    return UNSUPPORTED


def resource_table(template: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(logical id, type, disposition) for every resource of `template`, in template order."""
    return [
        (logical_id, str(resource["Type"]), disposition(str(resource["Type"])))
        for logical_id, resource in (template.get("Resources") or {}).items()
    ]

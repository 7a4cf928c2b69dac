"""Whole-account invariants after any request, successful or not."""

from __future__ import annotations

from typing import Any

from mlops_orchestrator.core.config_failures import LAST_FAILURE_KEY
from mlops_orchestrator.core.follower_index import BUILT_KEY, indexed_group, marker_key
from mlops_orchestrator.core.release_history import history_key
from mlops_orchestrator.core.request_record import read_request
from tests.reliability import snapshot

ZIP_PREFIX = "mlops_provisioned_pipelines/"


def zip_key_of(clients: dict[str, Any], stack_name: str) -> str | None:
    stack = clients["cloudformation"].describe_stacks(StackName=stack_name)["Stacks"][0]
    return {p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])}.get("TemplateZipFileName")


def nothing_half_done(clients: dict[str, Any]) -> None:
    """Every pipeline stack has its template.zip, and every template.zip (with its release history and follower
    marker) belongs to a pipeline stack."""
    # The last config-file failure and the follower index's "built" marker are records kept on purpose.
    kept = {LAST_FAILURE_KEY, BUILT_KEY}
    current = {key for key in snapshot.current_keys(clients) if key.startswith(ZIP_PREFIX) and key not in kept}
    expected = set()
    for name in snapshot.stacks(clients):
        key = zip_key_of(clients, name)
        if key:
            assert key in current, f"stack {name} has no {key}"
            expected |= {key, history_key(key)}
            group = indexed_group(read_request(clients["s3"], snapshot.ASSETS_BUCKET, key))
            if group is not None:
                expected.add(marker_key(group, key.split("/")[-2]))
    assert current <= expected, f"stray uploads: {sorted(current - expected)}"


def latest_versions(clients: dict[str, Any]) -> dict[str, str]:
    listed = clients["s3"].list_object_versions(Bucket=snapshot.ASSETS_BUCKET, Prefix=ZIP_PREFIX)
    return {v["Key"]: v["VersionId"] for v in listed.get("Versions", []) if v["IsLatest"]}

"""`show`: what a pipeline deployed, per stage (stack or StackSet, status, outputs, model package), its releases
from the model registry, and the request behind it."""

from __future__ import annotations

import json
from typing import Any

from .tables import fields, table

NO_OUTPUTS_ACROSS_ACCOUNTS = (
    "its stacks and their outputs live in the stage account; the orchestrator account sees the StackSet only"
)


def render_show(answer: dict[str, Any]) -> str:
    summary = answer.get("summary") or {}
    head: list[tuple[str, Any]] = [
        ("pipeline stack", summary.get("stack_name")),
        ("stack status", summary.get("stack_status")),
        ("pipeline", summary.get("pipeline_name")),
        ("pipeline status", summary.get("pipeline_status") or answer.get("message")),
    ]
    sections = [fields(head)]
    if summary.get("resolved_from"):
        sections.append(f"note: {summary['resolved_from']}")
    deployments = summary.get("deployments") or []
    if deployments:
        sections.append("Deployed:\n" + _deployments_table(deployments))
        sections += [section for entry in deployments if (section := _stage_details(entry))]
    failures = [entry["failure"] for entry in deployments if entry.get("failure")]
    if failures:
        sections.append(
            "Failed:\n" + "\n".join(f"  {entry.get('stage')}: {_failure_line(entry)}" for entry in failures)
        )
    releases = summary.get("releases") or []
    if releases:
        sections.append("Releases (model registry):\n" + releases_table(releases))
    sections.append(_request_section(summary))
    return "\n\n".join(sections)


def releases_table(releases: list[dict[str, Any]]) -> str:
    rows = [[item.get("time"), item.get("version"), item.get("cause"), item.get("model_package")] for item in releases]
    return table(["time", "version", "cause", "model package"], rows, None)


def _deployments_table(deployments: list[dict[str, Any]]) -> str:
    rows = [
        [
            entry.get("stage"),
            "stack" if "stack" in entry else "StackSet",
            entry.get("stack") or entry.get("stackset"),
            entry.get("status"),
        ]
        for entry in deployments
    ]
    headers = ["stage", "kind", "name", "status"]
    if any(entry.get("model_package") for entry in deployments):
        headers.append("model package")
        rows = [[*row, entry.get("model_package") or "-"] for row, entry in zip(rows, deployments, strict=True)]
    return table(headers, rows, None)


def _stage_details(entry: dict[str, Any]) -> str:
    stage = entry.get("stage")
    if "stack" in entry:
        outputs = entry.get("outputs") or {}
        if not outputs:
            return ""
        rows = [[key, value] for key, value in sorted(outputs.items())]
        return f"Outputs ({stage}):\n" + table(["output", "value"], rows, None)
    instances = entry.get("instances") or []
    if not instances:
        return ""
    rows = [
        [item.get("account"), item.get("region"), item.get("detailed_status") or item.get("status"), item.get("reason")]
        for item in instances
    ]
    listing = table(["account", "region", "status", "reason"], rows, 70)
    return f"Stack instances ({stage}; {NO_OUTPUTS_ACROSS_ACCOUNTS}):\n{listing}"


def _failure_line(failure: dict[str, Any]) -> str:
    if failure.get("stackset"):
        where = f"StackSet {failure.get('stackset')} in account {failure.get('account')} ({failure.get('region')})"
    else:
        where = f"stack {failure.get('stack')}: {failure.get('resource')} ({failure.get('resource_type')})"
    return f"{where} {failure.get('status')}\n    {failure.get('reason')}"


def _request_section(summary: dict[str, Any]) -> str:
    request = summary.get("request")
    if not request:
        return "Request: not stored (the image builder, or a pipeline provisioned before requests were kept)"
    return "Request (as the orchestrator understood it):\n" + json.dumps(request, indent=2, sort_keys=True)

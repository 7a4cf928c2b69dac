"""Runs parliament (with its community auditors) and cloudsplaining over IAM policies; run by
`.venv-iam-analyzers/bin/python` (never imported by the suite: the analyzers' pins differ from ours).

stdin: {"<policy id>": <policy document>, ...}; stdout: [[tool, policy id, finding, subject], ...], where the
subject is what the finding is about (actions, a condition key, an escalation method), stable across runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any

from cloudsplaining.scan.policy_document import PolicyDocument
from parliament import analyze_policy_string

BOUNDARY = "#boundary"
# cloudsplaining's risk categories the suite refuses without a written reason.
RISKS = {
    "privilege-escalation": lambda doc: [escalation["type"] for escalation in doc.allows_privilege_escalation],
    "resource-exposure": lambda doc: doc.permissions_management_without_constraints,
    "write-without-constraints": lambda doc: doc.write_actions_without_constraints,
    "credentials-exposure": lambda doc: doc.credentials_exposure,
    "data-exfiltration": lambda doc: doc.allows_data_exfiltration_actions,
}


def _literal_actions(document: dict[str, Any]) -> set[str]:
    listed = set()
    for statement in document["Statement"]:
        actions = statement.get("Action", [])
        listed.update(action.lower() for action in ([actions] if isinstance(actions, str) else actions))
    return {action for action in listed if "*" not in action}


def _subject(issue: str, detail: Any, location: Any, literal: set[str]) -> str | None:
    """None when the finding is only an artefact of a wildcard: parliament expands `s3:GetObject*` to every
    matching action and reports those whose resource type the statement does not name; a literal action on a
    resource it does not support is a defect, a pattern that also covers actions not meant is not."""
    if issue == "RESOURCE_MISMATCH":
        actions = sorted({item["action"] for item in detail if item["action"].lower() in literal})
        return ",".join(actions) or None
    if not detail and isinstance(location, dict) and "actions" in location:  # the community auditors
        return ",".join(sorted(location["actions"]))
    if isinstance(detail, list):
        return ",".join(
            sorted({str(item.get("action", item)) if isinstance(item, dict) else str(item) for item in detail})
        )
    return str(detail)


def parliament_findings(policy_id: str, document: dict[str, Any], *, community: bool) -> list[list[str]]:
    policy = analyze_policy_string(json.dumps(document), include_community_auditors=community)
    literal = _literal_actions(document)
    found = []
    for finding in policy.findings:
        subject = _subject(finding.issue, finding.detail, finding.location, literal)
        if subject is not None:
            found.append(["parliament", policy_id, finding.issue, subject])
    return found


def cloudsplaining_findings(policy_id: str, document: dict[str, Any]) -> list[list[str]]:
    with contextlib.redirect_stdout(io.StringIO()):  # it prints notes about NotAction statements
        doc = PolicyDocument(document)
        return [
            ["cloudsplaining", policy_id, risk, str(item)]
            for risk, listed in RISKS.items()
            for item in sorted(set(listed(doc)))
        ]


def main() -> None:
    policies: dict[str, dict[str, Any]] = json.load(sys.stdin)
    findings = []
    for policy_id, document in sorted(policies.items()):
        # A permissions boundary (id ending in #boundary) grants nothing: its grammar and data are checked, but
        # rating its reach as if granted (community auditors, cloudsplaining) would describe no real role.
        granted = not policy_id.endswith(BOUNDARY)
        findings += parliament_findings(policy_id, document, community=granted)
        if granted:
            findings += cloudsplaining_findings(policy_id, document)
    json.dump(sorted({tuple(finding) for finding in findings}), sys.stdout)


if __name__ == "__main__":
    main()

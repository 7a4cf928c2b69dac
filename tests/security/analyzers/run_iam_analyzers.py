"""Runs parliament (with its community auditors) and cloudsplaining over IAM policies; run by
`.venv-iam-analyzers/bin/python` (never imported by the suite: the analyzers' pins differ from ours).

stdin: {"<policy id>": <policy document>, ...}; stdout: [[tool, policy id, finding, detail], ...].
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from typing import Any

from cloudsplaining.scan.policy_document import PolicyDocument
from parliament import analyze_policy_string

# cloudsplaining's risk categories the suite refuses without a written reason.
RISKS = {
    "privilege-escalation": lambda doc: [escalation["type"] for escalation in doc.allows_privilege_escalation],
    "resource-exposure": lambda doc: doc.permissions_management_without_constraints,
    "write-without-constraints": lambda doc: doc.write_actions_without_constraints,
    "credentials-exposure": lambda doc: doc.credentials_exposure,
    "data-exfiltration": lambda doc: doc.allows_data_exfiltration_actions,
}


def parliament_findings(policy_id: str, document: dict[str, Any]) -> list[list[str]]:
    policy = analyze_policy_string(json.dumps(document), include_community_auditors=True)
    found = []
    for finding in policy.findings:
        detail = finding.detail if isinstance(finding.detail, str) else json.dumps(finding.detail, sort_keys=True)
        found.append(["parliament", policy_id, finding.issue, detail])
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
        findings += parliament_findings(policy_id, document)
        findings += cloudsplaining_findings(policy_id, document)
    json.dump(findings, sys.stdout)


if __name__ == "__main__":
    main()

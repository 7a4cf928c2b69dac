"""parliament (with its community auditors) and cloudsplaining over every IAM policy of every shipped template,
intrinsic functions resolved: every finding is fixed or accepted with a written reason in
`accepted-iam-findings.txt` (tool | policy | finding | subject | reason).

parliament reports unknown actions and condition keys, resources an action does not support, and its community
auditors' privilege-escalation, permissions-management and credentials findings; cloudsplaining reports
privilege escalation, resource exposure, data exfiltration, credentials exposure and write actions on `*`.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.security.allow_list import HERE, analyzer_python, as_lines, read_allow_list
from tests.security.policies import iam_policies

RUNNER = HERE / "analyzers" / "run_iam_analyzers.py"
ACCEPTED = HERE / "accepted-iam-findings.txt"


def analyze(policies: dict[str, dict[str, Any]]) -> set[tuple[str, ...]]:
    python = analyzer_python(".venv-iam-analyzers")
    result = subprocess.run(
        [str(python), str(RUNNER)], input=json.dumps(policies), capture_output=True, text=True, timeout=600, check=True
    )
    return {tuple(finding) for finding in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def findings(templates: dict[str, dict[str, Any]]) -> set[tuple[str, ...]]:
    # Keyed by the policy's readable id: the same policy in both orchestrator variants (or in each monitor, or in
    # both branches of a condition) is one finding.
    policies = {
        f"{name}/{policy_id}": document
        for name, template in templates.items()
        for policy_id, document in iam_policies(template).items()
    }
    return {
        (tool, policy.split("/", 1)[1].removesuffix("~else"), finding, subject)
        for tool, policy, finding, subject in analyze(policies)
    }


def test_every_finding_is_fixed_or_accepted_with_a_reason(findings: set[tuple[str, ...]]) -> None:
    unaccepted = findings - set(read_allow_list(ACCEPTED, 4))
    assert not unaccepted, f"fix these or accept them in {ACCEPTED.name}:\n{as_lines(unaccepted)}"


def test_every_accepted_finding_still_occurs(findings: set[tuple[str, ...]]) -> None:
    stale = set(read_allow_list(ACCEPTED, 4)) - findings
    assert not stale, f"no longer found, remove from {ACCEPTED.name}:\n{as_lines(stale)}"


def test_every_acceptance_gives_a_real_reason() -> None:
    short = [key for key, reason in read_allow_list(ACCEPTED, 4).items() if len(reason) < 20]
    assert short == []


def test_the_analyzers_find_what_they_are_here_to_find() -> None:
    """A policy with an unknown action, an action on a resource it does not support, and the PassRole-to-Lambda
    escalation: the suite above would see each of them."""
    bad = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::bucket/*"},
            {"Effect": "Allow", "Action": "sagemaker:ListCandidatesForAutoMLJob", "Resource": "arn:aws:sagemaker:eu-west-1:123456789012:automl-job/x"},
            {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"},
        ],
    }  # fmt: skip
    found = {(tool, finding) for tool, _, finding, _ in analyze({"t/bad": bad})}
    assert {
        ("parliament", "UNKNOWN_ACTION"),
        ("parliament", "RESOURCE_MISMATCH"),
        ("cloudsplaining", "privilege-escalation"),
        ("cloudsplaining", "write-without-constraints"),
    } <= found

"""Policy gates over both orchestrator templates: cdk-nag, cfn-lint, stable logical IDs, W3005 handled."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_orchestrator.infrastructure.nag_wildcards import flatten
from mlops_orchestrator.orchestrator.stack import multi_account, single_account
from tests.infra.support import Synthesized, cfn_lint, synth


def test_cdk_nag_finds_nothing_unacknowledged(variant: Synthesized) -> None:
    # The session fixture synthesized with AwsSolutions checks on; a finding would have raised there.
    # Every acknowledgement sits on one resource and names one finding (no blanket rule ids).
    acknowledged = [
        entry.data
        for node in variant.stack.node.find_all()
        for entry in node.node.metadata
        if "acknowledged" in entry.type.lower()
    ]
    assert acknowledged
    for data in acknowledged:
        for rule in data:
            # Template-validator acknowledgements are checked in test_template_validation.py.
            assert rule.startswith(("AwsSolutions::AwsSolutions-", "CloudFormation-Validate::")), rule
            if "IAM5" in rule or "IAM4" in rule:
                assert "[" in rule, f"blanket acknowledgement {rule}"


def test_cfn_lint_finds_nothing(variant: Synthesized) -> None:
    assert cfn_lint(variant.json) == []


@pytest.mark.parametrize("build", [single_account, multi_account], ids=["single", "multi"])
def test_logical_ids_are_identical_across_synths(
    build: object, empty_blueprints: Path, single: Synthesized, multi: Synthesized
) -> None:
    first = single if build is single_account else multi
    _, again = synth(lambda app: build(app, empty_blueprints))  # type: ignore[operator]
    # Logical IDs decide whether an update replaces a resource (a new bucket, as the original's UUIDs did).
    # Contents may legitimately differ if source files change between the two synths (asset hashes).
    for section in ("Parameters", "Conditions", "Resources", "Outputs"):
        assert list(again.to_json()[section]) == list(first.json[section]), section


def test_nag_text_of_resolved_values() -> None:
    assert (
        flatten({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::b/*"]]}) == "arn:<AWS::Partition>:s3:::b/*"
    )
    assert flatten({"Fn::GetAtt": ["Bucket", "Arn"]}) == "<Bucket.Arn>"
    assert flatten({"Fn::Sub": "x-${AWS::Region}"}) == "x-<AWS::Region>"
    assert flatten({"Fn::If": ["C", "a", "b"]}) == '{"Fn::If":["C","a","b"]}'

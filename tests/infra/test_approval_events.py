"""Both orchestrator stacks: model package approvals and rejections invoke the orchestrator, registry mode only."""

from __future__ import annotations

from mlops_orchestrator.core.registry_releases import STATE_CHANGE
from tests.infra.support import Synthesized


def test_the_rule_matches_approvals_and_rejections_of_every_group(variant: Synthesized) -> None:
    rule = variant.resource("ApprovalEvents/ModelPackageStateChange")
    assert rule["Type"] == "AWS::Events::Rule"
    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.sagemaker"],
        "detail-type": [STATE_CHANGE],
        "detail": {"ModelApprovalStatus": ["Approved", "Rejected"]},
    }
    assert rule["Properties"]["State"] == "ENABLED"


def test_the_rule_invokes_the_orchestrator_only(variant: Synthesized) -> None:
    rule = variant.resource("ApprovalEvents/ModelPackageStateChange")
    assert [target["Arn"] for target in rule["Properties"]["Targets"]] == [
        variant.get_att("PipelineOrchestration", "Arn")
    ]


def test_only_this_rule_may_invoke_and_only_in_registry_mode(variant: Synthesized) -> None:
    rule_id = variant.logical_id("ApprovalEvents/ModelPackageStateChange")
    permissions = [
        (key, value)
        for key, value in variant.resources("AWS::Lambda::Permission").items()
        if value["Properties"]["Principal"] == "events.amazonaws.com"
    ]
    assert len(permissions) == 1
    _, permission = permissions[0]
    assert permission["Properties"]["SourceArn"] == {"Fn::GetAtt": [rule_id, "Arn"]}
    assert permission["Properties"]["FunctionName"] == variant.get_att("PipelineOrchestration", "Arn")
    assert permission["Properties"]["Action"] == "lambda:InvokeFunction"
    for resource in (variant.json["Resources"][rule_id], permission):
        assert resource["Condition"] == "ModelRegistryUsed"
    assert variant.json["Conditions"]["ModelRegistryUsed"] == {"Fn::Equals": [{"Ref": "UseModelRegistry"}, "Yes"]}

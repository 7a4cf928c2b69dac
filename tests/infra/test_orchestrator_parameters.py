"""Parameters, console metadata, conditions and outputs of both orchestrator templates: the original's names."""

from __future__ import annotations

import re

import pytest

from mlops_orchestrator.orchestrator.parameters import (
    ACCOUNT_ID_PATTERN,
    BUCKET_NAME_PATTERN,
    ECR_REPO_PATTERN,
    EMAIL_PATTERN,
    ORG_ID_PATTERN,
)
from mlops_orchestrator.orchestrator.registry import NOT_CREATED
from tests.infra.support import Synthesized

COMMON = [
    "NotificationEmail",
    "ConfigS3Bucket",
    "ExistingS3Bucket",
    "ExistingECRRepo",
    "UseModelRegistry",
    "CreateModelRegistry",
    "AllowDetailedErrorMessage",
    "LogsKmsKeyArn",
]
MULTI_ONLY = [
    "DelegatedAdminAccount",
    "DevAccountId",
    "DevOrgId",
    "StagingAccountId",
    "StagingOrgId",
    "ProdAccountId",
    "ProdOrgId",
]
YES_NO = {"UseModelRegistry": "No", "CreateModelRegistry": "No", "AllowDetailedErrorMessage": "No"}


def _matches(pattern: str, value: str) -> bool:
    # CloudFormation anchors AllowedPattern to the whole value.
    return re.fullmatch(pattern, value) is not None


def test_parameter_names_and_order(single: Synthesized, multi: Synthesized) -> None:
    assert list(single.json["Parameters"]) == COMMON
    assert list(multi.json["Parameters"]) == COMMON + MULTI_ONLY


def test_notification_email_is_required_and_checked(variant: Synthesized) -> None:
    email = variant.json["Parameters"]["NotificationEmail"]
    assert "Default" not in email
    assert (email["Type"], email["AllowedPattern"], email["MinLength"], email["MaxLength"]) == (
        "String",
        EMAIL_PATTERN,
        5,
        320,
    )
    assert _matches(email["AllowedPattern"], "ops.team+ml@example.co.uk")
    assert not _matches(email["AllowedPattern"], "not-an-email")


@pytest.mark.parametrize("name", ["ConfigS3Bucket", "ExistingS3Bucket"])
def test_bucket_parameters_are_optional_bucket_names(variant: Synthesized, name: str) -> None:
    parameter = variant.json["Parameters"][name]
    assert (parameter["Default"], parameter["AllowedPattern"], parameter["MinLength"], parameter["MaxLength"]) == (
        "",
        BUCKET_NAME_PATTERN,
        0,
        63,
    )
    for good in ("", "my-bucket", "my.bucket.name", "abc"):
        assert _matches(parameter["AllowedPattern"], good), good
    for bad in ("My_Bucket", "ab", "192.168.1.1", "-leading"):
        assert not _matches(parameter["AllowedPattern"], bad), bad


def test_existing_ecr_repo_is_an_optional_repository_name(variant: Synthesized) -> None:
    parameter = variant.json["Parameters"]["ExistingECRRepo"]
    assert (parameter["Default"], parameter["AllowedPattern"], parameter["MinLength"], parameter["MaxLength"]) == (
        "",
        ECR_REPO_PATTERN,
        0,
        63,
    )
    for good in ("", "mlops-ecrrep", "team/images.v1"):
        assert _matches(parameter["AllowedPattern"], good), good
    assert not _matches(parameter["AllowedPattern"], "Upper/Case")


@pytest.mark.parametrize(("name", "default"), YES_NO.items())
def test_yes_no_parameters_default_to_no(variant: Synthesized, name: str, default: str) -> None:
    parameter = variant.json["Parameters"][name]
    assert (parameter["Type"], parameter["AllowedValues"], parameter["Default"]) == ("String", ["Yes", "No"], default)


def test_multi_account_parameters(multi: Synthesized) -> None:
    parameters = multi.json["Parameters"]
    assert (parameters["DelegatedAdminAccount"]["AllowedValues"], parameters["DelegatedAdminAccount"]["Default"]) == (
        ["Yes", "No"],
        "Yes",
    )
    for stage in ("Dev", "Staging", "Prod"):
        account, org = parameters[f"{stage}AccountId"], parameters[f"{stage}OrgId"]
        assert "Default" not in account and "Default" not in org
        assert (account["AllowedPattern"], org["AllowedPattern"]) == (ACCOUNT_ID_PATTERN, ORG_ID_PATTERN)
    assert re.search(ACCOUNT_ID_PATTERN, "123456789012") and not re.search(ACCOUNT_ID_PATTERN, "12345")
    assert re.search(ORG_ID_PATTERN, "ou-ab12-abcd1234") and not re.search(ORG_ID_PATTERN, "r-ab12")


def test_console_groups_and_labels(single: Synthesized, multi: Synthesized) -> None:
    for synthesized, names in ((single, COMMON), (multi, COMMON + MULTI_ONLY)):
        interface = synthesized.json["Metadata"]["AWS::CloudFormation::Interface"]
        assert interface["ParameterGroups"] == [{"Label": {"default": "MLOps Framework Settings"}, "Parameters": names}]
        assert set(interface["ParameterLabels"]) == set(names)
        assert all(label["default"] for label in interface["ParameterLabels"].values())


def test_conditions(variant: Synthesized) -> None:
    def not_empty(parameter: str) -> dict[str, object]:
        return {"Fn::Not": [{"Fn::Equals": [{"Ref": parameter}, ""]}]}

    assert variant.json["Conditions"] == {
        "ConfigBucketProvided": not_empty("ConfigS3Bucket"),
        "S3BucketProvided": not_empty("ExistingS3Bucket"),
        "ECRProvided": not_empty("ExistingECRRepo"),
        "CreateModelRegistryCondition": {"Fn::Equals": [{"Ref": "CreateModelRegistry"}, "Yes"]},
        "ModelRegistryUsed": {"Fn::Equals": [{"Ref": "UseModelRegistry"}, "Yes"]},
        "CreateS3Bucket": {"Fn::Equals": [{"Ref": "ExistingS3Bucket"}, ""]},
        "CreateECRRepo": {"Fn::Equals": [{"Ref": "ExistingECRRepo"}, ""]},
        "LogsKmsKeyProvided": not_empty("LogsKmsKeyArn"),
    }


def test_every_log_group_uses_the_customer_key_when_one_is_given(variant: Synthesized) -> None:
    groups = variant.resources("AWS::Logs::LogGroup")
    assert len(groups) >= 3
    for group in groups.values():
        assert group["Properties"]["KmsKeyId"] == {
            "Fn::If": ["LogsKmsKeyProvided", {"Ref": "LogsKmsKeyArn"}, {"Ref": "AWS::NoValue"}]
        }
    pattern = variant.json["Parameters"]["LogsKmsKeyArn"]["AllowedPattern"]
    assert _matches(pattern, "") and _matches(pattern, "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab")
    assert not _matches(pattern, "alias/aws/logs")


def test_no_metrics_call_home(variant: Synthesized) -> None:
    assert "Mappings" not in variant.json
    assert not any("AnonymizedData" in key or "SolutionHelper" in key for key in variant.json["Resources"])
    assert "metrics.awssolutionsbuilder.com" not in str(variant.json)


def test_outputs(variant: Synthesized) -> None:
    outputs = variant.json["Outputs"]
    assert set(outputs) == {
        "BlueprintsBucket",
        "AssetsBucket",
        "ECRRepoName",
        "ECRRepoArn",
        "ModelRegistryArn",
        "MLOpsNotificationsTopicArn",
        "OrchestratorApiUrl",
    }
    console = "https://s3.console.aws.amazon.com/s3/buckets/"
    assert outputs["BlueprintsBucket"]["Value"]["Fn::Join"][1][0] == console
    assert outputs["AssetsBucket"]["Value"]["Fn::Join"][1] == [
        console,
        {"Fn::If": ["S3BucketProvided", {"Ref": "ExistingS3Bucket"}, {"Ref": variant.logical_id("PipelineAssets")}]},
    ]
    repository = variant.logical_id("ECRRepo")
    assert outputs["ECRRepoName"]["Value"] == {
        "Fn::If": ["ECRProvided", {"Ref": "ExistingECRRepo"}, {"Ref": repository}]
    }
    assert outputs["ECRRepoArn"]["Value"]["Fn::If"][0] == "ECRProvided"
    assert outputs["ECRRepoArn"]["Value"]["Fn::If"][2] == {"Fn::GetAtt": [repository, "Arn"]}
    assert outputs["ModelRegistryArn"]["Value"] == {
        "Fn::If": [
            "CreateModelRegistryCondition",
            {"Fn::GetAtt": [variant.logical_id("SageMakerModelRegistry"), "ModelPackageGroupArn"]},
            NOT_CREATED,
        ]
    }
    assert outputs["MLOpsNotificationsTopicArn"]["Value"] == {"Ref": variant.logical_id("MLOpsNotificationsTopic")}
    url = outputs["OrchestratorApiUrl"]["Value"]["Fn::Join"][1]
    assert url[:2] == ["https://", {"Ref": variant.logical_id("Api")}]
    assert {"Ref": variant.logical_id("DeploymentStage.prod")} in url

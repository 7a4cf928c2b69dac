"""Approval events against moto, for monitors: a monitor following a group baselines each approved version."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
import pytest

from mlops_orchestrator.core.catalog.codepipeline import template_zip_key
from mlops_orchestrator.core.naming import CODEPIPELINE_SUFFIX
from mlops_orchestrator.local.settings import settings_env
from mlops_orchestrator.orchestrator.runtime import handler
from tests.support import example, group_variant, make_settings, package_state_change, register_packages


@pytest.fixture
def churn(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    """A registry-mode orchestrator with group `churn`: v1, v2 approved, v3 pending."""
    for key, value in settings_env(make_settings(model_registry=True), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    return {**aws_account, "arns": register_packages("churn", "Approved", "Approved", "PendingManualApproval")}


def provision(body: dict[str, Any]) -> dict[str, Any]:
    response = handler.lambda_handler(
        {"httpMethod": "POST", "path": "/provisionpipeline", "body": json.dumps(body), "headers": {}}, None
    )
    assert response["statusCode"] == 200, response
    answer: dict[str, Any] = json.loads(response["body"])
    return answer


def parameters(s3: Any, pipeline_id: str) -> dict[str, str]:
    """The parameters the monitor's newest template.zip deploys."""
    stack_name = pipeline_id.split("/")[1].removesuffix(CODEPIPELINE_SUFFIX)
    key = template_zip_key(stack_name)
    body = s3.get_object(Bucket="testassetsbucket", Key=key)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        found: dict[str, str] = json.loads(archive.read("template_params.json"))["Parameters"]
        return found


def set_status(arn: str, status: str) -> dict[str, Any]:
    boto3.client("sagemaker", region_name="us-east-1").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus=status
    )
    return handler.lambda_handler(package_state_change(arn, status), None)


def monitor(kind: str = "byom_model_bias_monitor", **options: Any) -> dict[str, Any]:
    return group_variant(example(kind), group="churn", **options)


def test_a_monitor_baselines_the_latest_approved_version_and_answers_it(churn: dict[str, Any]) -> None:
    v2 = churn["arns"][1]
    answer = provision(monitor())
    assert answer["model_package_name"] == v2
    deployed = parameters(churn["s3"], answer["pipeline_id"])
    assert deployed["ModelPackageName"] == v2
    assert "-modelbias-v2-" in deployed["BaselineJobName"]


def test_an_approval_baselines_the_new_version_and_a_rejection_goes_back(churn: dict[str, Any]) -> None:
    _, v2, v3 = churn["arns"]
    pipeline_id = provision(monitor("byom_data_quality_monitor"))["pipeline_id"]
    first_baseline = parameters(churn["s3"], pipeline_id)["BaselineJobName"]

    approved = set_status(v3, "Approved")
    assert [release["model_package_name"] for release in approved["releases"]] == [v3]
    assert "version 3 approved: baselining" in approved["releases"][0]["message"]
    after_approval = parameters(churn["s3"], pipeline_id)
    assert after_approval["ModelPackageName"] == v3
    assert "-dataquality-v3-" in after_approval["BaselineJobName"]
    assert after_approval["MonitoringScheduleName"] == parameters(churn["s3"], pipeline_id)["MonitoringScheduleName"]

    rejected = set_status(v3, "Rejected")
    assert [release["model_package_name"] for release in rejected["releases"]] == [v2]
    after_rejection = parameters(churn["s3"], pipeline_id)
    assert after_rejection["ModelPackageName"] == v2
    # A new baseline job (names are unique forever), for version 2 again.
    assert "-dataquality-v2-" in after_rejection["BaselineJobName"]
    assert after_rejection["BaselineJobName"] != first_baseline


def test_one_approval_releases_the_endpoint_and_the_monitor_that_follow_the_group(churn: dict[str, Any]) -> None:
    _, _, v3 = churn["arns"]
    endpoint = provision(group_variant(example("byom_realtime_builtin"), group="churn"))
    watching = provision(monitor("byom_model_quality_monitor"))
    released = set_status(v3, "Approved")["releases"]
    assert sorted(release["pipeline"] for release in released) == sorted(
        pipeline_id.split("/")[1].removesuffix(CODEPIPELINE_SUFFIX)
        for pipeline_id in (endpoint["pipeline_id"], watching["pipeline_id"])
    )
    assert parameters(churn["s3"], watching["pipeline_id"])["ModelPackageName"] == v3


def test_a_monitor_that_opted_out_or_only_notifies_keeps_its_baseline(churn: dict[str, Any]) -> None:
    _, v2, v3 = churn["arns"]
    opted_out = provision(monitor(deploy_on_approval=False))["pipeline_id"]
    assert set_status(v3, "Approved")["releases"] == []
    assert parameters(churn["s3"], opted_out)["ModelPackageName"] == v2
    notify_only = provision(monitor("byom_model_explainability_monitor", on_reject="notify"))["pipeline_id"]
    assert parameters(churn["s3"], notify_only)["ModelPackageName"] == v3
    outcome = set_status(v3, "Rejected")
    assert [release["message"] for release in outcome["releases"]] == [
        f"{notify_only.split('/')[1].removesuffix(CODEPIPELINE_SUFFIX)}: deployed version rejected; kept"
    ]
    assert parameters(churn["s3"], notify_only)["ModelPackageName"] == v3

"""Provisioning a request that follows a model package group, against moto: the latest Approved version."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.service import Orchestrator
from tests.support import example, group_variant, make_settings
from tests.support import register_packages as register

STACK = "mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin-codepipeline"
ZIP_KEY = "mlops_provisioned_pipelines/mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin/template.zip"


def template_zip(clients: dict[str, Any]) -> zipfile.ZipFile:
    body = clients["s3"].get_object(Bucket="testassetsbucket", Key=ZIP_KEY)["Body"].read()
    return zipfile.ZipFile(io.BytesIO(body))


def test_the_latest_approved_version_is_deployed_and_answered(aws_account: dict[str, Any]) -> None:
    arns = register("churn", "Approved", "Approved", "PendingManualApproval", "Rejected")
    orchestrator = Orchestrator(make_settings(model_registry=True))
    answer = orchestrator.provision(group_variant(example("byom_realtime_builtin"), group="churn")).body
    assert answer["model_package_name"] == arns[1]
    with template_zip(aws_account) as archive:
        parameters = json.loads(archive.read("template_params.json"))["Parameters"]
        stored = json.loads(archive.read("request.json"))
    assert (parameters["ModelPackageName"], parameters["ModelPackageGroupName"]) == (arns[1], "churn")
    assert stored["model_package_group_name"] == "churn" and "model_package_name" not in stored
    # The same request again, with the same latest version, changes nothing.
    again = orchestrator.provision(group_variant(example("byom_realtime_builtin"), group="churn")).body
    assert again["model_package_name"] == arns[1]
    assert "No updates are to be performed" in again["message"]


def test_a_dry_run_shows_the_version_it_would_deploy(aws_account: dict[str, Any]) -> None:
    arns = register("churn", "Approved")
    body = {**group_variant(example("byom_batch_builtin"), group="churn"), "dry_run": True}
    answer = Orchestrator(make_settings(model_registry=True)).provision(body).body
    assert answer["model_package_name"] == arns[0]
    assert answer["plan"]["stages"]["default"]["parameters"]["ModelPackageName"] == arns[0]
    assert aws_account["cloudformation"].describe_stacks()["Stacks"] == []


@pytest.mark.parametrize("statuses", [(), ("PendingManualApproval", "Rejected")])
def test_a_group_without_an_approved_version_is_a_400_that_leaves_nothing(
    aws_account: dict[str, Any], statuses: tuple[str, ...]
) -> None:
    register("churn", *statuses)
    with pytest.raises(RequestValidationError) as raised:
        Orchestrator(make_settings(model_registry=True)).provision(
            group_variant(example("byom_realtime_builtin"), group="churn")
        )
    assert [problem.field for problem in raised.value.problems] == ["model_package_group_name"]
    assert raised.value.status_code == 400
    assert aws_account["cloudformation"].describe_stacks()["Stacks"] == []
    assert "Contents" not in aws_account["s3"].list_objects_v2(Bucket="testassetsbucket")


def test_a_group_that_does_not_exist_is_the_same_400(aws_account: dict[str, Any]) -> None:
    with pytest.raises(RequestValidationError) as raised:
        Orchestrator(make_settings(model_registry=True)).provision(
            group_variant(example("byom_realtime_builtin"), group="nothing-here")
        )
    assert "approve a version of nothing-here" in raised.value.problems[0].message

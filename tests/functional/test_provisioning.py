"""Provisioning against moto: upload first, stack last, idempotent, and nothing left behind on failure."""

from __future__ import annotations

import io
import json
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from unittest import mock

import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.core.errors import AwsServiceError, ConflictError
from mlops_orchestrator.core.planning import Plan, plan_request
from mlops_orchestrator.core.provisioning import Provisioner
from mlops_orchestrator.core.validation import validate_request
from tests.support import example, make_settings

STACK = "mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin-codepipeline"
ZIP_KEY = "mlops_provisioned_pipelines/mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin/template.zip"


def make_plan(body: dict[str, Any] | None = None, **mode: bool) -> Plan:
    settings = make_settings(**mode)
    return plan_request(validate_request(body or example("byom_realtime_builtin"), settings), settings)


def provisioner(clients: dict[str, Any], cloudformation: Any = None, **mode: bool) -> Provisioner:
    return Provisioner(make_settings(**mode), clients["s3"], cloudformation or clients["cloudformation"])


def zip_versions(clients: dict[str, Any], key: str = ZIP_KEY) -> list[dict[str, Any]]:
    listed = clients["s3"].list_object_versions(Bucket="testassetsbucket", Prefix=key)
    return list(listed.get("Versions", []))


def stacks(clients: dict[str, Any]) -> list[str]:
    return [s["StackName"] for s in clients["cloudformation"].describe_stacks()["Stacks"]]


def test_first_request_uploads_template_zip_then_creates_the_stack(aws_account: dict[str, Any]) -> None:
    result = provisioner(aws_account).provision(make_plan())
    assert result.created and result.message == "success: stack creation started"
    stack = aws_account["cloudformation"].describe_stacks(StackName=STACK)["Stacks"][0]
    assert stack["StackId"] == result.pipeline_id
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}["TemplateZipFileName"] == ZIP_KEY
    body = aws_account["s3"].get_object(Bucket="testassetsbucket", Key=ZIP_KEY)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == [
            "byom_realtime_inference_pipeline.yaml",
            "request.json",
            "template_params.json",
        ]
        params = json.loads(archive.read("template_params.json"))
        request = json.loads(archive.read("request.json"))
    assert params["Parameters"]["ModelName"] == "churn-xgboost"
    assert request["pipeline_type"] == "byom_realtime_builtin" and request["model_name"] == "churn-xgboost"


def test_multi_account_zip_has_one_params_file_per_stage(aws_account: dict[str, Any]) -> None:
    plan = make_plan(multi_account=True)
    provisioner(aws_account, multi_account=True)._upload_template_zip(plan, None)
    body = aws_account["s3"].get_object(Bucket="testassetsbucket", Key=ZIP_KEY)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert sorted(archive.namelist()) == [
            "byom_realtime_inference_pipeline.yaml",
            "dev_template_params.json",
            "prod_template_params.json",
            "request.json",
            "staging_template_params.json",
        ]
        staging = json.loads(archive.read("staging_template_params.json"))
    assert staging[0] == {"ParameterKey": "AssetsBucket", "ParameterValue": "testassetsbucket"}


def test_resubmitting_the_same_request_changes_nothing(aws_account: dict[str, Any]) -> None:
    first = provisioner(aws_account).provision(make_plan())
    again = provisioner(aws_account).provision(make_plan())
    assert again.pipeline_id == first.pipeline_id and not again.created
    assert again.message == f"Pipeline {STACK} is already provisioned. No updates are to be performed."
    assert len(zip_versions(aws_account)) == 1
    assert stacks(aws_account) == [STACK]


def test_a_changed_request_updates_template_zip(aws_account: dict[str, Any]) -> None:
    provisioner(aws_account).provision(make_plan())
    body = {**example("byom_realtime_builtin"), "inference_instance": "ml.c5.xlarge"}
    result = provisioner(aws_account).provision(make_plan(body))
    assert result.message == f"Pipeline {STACK} is already provisioned. Updating template parameters."
    assert len(zip_versions(aws_account)) == 2
    assert stacks(aws_account) == [STACK]


def test_a_failed_stack_creation_removes_the_upload(aws_account: dict[str, Any]) -> None:
    failing = mock.Mock(wraps=aws_account["cloudformation"])
    failing.create_stack.side_effect = ClientError(
        {
            "Error": {"Code": "AccessDenied", "Message": "not allowed"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        },
        "CreateStack",
    )
    with pytest.raises(AwsServiceError) as raised:
        provisioner(aws_account, cloudformation=failing).provision(make_plan())
    assert raised.value.code == "AccessDenied" and raised.value.status_code == 403
    assert zip_versions(aws_account) == []
    assert stacks(aws_account) == []


def test_a_failed_update_keeps_the_previous_template_zip_current(aws_account: dict[str, Any]) -> None:
    provisioner(aws_account).provision(make_plan())
    failing = mock.Mock(wraps=aws_account["cloudformation"])
    failing.describe_stacks.return_value = {"Stacks": []}
    failing.create_stack.side_effect = ClientError(
        {
            "Error": {"Code": "InternalFailure", "Message": "boom"},
            "ResponseMetadata": {"HTTPStatusCode": 500},
        },
        "CreateStack",
    )
    body = {**example("byom_realtime_builtin"), "inference_instance": "ml.c5.xlarge"}
    with pytest.raises(AwsServiceError):
        provisioner(aws_account, cloudformation=failing).provision(make_plan(body))
    versions = zip_versions(aws_account)
    assert len(versions) == 1 and versions[0]["IsLatest"]


def test_a_stack_that_cannot_be_updated_is_a_conflict_before_any_upload(aws_account: dict[str, Any]) -> None:
    busy = mock.Mock(wraps=aws_account["cloudformation"])
    busy.describe_stacks.return_value = {"Stacks": [{"StackId": "id", "StackStatus": "UPDATE_ROLLBACK_FAILED"}]}
    with pytest.raises(ConflictError):
        provisioner(aws_account, cloudformation=busy).provision(make_plan())
    assert zip_versions(aws_account) == []


class AtomicCreate:
    """CloudFormation checks a new stack's name atomically; moto does not, so tests add that guarantee."""

    def __init__(self, cloudformation: Any) -> None:
        self._cloudformation = cloudformation
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cloudformation, name)

    def create_stack(self, **arguments: Any) -> Any:
        with self._lock:
            return self._cloudformation.create_stack(**arguments)


def test_a_race_on_creation_converges_on_one_stack(aws_account: dict[str, Any]) -> None:
    plans = [make_plan() for _ in range(8)]
    cloudformation = AtomicCreate(aws_account["cloudformation"])
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda plan: provisioner(aws_account, cloudformation).provision(plan), plans))
    assert stacks(aws_account) == [STACK]
    assert len({result.pipeline_id for result in results}) == 1
    assert sum(result.created for result in results) >= 1


def test_image_builder_creates_its_own_stack_without_a_zip(aws_account: dict[str, Any]) -> None:
    result = provisioner(aws_account).provision(make_plan(example("byom_image_builder")))
    assert result.created
    assert stacks(aws_account) == ["mlops-pipeline-churn-1-byompipelineimagebuilder"]
    assert aws_account["s3"].list_objects_v2(Bucket="testassetsbucket").get("KeyCount") == 0
    again = provisioner(aws_account).provision(make_plan(example("byom_image_builder")))
    assert "No updates are to be performed" in again.message

"""Approval events against moto: pipelines following a group move to approved versions, back on rejection."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from urllib.parse import unquote

import boto3
import pytest
from botocore.exceptions import ClientError

from mlops_orchestrator.core import aws
from mlops_orchestrator.core.errors import AwsServiceError
from mlops_orchestrator.core.event_attempts import EventAttempts
from mlops_orchestrator.core.provisioning import Provisioner
from mlops_orchestrator.core.registry_releases import ReleaseError
from mlops_orchestrator.local.settings import settings_env
from mlops_orchestrator.orchestrator.runtime import handler
from tests.reliability.faults import ACCESS_DENIED, ALWAYS, Injection
from tests.support import example, group_variant, make_settings, package_state_change, register_packages

ZIP_KEY = "mlops_provisioned_pipelines/mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin/template.zip"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch, aws_account: dict[str, Any]) -> dict[str, Any]:
    """A registry-mode orchestrator with group `churn`: v1, v2 approved, v3 pending; a pipeline follows it."""
    for key, value in settings_env(make_settings(model_registry=True), config_bucket="config-bucket").items():
        monkeypatch.setenv(key, value)
    arns = register_packages("churn", "Approved", "Approved", "PendingManualApproval")
    return {**aws_account, "arns": arns}


def provision(**options: Any) -> dict[str, Any]:
    body = group_variant(example("byom_realtime_builtin"), group="churn", **options)
    response = handler.lambda_handler(
        {"httpMethod": "POST", "path": "/provisionpipeline", "body": json.dumps(body), "headers": {}}, None
    )
    assert response["statusCode"] == 200, response
    answer: dict[str, Any] = json.loads(response["body"])
    return answer


def deployed(clients: dict[str, Any]) -> str:
    body = clients["s3"].get_object(Bucket="testassetsbucket", Key=ZIP_KEY)["Body"].read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return str(json.loads(archive.read("template_params.json"))["Parameters"]["ModelPackageName"])


def set_status(arn: str, status: str) -> dict[str, Any]:
    boto3.client("sagemaker", region_name="us-east-1").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus=status
    )
    return handler.lambda_handler(package_state_change(arn, status), None)


def watch(clients: dict[str, Any]) -> str:
    sqs = clients["sqs"]
    queue = sqs.create_queue(QueueName="watch")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    clients["sns"].subscribe(TopicArn=clients["topic"], Protocol="sqs", Endpoint=arn)
    return str(queue)


def notifications(clients: dict[str, Any], queue: str) -> list[str]:
    messages = clients["sqs"].receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(message["Body"])["Message"] for message in messages]


def test_an_approval_deploys_the_new_version_once(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    assert provision()["model_package_name"] == arns[1]
    queue = watch(registry)
    first = set_status(arns[2], "Approved")
    assert [release["model_package_name"] for release in first["releases"]] == [arns[2]]
    assert deployed(registry) == arns[2]
    assert any("version 3 approved" in message for message in notifications(registry, queue))
    # At least once: the same event again finds the version deployed and changes nothing.
    assert handler.lambda_handler(package_state_change(arns[2], "Approved"), None) == {"releases": []}
    assert deployed(registry) == arns[2]


def test_an_older_approval_arriving_late_never_replaces_a_newer_version(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    set_status(arns[2], "Approved")
    assert handler.lambda_handler(package_state_change(arns[1], "Approved"), None) == {"releases": []}
    assert deployed(registry) == arns[2]


def test_an_approval_whose_version_was_rejected_since_deploys_nothing(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    set_status(arns[2], "Rejected")
    assert handler.lambda_handler(package_state_change(arns[2], "Approved"), None) == {"releases": []}
    assert deployed(registry) == arns[1]


def test_rejecting_the_deployed_version_goes_back_to_the_newest_older_approved_one(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision()
    set_status(arns[2], "Approved")
    result = set_status(arns[2], "Rejected")
    assert [release["model_package_name"] for release in result["releases"]] == [arns[1]]
    assert deployed(registry) == arns[1]
    # Rejecting a version that is not deployed changes nothing.
    assert set_status(arns[0], "Rejected") == {"releases": []}
    assert deployed(registry) == arns[1]


def test_with_on_reject_notify_a_rejection_only_notifies(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision(on_reject="notify")
    queue = watch(registry)
    result = set_status(arns[1], "Rejected")
    assert [release["message"] for release in result["releases"]] == [
        "mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin: deployed version rejected; kept"
    ]
    assert deployed(registry) == arns[1]
    assert any("rejected; kept" in message for message in notifications(registry, queue))


def test_pipelines_that_do_not_follow_the_group_or_opted_out_are_left_alone(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    provision(deploy_on_approval=False)
    register_packages("other", "Approved")
    assert set_status(arns[2], "Approved") == {"releases": []}
    assert deployed(registry) == arns[1]
    assert handler.lambda_handler(package_state_change(arns[2].replace("/churn/", "/other/"), "Approved"), None) == {
        "releases": []
    }


def refuse_updates(monkeypatch: pytest.MonkeyPatch, times: int) -> None:
    """The first `times` releases fail as AWS would refuse UpdateStack; later ones go through."""
    original = Provisioner.provision
    refused: list[object] = []

    def provision_or_refuse(self: Provisioner, plan: Any) -> Any:
        if len(refused) < times:
            refused.append(plan)
            raise AwsServiceError("UpdateStack", "AccessDenied", "not allowed", 403)
        return original(self, plan)

    monkeypatch.setattr("mlops_orchestrator.core.registry_releases.Provisioner.provision", provision_or_refuse)


def following_with_refused_updates(registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch, times: int) -> str:
    """A pipeline following `churn`, whose next `times` releases are refused; the queue watching the topic."""
    provision()
    queue = watch(registry)
    refuse_updates(monkeypatch, times=times)
    return queue


def approve(arn: str) -> dict[str, Any]:
    """Approve `arn`; the event SageMaker sends, for the test to deliver (and Lambda to retry) as often as needed."""
    boto3.client("sagemaker", region_name="us-east-1").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    return {**package_state_change(arn, "Approved"), "id": f"event-of-{arn}"}


def attempt_records(clients: dict[str, Any]) -> list[Any]:
    listed = clients["s3"].list_object_versions(Bucket="testassetsbucket", Prefix=EventAttempts.KEY_PREFIX)
    return [*listed.get("Versions", []), *listed.get("DeleteMarkers", [])]


def test_a_failed_release_is_retried_and_notified_once_after_the_last_attempt(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    arns = registry["arns"]
    queue = following_with_refused_updates(registry, monkeypatch, times=3)
    event = approve(arns[2])
    for _attempt in (1, 2):
        with pytest.raises(ReleaseError, match="not allowed"):  # raised, so that Lambda retries the invocation
            handler.lambda_handler(event, None)
        assert notifications(registry, queue) == []
    with pytest.raises(ReleaseError, match="not allowed"):
        handler.lambda_handler(event, None)
    [message] = notifications(registry, queue)
    assert "not allowed" in message
    assert "Attempt 3 of 3 failed" in message and "failed-events queue" in message
    assert deployed(registry) == arns[1]
    assert attempt_records(registry) == []


def test_a_release_that_succeeds_on_its_second_attempt_notifies_no_failure(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    arns = registry["arns"]
    queue = following_with_refused_updates(registry, monkeypatch, times=1)
    event = approve(arns[2])
    with pytest.raises(ReleaseError, match="not allowed"):
        handler.lambda_handler(event, None)
    assert [release["model_package_name"] for release in handler.lambda_handler(event, None)["releases"]] == [arns[2]]
    [message] = notifications(registry, queue)
    assert "version 3 approved" in message
    assert deployed(registry) == arns[2]
    assert attempt_records(registry) == []


def test_a_failure_whose_attempt_cannot_be_counted_is_notified_at_once(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    arns = registry["arns"]
    queue = following_with_refused_updates(registry, monkeypatch, times=3)
    counting = Injection("s3", "PutObject", ACCESS_DENIED, ALWAYS)

    def refuse_counting(request: Any, **kwargs: Any) -> Any:
        return counting(request, **kwargs) if EventAttempts.KEY_PREFIX in unquote(request.url) else None

    s3 = aws.client("s3", "us-east-1")
    s3.meta.events.register_first("before-send.s3.PutObject", refuse_counting, unique_id="refuse-counting")
    try:
        with pytest.raises(ReleaseError, match="not allowed"):
            handler.lambda_handler(approve(arns[2]), None)
    finally:
        s3.meta.events.unregister("before-send.s3.PutObject", unique_id="refuse-counting")
    assert counting.injected >= 1
    [message] = notifications(registry, queue)
    assert "not allowed" in message and "could not be counted" in message


def status(pipeline_id: str) -> dict[str, Any]:
    response = handler.lambda_handler(
        {
            "httpMethod": "POST",
            "path": "/pipelinestatus",
            "body": json.dumps({"pipeline_id": pipeline_id}),
            "headers": {},
        },
        None,
    )
    summary: dict[str, Any] = json.loads(response["body"])["summary"]
    return summary


def test_status_names_every_release_with_its_version_and_cause(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    pipeline_id = provision()["pipeline_id"]
    set_status(arns[2], "Approved")
    set_status(arns[2], "Rejected")
    releases = status(pipeline_id)["releases"]
    assert [(release["version"], release["cause"]) for release in releases] == [
        (2, "request"),
        (3, "approval"),
        (2, "rejection"),
    ]
    assert [release["model_package"] for release in releases] == [arns[1], arns[2], arns[1]]
    assert all(release["time"] for release in releases)


def test_status_names_the_package_each_stage_deploys(registry: dict[str, Any]) -> None:
    arns = registry["arns"]
    pipeline_id = provision()["pipeline_id"]
    # The functional tests do not run CodePipeline: stand in for the blueprint stack it would deploy.
    template = {
        "Parameters": {"ModelPackageName": {"Type": "String"}},
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    }
    registry["cloudformation"].create_stack(
        StackName="mlops-pipeline-churn-xgboost-byompipelinerealtimebuiltin",
        TemplateBody=json.dumps(template),
        Parameters=[{"ParameterKey": "ModelPackageName", "ParameterValue": arns[1]}],
    )
    deployments = status(pipeline_id)["deployments"]
    assert [(entry["stage"], entry["model_package"]) for entry in deployments] == [(deployments[0]["stage"], arns[1])]


def test_pipelines_that_cannot_be_listed_are_a_notified_failure(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    arns = registry["arns"]
    provision()
    queue = watch(registry)

    def refuse(*_args: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no listing"}}, "ListObjectsV2")

    monkeypatch.setattr("mlops_orchestrator.core.registry_releases.Releases.followers", refuse)
    event = approve(arns[2])
    for _attempt in (1, 2, 3):
        with pytest.raises(ReleaseError, match="no listing"):
            handler.lambda_handler(event, None)
    [message] = notifications(registry, queue)
    assert "could not be listed" in message and "Attempt 3 of 3" in message

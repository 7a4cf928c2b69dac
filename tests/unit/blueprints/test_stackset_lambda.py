"""The StackSet Lambda end to end against moto (Organizations, S3, StackSets); CodePipeline's job calls stubbed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.data_classes import CodePipelineJobEvent
from moto import mock_aws

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime import stackset
from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.job import JobError
from tests.unit.blueprints.stackset_support import (
    ARTIFACT_BUCKET,
    ARTIFACT_KEY,
    JOB_ID,
    PARAMETERS,
    REGION,
    STACKSET,
    TEMPLATE,
    PipelineJobs,
    Recorded,
    clients,
    job_event,
    template_zip,
    user_parameters,
)

SUCCESS = "put_job_success_result"
FAILURE = "put_job_failure_result"


class Organization:
    def __init__(self) -> None:
        org = boto3.client("organizations", region_name=REGION)
        org.create_organization(FeatureSet="ALL")
        self.root = org.list_roots()["Roots"][0]["Id"]
        self.ou = org.create_organizational_unit(ParentId=self.root, Name="dev")["OrganizationalUnit"]["Id"]
        self.accounts = [self._account(org, name) for name in ("dev-a", "dev-b")]
        self.outsider = org.create_account(AccountName="other", Email="other@example.com")["CreateAccountStatus"][
            "AccountId"
        ]

    def _account(self, org: Any, name: str) -> str:
        account: str = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"][
            "AccountId"
        ]
        org.move_account(AccountId=account, SourceParentId=self.root, DestinationParentId=self.ou)
        return account

    def params(self, **overrides: Any) -> dict[str, Any]:
        return user_parameters(**{"account_ids": [self.accounts[0]], "org_ids": [self.ou], **overrides})


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=ARTIFACT_BUCKET)
        s3.put_object(Bucket=ARTIFACT_BUCKET, Key=ARTIFACT_KEY, Body=template_zip())
        yield


@pytest.fixture
def org(aws: None) -> Organization:
    return Organization()


@pytest.fixture
def cfn(aws: None) -> Recorded:
    return Recorded(boto3.client("cloudformation", region_name=REGION))


def untokened(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in request.items() if k not in ("ClientRequestToken", "OperationId")} for request in requests
    ]


def run(cfn: Recorded, event: dict[str, Any], *answers: str, call_as: str = "SELF") -> PipelineJobs:
    jobs = PipelineJobs(*answers)
    stackset.handle(event, clients(cfn.client, jobs), call_as)
    jobs.stubber.assert_no_pending_responses()
    return jobs


def test_a_new_stackset_is_created_with_instances_then_reported_deployed(org: Organization, cfn: Recorded) -> None:
    jobs = run(cfn, job_event(org.params()), SUCCESS)

    # botocore adds idempotency tokens (ClientRequestToken, OperationId): random, and not ours to check.
    assert untokened(cfn.named("CreateStackSet")) == [
        {
            "StackSetName": STACKSET,
            "TemplateBody": json.dumps(TEMPLATE, separators=(",", ":")),
            "Parameters": PARAMETERS,
            "Capabilities": ["CAPABILITY_NAMED_IAM"],
            "PermissionModel": "SERVICE_MANAGED",
            "AutoDeployment": {"Enabled": False},
            "CallAs": "SELF",
        }
    ]
    [instances] = untokened(cfn.named("CreateStackInstances"))
    assert instances == {
        "StackSetName": STACKSET,
        "DeploymentTargets": {"OrganizationalUnitIds": [org.ou]},
        "Regions": [REGION],
        "CallAs": "SELF",
    }
    operation = cfn.client.list_stack_set_operations(StackSetName=STACKSET)["Summaries"][-1]["OperationId"]
    [report] = jobs.named("PutJobSuccessResult")
    report = dict(report)
    assert json.loads(report.pop("continuationToken")) == {
        "stackset": STACKSET,
        "operation": operation,
        "step": "instances",
    }
    assert report == {
        "jobId": JOB_ID,
        "executionDetails": {"summary": f"Creating StackSet {STACKSET} instances: {org.ou} in {REGION}"},
    }

    cfn.calls.clear()
    done = run(cfn, job_event(org.params(), jobs.token()), SUCCESS)
    # Resuming only looks: nothing is created or updated twice.
    assert cfn.names == ["DescribeStackSetOperation", "ListStackInstances"]
    assert cfn.named("DescribeStackSetOperation") == [
        {"StackSetName": STACKSET, "OperationId": operation, "CallAs": "SELF"}
    ]
    deployed = ", ".join(f"{account}/{REGION}" for account in org.accounts)
    assert done.named("PutJobSuccessResult") == [
        {"jobId": JOB_ID, "executionDetails": {"summary": f"StackSet {STACKSET} deployed to {deployed}"}}
    ]


def test_the_artifact_is_read_with_the_jobs_credentials(
    org: Organization, cfn: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Any] = []
    setup_s3_client = CodePipelineJobEvent.setup_s3_client

    def recorded(job: CodePipelineJobEvent) -> Any:
        client = setup_s3_client(job)
        made.append(client)
        return client

    monkeypatch.setattr(CodePipelineJobEvent, "setup_s3_client", recorded)
    run(cfn, job_event(org.params()), SUCCESS)
    [s3] = made
    credentials = s3._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key, credentials.token) == (
        "ASIAARTIFACT",
        "artifact-secret",
        "artifact-session",
    )
    assert cfn.named("CreateStackSet")[0]["TemplateBody"] == json.dumps(TEMPLATE, separators=(",", ":"))


def test_an_existing_stackset_is_updated_everywhere_and_waited_for(org: Organization, cfn: Recorded) -> None:
    first = run(cfn, job_event(org.params()), SUCCESS)
    run(cfn, job_event(org.params(), first.token()), SUCCESS)
    cfn.calls.clear()

    updating = run(cfn, job_event(org.params()), SUCCESS)

    assert "CreateStackSet" not in cfn.names
    assert "CreateStackInstances" not in cfn.names
    [update] = cfn.named("UpdateStackSet")
    operation_id = update.pop("OperationId")  # botocore's idempotency token
    assert update == {
        "StackSetName": STACKSET,
        "TemplateBody": json.dumps(TEMPLATE, separators=(",", ":")),
        "Parameters": PARAMETERS,
        "Capabilities": ["CAPABILITY_NAMED_IAM"],
        "PermissionModel": "SERVICE_MANAGED",
        "AutoDeployment": {"Enabled": False},
        "CallAs": "SELF",
    }
    assert updating.token() == {"stackset": STACKSET, "operation": operation_id, "step": "update"}

    done = run(cfn, job_event(org.params(), updating.token()), SUCCESS)
    assert "continuationToken" not in done.named("PutJobSuccessResult")[0]


def test_missing_instances_are_created_after_the_update(org: Organization, cfn: Recorded) -> None:
    cfn.client.create_stack_set(
        StackSetName=STACKSET, TemplateBody=json.dumps(TEMPLATE), PermissionModel="SERVICE_MANAGED"
    )

    updating = run(cfn, job_event(org.params()), SUCCESS)
    assert updating.token()["step"] == "update"

    creating = run(cfn, job_event(org.params(), updating.token()), SUCCESS)
    assert cfn.named("CreateStackInstances")[-1]["Regions"] == [REGION]
    assert creating.token()["step"] == "instances"

    done = run(cfn, job_event(org.params(), creating.token()), SUCCESS)
    assert "continuationToken" not in done.named("PutJobSuccessResult")[0]


def test_an_account_outside_the_organizational_unit_fails_the_job(org: Organization, cfn: Recorded) -> None:
    params = org.params(account_ids=[org.outsider])
    creating = run(cfn, job_event(params), SUCCESS)

    failed = run(cfn, job_event(params, creating.token()), FAILURE)

    [failure] = failed.named("PutJobFailureResult")
    assert failure["jobId"] == JOB_ID
    assert failure["failureDetails"] == {
        "type": "JobFailed",
        "message": f"StackSet {STACKSET} is not deployed: {org.outsider}/{REGION} has no stack instance. "
        f"Are the accounts in organizational unit {org.ou}?",
    }
    assert not failed.named("PutJobSuccessResult")


def test_call_as_reaches_every_cloudformation_call(org: Organization, cfn: Recorded) -> None:
    creating = run(cfn, job_event(org.params()), SUCCESS, call_as="DELEGATED_ADMIN")
    run(cfn, job_event(org.params(), creating.token()), SUCCESS, call_as="DELEGATED_ADMIN")
    assert cfn.calls
    assert all(params.get("CallAs") == "DELEGATED_ADMIN" for _, params in cfn.calls)


def test_a_missing_user_parameter_fails_the_job_and_is_raised(org: Organization, cfn: Recorded) -> None:
    params = org.params()
    del params["regions"]
    jobs = PipelineJobs(FAILURE)
    with pytest.raises(JobError, match="must include regions"):
        stackset.handle(job_event(params), clients(cfn.client, jobs), "SELF")
    assert jobs.named("PutJobFailureResult") == [
        {
            "jobId": JOB_ID,
            "failureDetails": {"type": "JobFailed", "message": "Your UserParameters JSON must include regions"},
        }
    ]
    assert cfn.calls == []


def test_an_unexpected_error_fails_the_job_with_its_message_and_is_raised(org: Organization, cfn: Recorded) -> None:
    boto3.client("s3", region_name=REGION).delete_object(Bucket=ARTIFACT_BUCKET, Key=ARTIFACT_KEY)
    jobs = PipelineJobs(FAILURE)
    with pytest.raises(Exception, match="NoSuchKey"):
        stackset.handle(job_event(org.params()), clients(cfn.client, jobs), "SELF")
    [failure] = jobs.named("PutJobFailureResult")
    assert failure["failureDetails"]["message"].startswith("NoSuchKey: ")
    assert cfn.calls == []


def test_a_file_missing_from_the_artifact_fails_the_job(org: Organization, cfn: Recorded) -> None:
    jobs = PipelineJobs(FAILURE)
    with pytest.raises(JobError):
        stackset.handle(
            job_event(org.params(stage_params_file="prod_template_params.json")), clients(cfn.client, jobs), "SELF"
        )
    assert jobs.named("PutJobFailureResult")[0]["failureDetails"]["message"] == (
        "prod_template_params.json is not in the artifact Artifact_Source_S3Source "
        "(blueprint.yaml, dev_template_params.json)"
    )


def test_an_unknown_call_as_fails_the_job(org: Organization, cfn: Recorded) -> None:
    jobs = PipelineJobs(FAILURE)
    with pytest.raises(JobError, match="CALL_AS"):
        stackset.handle(job_event(org.params()), clients(cfn.client, jobs), "ADMIN")


def test_lambda_handler_reads_call_as_from_the_environment(
    org: Organization, cfn: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = PipelineJobs(SUCCESS)
    monkeypatch.setattr(stackset, "default_clients", lambda: clients(cfn.client, jobs))
    monkeypatch.setenv("CALL_AS", "DELEGATED_ADMIN")
    stackset.lambda_handler(job_event(org.params()), None)
    assert cfn.named("CreateStackSet")[0]["CallAs"] == "DELEGATED_ADMIN"


def test_default_clients_are_cloudformation_and_codepipeline(aws: None) -> None:
    made = stackset.default_clients()
    assert made.cloudformation.meta.service_model.service_name == "cloudformation"
    assert made.codepipeline.meta.service_model.service_name == "codepipeline"

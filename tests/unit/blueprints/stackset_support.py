"""Building blocks for the StackSet Lambda's tests: job events, template.zip, recorded and stubbed clients."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.stackset import Clients

REGION = "us-east-1"
JOB_ID = "11111111-2222-3333-4444-555555555555"
ARTIFACT = "Artifact_Source_S3Source"
ARTIFACT_BUCKET = "pipeline-artifacts"
ARTIFACT_KEY = "pipeline/Artifact_S/abc.zip"
STACKSET = "mlops-pipeline-demo-dev-1a2b3c4d"
TEMPLATE = {
    "Parameters": {"Greeting": {"Type": "String"}},
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
}
PARAMETERS = [{"ParameterKey": "Greeting", "ParameterValue": "hello"}]


def user_parameters(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "stackset_name": STACKSET,
        "artifact": ARTIFACT,
        "template_file": "blueprint.yaml",
        "stage_params_file": "dev_template_params.json",
        "account_ids": ["111111111111"],
        "org_ids": ["ou-abcd-11111111"],
        "regions": [REGION],
    }
    values.update(overrides)
    return values


def job_event(params: dict[str, Any] | str, token: dict[str, str] | None = None) -> dict[str, Any]:
    """The event CodePipeline sends an Invoke action's Lambda (the fields the handler reads, and a few more)."""
    data: dict[str, Any] = {
        "actionConfiguration": {
            "configuration": {
                "FunctionName": "stackset",
                "UserParameters": params if isinstance(params, str) else json.dumps(params),
            }
        },
        "inputArtifacts": [
            {
                "name": ARTIFACT,
                "revision": "v1",
                "location": {"type": "S3", "s3Location": {"bucketName": ARTIFACT_BUCKET, "objectKey": ARTIFACT_KEY}},
            }
        ],
        "outputArtifacts": [],
        "artifactCredentials": {
            "accessKeyId": "ASIAARTIFACT",
            "secretAccessKey": "artifact-secret",
            "sessionToken": "artifact-session",
        },
    }
    if token is not None:
        data["continuationToken"] = json.dumps(token)
    return {"CodePipeline.job": {"id": JOB_ID, "accountId": "123456789012", "data": data}}


def template_zip(files: dict[str, Any] | None = None) -> bytes:
    files = files or {"blueprint.yaml": TEMPLATE, "dev_template_params.json": PARAMETERS}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            # A fixed timestamp: the same files give the same bytes, whenever the zip is built.
            member = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(member, content if isinstance(content, str) else json.dumps(content, indent=4))
    return buffer.getvalue()


class Recorded:
    """A real client whose requests are recorded as sent (operation name, parameters)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[tuple[str, dict[str, Any]]] = []
        client.meta.events.register("before-parameter-build", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, json.loads(json.dumps(params))))

    def named(self, operation: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == operation]

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


class PipelineJobs(Recorded):
    """CodePipeline's job results: moto lacks them, so Stubber answers (after botocore validated the request)."""

    def __init__(self, *answers: str) -> None:
        """`answers`: the job operations the test expects, in order (put_job_success_result, ...)."""
        super().__init__(boto3.client("codepipeline", region_name=REGION))
        self.stubber = Stubber(self.client)
        for operation in answers:
            self.stubber.add_response(operation, {})
        self.stubber.activate()

    def token(self) -> dict[str, str]:
        """The continuation token of the last success report."""
        return dict(json.loads(self.named("PutJobSuccessResult")[-1]["continuationToken"]))


def clients(cloudformation: Any, jobs: PipelineJobs) -> Clients:
    """Clients for `handle` (the artifact's S3 client is made from the event, with the job's credentials)."""
    return Clients(cloudformation=cloudformation, codepipeline=jobs.client)

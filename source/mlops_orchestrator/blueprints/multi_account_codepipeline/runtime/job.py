"""What one CodePipeline job asks for: its UserParameters, its input artifact, its continuation token."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

# The original's keys, in its order; the pipeline template writes them (see ../stack.py).
REQUIRED_KEYS = (
    "stackset_name",
    "artifact",
    "template_file",
    "stage_params_file",
    "account_ids",
    "org_ids",
    "regions",
)
_LIST_KEYS = ("account_ids", "org_ids", "regions")
# CloudFormation refuses a larger TemplateBody; StackSets then need a TemplateURL.
MAX_TEMPLATE_BODY = 51_200


class JobError(Exception):
    """A problem with the job's input: the job fails with this message."""


@dataclass(frozen=True)
class Deployment:
    """The StackSet one pipeline action deploys: where, and from which files of the artifact."""

    stackset_name: str
    artifact: str
    template_file: str
    stage_params_file: str
    account_ids: tuple[str, ...]
    org_ids: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Job:
    id: str
    deployment: Deployment
    continuation: dict[str, Any] | None
    data: dict[str, Any]

    def artifact_location(self) -> tuple[str, str]:
        """(bucket, key) of the input artifact the UserParameters name."""
        for artifact in self.data.get("inputArtifacts", []):
            if artifact.get("name") == self.deployment.artifact:
                location = artifact["location"]["s3Location"]
                return location["bucketName"], location["objectKey"]
        raise JobError(f"The job has no input artifact named {self.deployment.artifact}")

    def artifact_credentials(self) -> dict[str, str]:
        """The temporary credentials CodePipeline hands the job for its artifacts (boto3 client keywords)."""
        credentials = self.data["artifactCredentials"]
        return {
            "aws_access_key_id": credentials["accessKeyId"],
            "aws_secret_access_key": credentials["secretAccessKey"],
            "aws_session_token": credentials["sessionToken"],
        }


def parse_job(event: dict[str, Any]) -> Job:
    job = event["CodePipeline.job"]
    data = job["data"]
    raw = data.get("actionConfiguration", {}).get("configuration", {}).get("UserParameters")
    token = data.get("continuationToken")
    return Job(
        id=job["id"],
        deployment=parse_user_parameters(raw),
        continuation=json.loads(token) if token else None,
        data=data,
    )


def parse_user_parameters(raw: str | None) -> Deployment:
    try:
        values = json.loads(raw or "")
    except json.JSONDecodeError as error:
        raise JobError(f"UserParameters must be a JSON object: {error}") from None
    if not isinstance(values, dict):
        raise JobError("UserParameters must be a JSON object")
    for key in REQUIRED_KEYS:
        if key not in values:
            raise JobError(f"Your UserParameters JSON must include {key}")
    for key in REQUIRED_KEYS:
        expected_list = key in _LIST_KEYS
        value = values[key]
        if expected_list and not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
            raise JobError(f"UserParameters {key} must be a non-empty list of strings, not {value!r}")
        if not expected_list and not (isinstance(value, str) and value):
            raise JobError(f"UserParameters {key} must be a non-empty string, not {value!r}")
    return Deployment(
        stackset_name=values["stackset_name"],
        artifact=values["artifact"],
        template_file=values["template_file"],
        stage_params_file=values["stage_params_file"],
        account_ids=tuple(values["account_ids"]),
        org_ids=tuple(values["org_ids"]),
        regions=tuple(values["regions"]),
    )


def read_artifact(archive: bytes, deployment: Deployment) -> tuple[str, list[dict[str, str]]]:
    """The template body and the stage's parameters (StackSet API form) from template.zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as files:
            names = set(files.namelist())
            for wanted in (deployment.template_file, deployment.stage_params_file):
                if wanted not in names:
                    raise JobError(
                        f"{wanted} is not in the artifact {deployment.artifact} ({', '.join(sorted(names))})"
                    )
            template = files.read(deployment.template_file).decode("utf-8")
            params_text = files.read(deployment.stage_params_file).decode("utf-8")
    except zipfile.BadZipFile:
        raise JobError(f"The artifact {deployment.artifact} is not a zip file") from None
    return compact_template(template, deployment.template_file), stage_parameters(
        params_text, deployment.stage_params_file
    )


def compact_template(template: str, file_name: str) -> str:
    """The template as sent to CloudFormation: JSON templates lose their whitespace to fit TemplateBody's limit."""
    with contextlib.suppress(ValueError):  # YAML is sent as written.
        template = json.dumps(json.loads(template), separators=(",", ":"))
    size = len(template.encode("utf-8"))
    if size > MAX_TEMPLATE_BODY:
        raise JobError(f"{file_name} is {size} bytes; a StackSet's TemplateBody may have at most {MAX_TEMPLATE_BODY}")
    return template


def stage_parameters(text: str, file_name: str) -> list[dict[str, str]]:
    """`[{"ParameterKey", "ParameterValue"}]`, also accepted in CodePipeline's `{"Parameters": {...}}` form."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise JobError(f"{file_name} is not valid JSON: {error}") from None
    if isinstance(value, dict) and isinstance(value.get("Parameters"), dict):
        value = [{"ParameterKey": k, "ParameterValue": v} for k, v in value["Parameters"].items()]
    if not isinstance(value, list) or not all(_is_parameter(item) for item in value):
        raise JobError(f"{file_name} must be a list of {{ParameterKey, ParameterValue}} string pairs")
    return [{"ParameterKey": item["ParameterKey"], "ParameterValue": item["ParameterValue"]} for item in value]


def _is_parameter(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("ParameterKey"), str)
        and isinstance(item.get("ParameterValue"), str)
    )

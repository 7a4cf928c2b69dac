"""What one CodePipeline job asks for: its UserParameters, and the template and parameters in its input artifact.

The event is read through Powertools' `CodePipelineJobEvent`, which also fetches the artifact with the
credentials CodePipeline gives the job.
"""

from __future__ import annotations

import contextlib
import io
import json
import typing
import zipfile
from typing import Annotated, Any

from aws_lambda_powertools.utilities.data_classes import CodePipelineJobEvent
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

# CloudFormation refuses a larger TemplateBody; StackSets then need a TemplateURL.
MAX_TEMPLATE_BODY = 51_200

_Name = Annotated[str, StringConstraints(min_length=1)]
_Names = Annotated[tuple[_Name, ...], Field(min_length=1)]


class JobError(Exception):
    """A problem with the job's input: the job fails with this message."""


class Deployment(BaseModel):
    """The StackSet one pipeline action deploys: where, and from which files of the artifact.

    The fields are the original's UserParameters keys, in its order; the pipeline template writes them (../stack.py).
    """

    model_config = ConfigDict(frozen=True)

    stackset_name: _Name
    artifact: _Name
    template_file: _Name
    stage_params_file: _Name
    account_ids: _Names
    org_ids: _Names
    regions: _Names


REQUIRED_KEYS = tuple(Deployment.model_fields)


def parse_user_parameters(raw: str | None) -> Deployment:
    try:
        values = json.loads(raw or "")
    except json.JSONDecodeError as error:
        raise JobError(f"UserParameters must be a JSON object: {error}") from None
    if not isinstance(values, dict):
        raise JobError("UserParameters must be a JSON object")
    try:
        return Deployment.model_validate(values)
    except ValidationError as error:
        raise JobError(_problems(error, values)) from None


def _problems(error: ValidationError, values: dict[str, Any]) -> str:
    """The missing keys in the original's words, then each malformed one."""
    keys = dict.fromkeys(str(details["loc"][0]) for details in error.errors())
    missing = [key for key in keys if key not in values]
    problems = [f"Your UserParameters JSON must include {', '.join(missing)}"] if missing else []
    for key in keys:
        if key not in missing:
            listed = typing.get_origin(Deployment.model_fields[key].annotation) is tuple
            kind = "a non-empty list of strings" if listed else "a non-empty string"
            problems.append(f"UserParameters {key} must be {kind}, not {values[key]!r}")
    return "; ".join(problems)


def read_archive(job: CodePipelineJobEvent, deployment: Deployment) -> bytes:
    """The input artifact the UserParameters name (template.zip), read with the job's artifact credentials."""
    archive = job.get_artifact(deployment.artifact)
    if archive is None:
        raise JobError(f"The job has no input artifact named {deployment.artifact}")
    # Without a file name, Powertools returns the object's bytes (its annotation says str).
    return typing.cast(bytes, archive)


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

"""Reusable request field types. Each rejects what CloudFormation or SageMaker would reject later."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .sagemaker_values import SageMakerValue

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

# The character set and length SageMaker enforces on endpoint, job, model and schedule names.
SAGEMAKER_NAME_RE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
SAGEMAKER_NAME_MAX = 63
_NAME_PART_RE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$")
BUCKET_NAME_RE = re.compile(
    r"(?=^.{3,63}$)(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)"
)
_REGION = r"[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d"
_PARTITION = r"aws(-cn|-us-gov|-iso|-iso-b)?"
KMS_KEY_ARN_RE = re.compile(rf"^arn:{_PARTITION}:kms:{_REGION}:\d{{12}}:key/[a-zA-Z0-9-]+$")
MODEL_PACKAGE_ARN_RE = re.compile(
    rf"^arn:{_PARTITION}:sagemaker:{_REGION}:\d{{12}}:model-package/"
    r"(?P<group>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})/(?P<version>[1-9][0-9]*)$"
)
ECR_REPO_NAME_RE = re.compile(r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")
_CRON_FIELD_RE = re.compile(r"^[0-9A-Za-z*?,/#\-]+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _problem(kind: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(kind, message)


def _no_bool(value: object) -> object:
    # pydantic's lax mode turns True into 1; a boolean where a number belongs is a mistake.
    if isinstance(value, bool):
        raise _problem("int_type", "must be a whole number, not a boolean")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def _bool_text(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return "True" if value.strip().lower() == "true" else "False"
    raise _problem("bool_type", 'must be true or false (a JSON boolean, or the text "True" or "False")')


def _no_control_chars(value: str) -> str:
    if _CONTROL_RE.search(value):
        raise _problem("control_characters", "must not contain control characters")
    return value


def _sagemaker_name(value: str) -> str:
    if not SAGEMAKER_NAME_RE.match(value):
        raise _problem(
            "sagemaker_name",
            "must be 1 to 63 letters, digits or hyphens, start and end with a letter or digit "
            "(SageMaker's naming rule)",
        )
    return value


def _name_part(value: str) -> str:
    if not _NAME_PART_RE.match(value):
        raise _problem(
            "name_part",
            "must contain only letters, digits and hyphens, and start and end with a letter or digit "
            "(it becomes part of CloudFormation stack and SageMaker resource names)",
        )
    return value


def _s3_location(value: str) -> str:
    """A `bucket/prefix` location. An `s3://` scheme is accepted and removed: blueprints add their own."""
    location = value[5:] if value.lower().startswith("s3://") else value
    bucket = location.split("/", 1)[0]
    if not BUCKET_NAME_RE.match(bucket):
        raise _problem(
            "s3_location",
            f"must be an S3 location of the form bucket/prefix; {bucket!r} is not a valid bucket name",
        )
    return location


def _asset_key(value: str) -> str:
    if value.lower().startswith("s3://"):
        raise _problem(
            "asset_key",
            "must be an object key inside the assets bucket (for example models/model.tar.gz), not an s3:// URI",
        )
    if value.startswith("/"):
        raise _problem("asset_key", "must be an object key inside the assets bucket and not start with '/'")
    return value


def _pattern(regex: re.Pattern[str], kind: str, message: str) -> AfterValidator:
    def check(value: str) -> str:
        if not regex.match(value):
            raise _problem(kind, message)
        return value

    return AfterValidator(check)


def _documented(regex: str) -> FieldInfo:
    """Publish a pattern in the JSON Schema; the validators above enforce it with clearer messages."""
    info: FieldInfo = Field(json_schema_extra={"pattern": regex})
    return info


def _cron(value: str) -> str:
    match = re.fullmatch(r"cron\((.*)\)", value)
    fields = match.group(1).split() if match else []
    if len(fields) != 6 or not all(_CRON_FIELD_RE.match(f) for f in fields):
        raise _problem(
            "cron",
            "must be a cron expression with six fields, for example cron(0 * ? * * *) for every hour",
        )
    return value


Text = Annotated[str, Field(min_length=1, max_length=1024), AfterValidator(_no_control_chars)]
"""A non-empty string without control characters (whitespace around it is removed)."""

LongText = Annotated[str, Field(min_length=1, max_length=4096), AfterValidator(_no_control_chars)]
NamePart = Annotated[
    str, Field(min_length=1, max_length=128), _documented(_NAME_PART_RE.pattern), AfterValidator(_name_part)
]
SageMakerName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    _documented(SAGEMAKER_NAME_RE.pattern),
    AfterValidator(_sagemaker_name),
]
EndpointName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    _documented(SAGEMAKER_NAME_RE.pattern),
    AfterValidator(lambda v: _sagemaker_name(v.lower())),
]
S3Location = Annotated[
    Text, _documented(r"^(s3://)?[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$"), AfterValidator(_s3_location)
]
AssetKey = Annotated[Text, _documented(r"^(?!s3://)(?!/).+"), AfterValidator(_asset_key)]


def instance_type(shape: str, use: str) -> Any:
    """An instance type SageMaker's API accepts for `use`: one of the enum of `shape` (for example
    ProductionVariantInstanceType for endpoints). Each pipeline type's request model names its shape."""
    return Annotated[str, SageMakerValue(shape, f"one of SageMaker's instance types for {use}")]


def api_choice(shape: str, what: str, supported: tuple[str, ...] | None = None) -> Any:
    """One value of the enum of the SageMaker API shape `shape`; of `supported` when the blueprint takes only
    part of it (its template parameter's allowed values; an empty one, meaning "not set", is left out)."""
    within = tuple(value for value in supported or () if value)
    return Annotated[str, SageMakerValue(shape, what, within)]


KmsKeyArn = Annotated[
    str,
    _documented(KMS_KEY_ARN_RE.pattern),
    _pattern(KMS_KEY_ARN_RE, "kms_key_arn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)"),
]
ModelPackageArn = Annotated[
    str,
    _documented(MODEL_PACKAGE_ARN_RE.pattern.replace("?P<group>", "").replace("?P<version>", "")),
    _pattern(
        MODEL_PACKAGE_ARN_RE,
        "model_package_arn",
        "must be a versioned model-package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)",
    ),
]
MODEL_PACKAGE_GROUP_RE = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")
ModelPackageGroupName = Annotated[
    str,
    _documented(MODEL_PACKAGE_GROUP_RE.pattern),
    _pattern(
        MODEL_PACKAGE_GROUP_RE,
        "model_package_group_name",
        "must be a model package group name (letters, digits and hyphens, at most 63 characters)",
    ),
]
EcrRepoName = Annotated[
    str,
    Field(min_length=2, max_length=256),
    _documented(ECR_REPO_NAME_RE.pattern),
    _pattern(ECR_REPO_NAME_RE, "ecr_repo_name", "must be a valid ECR repository name (lowercase)"),
]
CronExpression = Annotated[str, _documented(r"^cron\((\S+\s){5}\S+\)$"), AfterValidator(_cron)]
BoolText = Annotated[
    str,
    BeforeValidator(_bool_text),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["True", "False", "true", "false"]}]}),
]


def _whole_number(low: int, high: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "pattern": r"^\s*\d+\s*$", "description": f"a whole number from {low} to {high}"},
        ]
    }


# Whole numbers: numeric strings are accepted, booleans are not. Bounds are the AWS API limits.
VolumeSizeGb = Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=16384), WithJsonSchema(_whole_number(1, 16384))]
MonitorRuntimeSeconds = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=1, le=86400), WithJsonSchema(_whole_number(1, 86400))
]
ProcessingRuntimeSeconds = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=1, le=777600), WithJsonSchema(_whole_number(1, 777600))
]
TrainingRuntimeSeconds = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=600, le=259200), WithJsonSchema(_whole_number(600, 259200))
]
SpotWaitSeconds = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=1, le=259200), WithJsonSchema(_whole_number(1, 259200))
]
InstanceCount = Annotated[int, BeforeValidator(_no_bool), Field(ge=1, le=100), WithJsonSchema(_whole_number(1, 100))]
AutopilotCandidates = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=1, le=250), WithJsonSchema(_whole_number(1, 250))
]
AutopilotTotalRuntimeSeconds = Annotated[
    int, BeforeValidator(_no_bool), Field(ge=3600, le=2592000), WithJsonSchema(_whole_number(3600, 2592000))
]


def model_package_group(arn: str) -> str:
    match = MODEL_PACKAGE_ARN_RE.match(arn)
    return match.group("group") if match else ""


def model_package_version(arn: str) -> int | None:
    match = MODEL_PACKAGE_ARN_RE.match(arn)
    return int(match.group("version")) if match else None


ECR_IMAGE_URI_RE = re.compile(
    r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/[a-z0-9]+([._/-][a-z0-9]+)*(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})?$"
)
EcrImageUri = Annotated[
    str,
    _documented(ECR_IMAGE_URI_RE.pattern),
    _pattern(
        ECR_IMAGE_URI_RE,
        "ecr_image_uri",
        "must be an ECR image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest",
    ),
]


def _attribute(value: object) -> object:
    # Attributes are column indexes or JSON paths; a bare index given as a number is accepted.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def json_object_text(value: object) -> object:
    """A string holding JSON, as the original accepted for object keys, as the object it holds."""
    if isinstance(value, str):
        import json

        try:
            return json.loads(value)
        except ValueError:
            raise _problem("json_object", "must be a JSON object (or a string holding one)") from None
    return value


def _json_object(value: object) -> object:
    value = json_object_text(value)
    if not isinstance(value, dict) or not value:
        raise _problem("json_object", "must be a non-empty JSON object")
    return value


Attribute = Annotated[
    str,
    BeforeValidator(_attribute),
    Field(min_length=1, max_length=256),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 256}, {"type": "integer"}]}),
]
JsonObject = Annotated[
    dict[str, Any],
    BeforeValidator(_json_object),
    WithJsonSchema(
        {"anyOf": [{"type": "object", "minProperties": 1}, {"type": "string", "description": "a JSON object as text"}]}
    ),
]

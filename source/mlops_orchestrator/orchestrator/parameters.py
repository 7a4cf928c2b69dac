"""The orchestrator template's parameters, console labels and conditions, with the original's names.

Parameters and conditions are created directly on the stack so that their logical IDs are exactly the
original's (`NotificationEmail`, `CreateS3Bucket`, ...): users' parameter files and scripts keep working.
Unlike the original, every optional parameter has a default, and detailed errors are off by default.
"""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk

BUCKET_NAME_PATTERN = (
    r"((?=^.{3,63}$)(?!^(\d+\.)+\d+$)(^(([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])\.)*"
    r"([a-z0-9]|[a-z0-9][a-z0-9\-]*[a-z0-9])$)|^$)"
)
ECR_REPO_PATTERN = r"((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*|^$)"
EMAIL_PATTERN = r"^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$"
ACCOUNT_ID_PATTERN = r"^\d{12}$"
ORG_ID_PATTERN = r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$"
YES_NO = ["Yes", "No"]
STAGES = ("Dev", "Staging", "Prod")


@dataclass(frozen=True)
class StageParameters:
    account_id: cdk.CfnParameter
    org_id: cdk.CfnParameter


@dataclass(frozen=True)
class Conditions:
    config_bucket_provided: cdk.CfnCondition
    s3_bucket_provided: cdk.CfnCondition
    ecr_provided: cdk.CfnCondition
    create_model_registry: cdk.CfnCondition
    model_registry_used: cdk.CfnCondition
    create_s3_bucket: cdk.CfnCondition
    create_ecr_repo: cdk.CfnCondition
    logs_key_provided: cdk.CfnCondition


@dataclass(frozen=True)
class OrchestratorParameters:
    notification_email: cdk.CfnParameter
    config_bucket: cdk.CfnParameter
    existing_bucket: cdk.CfnParameter
    existing_ecr_repo: cdk.CfnParameter
    use_model_registry: cdk.CfnParameter
    create_model_registry: cdk.CfnParameter
    allow_detailed_error_message: cdk.CfnParameter
    logs_key: cdk.CfnParameter
    conditions: Conditions
    delegated_admin: cdk.CfnParameter | None = None
    """Multi-account only, as are `stages`."""
    stages: dict[str, StageParameters] | None = None


def _yes_no(stack: cdk.Stack, name: str, description: str, default: str) -> cdk.CfnParameter:
    return cdk.CfnParameter(stack, name, type="String", allowed_values=YES_NO, default=default, description=description)


def _common(stack: cdk.Stack) -> dict[str, cdk.CfnParameter]:
    return {
        "NotificationEmail": cdk.CfnParameter(
            stack,
            "NotificationEmail",
            type="String",
            description="Email address that receives the orchestrator's and the pipelines' notifications.",
            allowed_pattern=EMAIL_PATTERN,
            constraint_description="Please enter an email address with correct format (example@example.com)",
            min_length=5,
            max_length=320,
        ),
        "ConfigS3Bucket": cdk.CfnParameter(
            stack,
            "ConfigS3Bucket",
            type="String",
            default="",
            description=(
                "Optional: name of an existing S3 bucket in this region. Uploading mlops-config.json to it "
                "provisions a pipeline. Leave empty for none."
            ),
            allowed_pattern=BUCKET_NAME_PATTERN,
            constraint_description="must be a valid S3 bucket name, or empty",
            min_length=0,
            max_length=63,
        ),
        "ExistingS3Bucket": cdk.CfnParameter(
            stack,
            "ExistingS3Bucket",
            type="String",
            default="",
            description=(
                "Optional: name of an existing, versioned S3 bucket to use as the assets bucket. "
                "Leave empty to create one."
            ),
            allowed_pattern=BUCKET_NAME_PATTERN,
            constraint_description="must be a valid S3 bucket name, or empty",
            min_length=0,
            max_length=63,
        ),
        "ExistingECRRepo": cdk.CfnParameter(
            stack,
            "ExistingECRRepo",
            type="String",
            default="",
            description="Optional: name of an existing ECR repository for custom algorithm images. Leave empty to create one.",
            allowed_pattern=ECR_REPO_PATTERN,
            constraint_description="must be a valid ECR repository name, or empty",
            min_length=0,
            max_length=63,
        ),
        "UseModelRegistry": _yes_no(
            stack, "UseModelRegistry", "Deploy models from the SageMaker model registry (model packages).", "No"
        ),
        "CreateModelRegistry": _yes_no(
            stack, "CreateModelRegistry", "Create a SageMaker model package group (model registry).", "No"
        ),
        # Off by default: server-side error details can reveal ARNs and internals to API callers.
        "AllowDetailedErrorMessage": _yes_no(
            stack,
            "AllowDetailedErrorMessage",
            "Include server-side error details in API error responses.",
            "No",
        ),
        "LogsKmsKeyArn": cdk.CfnParameter(
            stack,
            "LogsKmsKeyArn",
            type="String",
            default="",
            description=(
                "Optional: ARN of a customer-managed KMS key for the stack's log groups (its key policy must let "
                "logs.<region>.amazonaws.com use it). Leave empty for CloudWatch Logs' own encryption."
            ),
            allowed_pattern=LOGS_KEY_PATTERN,
            constraint_description="must be a KMS key ARN, or empty",
            max_length=2048,
        ),
    }


def _multi_account(stack: cdk.Stack) -> tuple[cdk.CfnParameter, dict[str, StageParameters]]:
    delegated = _yes_no(
        stack,
        "DelegatedAdminAccount",
        "Is this a delegated administrator account of AWS Organizations (StackSets deploy with CallAs DELEGATED_ADMIN)?",
        "Yes",
    )
    stages = {}
    for stage in STAGES:
        account = cdk.CfnParameter(
            stack,
            f"{stage}AccountId",
            type="String",
            description=f"AWS account id of the {stage.lower()} account.",
            allowed_pattern=ACCOUNT_ID_PATTERN,
            constraint_description="must be a 12-digit AWS account id",
        )
        org = cdk.CfnParameter(
            stack,
            f"{stage}OrgId",
            type="String",
            description=f"AWS Organizations organizational unit id of the {stage.lower()} account (ou-...).",
            allowed_pattern=ORG_ID_PATTERN,
            constraint_description="must be an organizational unit id: ou-xxxx-xxxxxxxx",
        )
        stages[stage.lower()] = StageParameters(account, org)
    return delegated, stages


LOGS_KEY_PATTERN = r"^(arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z0-9-]+:\d{12}:key/.+)?$"

LABELS = {
    "NotificationEmail": "Notification Email (Required)",
    "ConfigS3Bucket": "Name of an existing S3 bucket for mlops-config.json (Optional)",
    "ExistingS3Bucket": "Name of an existing S3 bucket for assets (Optional)",
    "ExistingECRRepo": "Name of an existing Amazon ECR repository (Optional)",
    "UseModelRegistry": "Do you want to use the SageMaker Model Registry?",
    "CreateModelRegistry": "Do you want to create a SageMaker model package group?",
    "AllowDetailedErrorMessage": "Do you want to allow detailed error messages in the API responses?",
    "LogsKmsKeyArn": "ARN of a KMS key to encrypt the log groups (Optional)",
    "DelegatedAdminAccount": "Are you using a delegated administrator account (AWS Organizations)?",
    "DevAccountId": "Development Account ID (Required)",
    "DevOrgId": "Development Account Organizational Unit ID (Required)",
    "StagingAccountId": "Staging Account ID (Required)",
    "StagingOrgId": "Staging Account Organizational Unit ID (Required)",
    "ProdAccountId": "Production Account ID (Required)",
    "ProdOrgId": "Production Account Organizational Unit ID (Required)",
}


def _conditions(stack: cdk.Stack, values: dict[str, cdk.CfnParameter]) -> Conditions:
    def condition(name: str, expression: cdk.ICfnConditionExpression) -> cdk.CfnCondition:
        return cdk.CfnCondition(stack, name, expression=expression)

    def given(parameter: str) -> cdk.ICfnConditionExpression:
        return cdk.Fn.condition_not(cdk.Fn.condition_equals(values[parameter].value_as_string, ""))

    def empty(parameter: str) -> cdk.ICfnConditionExpression:
        return cdk.Fn.condition_equals(values[parameter].value_as_string, "")

    return Conditions(
        config_bucket_provided=condition("ConfigBucketProvided", given("ConfigS3Bucket")),
        s3_bucket_provided=condition("S3BucketProvided", given("ExistingS3Bucket")),
        ecr_provided=condition("ECRProvided", given("ExistingECRRepo")),
        create_model_registry=condition(
            "CreateModelRegistryCondition",
            cdk.Fn.condition_equals(values["CreateModelRegistry"].value_as_string, "Yes"),
        ),
        model_registry_used=condition(
            "ModelRegistryUsed", cdk.Fn.condition_equals(values["UseModelRegistry"].value_as_string, "Yes")
        ),
        create_s3_bucket=condition("CreateS3Bucket", empty("ExistingS3Bucket")),
        create_ecr_repo=condition("CreateECRRepo", empty("ExistingECRRepo")),
        logs_key_provided=condition("LogsKmsKeyProvided", given("LogsKmsKeyArn")),
    )


def declare_parameters(stack: cdk.Stack, multi_account: bool) -> OrchestratorParameters:
    common = _common(stack)
    ordered = list(common)
    delegated, stages = _multi_account(stack) if multi_account else (None, None)
    if multi_account:
        ordered += ["DelegatedAdminAccount"] + [f"{stage}{kind}" for stage in STAGES for kind in ("AccountId", "OrgId")]
    stack.template_options.metadata = {
        "AWS::CloudFormation::Interface": {
            "ParameterGroups": [{"Label": {"default": "MLOps Framework Settings"}, "Parameters": ordered}],
            "ParameterLabels": {name: {"default": LABELS[name]} for name in ordered},
        }
    }
    return OrchestratorParameters(
        notification_email=common["NotificationEmail"],
        config_bucket=common["ConfigS3Bucket"],
        existing_bucket=common["ExistingS3Bucket"],
        existing_ecr_repo=common["ExistingECRRepo"],
        use_model_registry=common["UseModelRegistry"],
        create_model_registry=common["CreateModelRegistry"],
        allow_detailed_error_message=common["AllowDetailedErrorMessage"],
        logs_key=common["LogsKmsKeyArn"],
        conditions=_conditions(stack, common),
        delegated_admin=delegated,
        stages=stages,
    )

"""The deploy role's grants, one statement each, with the reason its resources are as wide as they are.

`deploy_role` documents them as a table and turns them into the role's policy and cdk-nag acknowledgements.
ARN patterns use `{partition}`, `{region}`, `{account}` and `{stack}` (the deployed stack's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_orchestrator.core.monitoring import MonitoringType
from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX

# The AWS managed policies blueprint roles may carry: Lambda logging, and API Gateway's account logging role.
ATTACHABLE_AWS_POLICIES = (
    "arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:{partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
)
PASSED_TO = ("sagemaker.amazonaws.com", "lambda.amazonaws.com", "apigateway.amazonaws.com")
AUTOSCALING_SERVICE = "sagemaker.application-autoscaling.amazonaws.com"
AUTOSCALING_SLR = (
    f"arn:{{partition}}:iam::{{account}}:role/aws-service-role/{AUTOSCALING_SERVICE}/"
    "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpointVariant"
)
_SAGEMAKER = "arn:{partition}:sagemaker:{region}:{account}:"
_CRD = ("Create", "Describe", "Delete")
_TAGGING_SAGEMAKER = ("sagemaker:AddTags", "sagemaker:DeleteTags", "sagemaker:ListTags")


@dataclass(frozen=True)
class Grant:
    """One policy statement, with ARN patterns that render both for CloudFormation and for cdk-nag's ids."""

    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    reason: str
    conditions: dict[str, dict[str, object]] | None = None


def grants() -> tuple[Grant, ...]:
    return (
        Grant(
            "SageMakerHosting",
            (
                *_each("sagemaker:{}Model", ("Create", "Describe", "Delete")),
                *_each("sagemaker:{}EndpointConfig", ("Create", "Describe", "Delete")),
                *_each("sagemaker:{}Endpoint", ("Create", "Describe", "Update", "Delete")),
                "sagemaker:UpdateEndpointWeightsAndCapacities",
                *_TAGGING_SAGEMAKER,
            ),
            (f"{_SAGEMAKER}model/*", f"{_SAGEMAKER}endpoint-config/*", f"{_SAGEMAKER}endpoint/*"),
            "SageMaker names models, endpoint configs and endpoints without the stack name; the resource "
            "type in this account and region is the narrowest scope CloudFormation allows.",
        ),
        Grant(
            "SageMakerMonitoring",
            (
                *(f"sagemaker:{verb}{kind}JobDefinition" for kind in MonitoringType for verb in _CRD),
                *_each("sagemaker:{}MonitoringSchedule", ("Create", "Describe", "Update", "Delete", "Start", "Stop")),
                *_TAGGING_SAGEMAKER,
            ),
            (
                *(f"{_SAGEMAKER}{kind.arn_type}-job-definition/*" for kind in MonitoringType),
                f"{_SAGEMAKER}monitoring-schedule/*",
            ),
            "Monitoring job definitions and schedules are named by the orchestrator per request; the "
            "resource type in this account and region is the narrowest stable scope.",
        ),
        Grant(
            "SageMakerRegistryRead",
            ("sagemaker:DescribeModelPackage",),
            (f"{_SAGEMAKER}model-package/*",),
            "In registry mode the model comes from whichever model package version the request names.",
        ),
        Grant(
            "BlueprintRoles",
            (
                *_each("iam:{}Role", ("Create", "Get", "Update", "Delete", "Tag", "Untag")),
                "iam:UpdateRoleDescription",
                "iam:UpdateAssumeRolePolicy",
                "iam:ListRoleTags",
                *_each("iam:{}RolePolicy", ("Put", "Get", "Delete")),
                "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies",
            ),
            (f"arn:{{partition}}:iam::{{account}}:role/{PIPELINE_STACK_PREFIX}*",),
            "CloudFormation truncates the stack name in generated role names; every provisioned stack "
            f"starts with {PIPELINE_STACK_PREFIX}.",
        ),
        Grant(
            "BlueprintManagedPolicies",
            (
                *_each("iam:{}Policy", ("Create", "Get", "Delete", "Tag", "Untag")),
                *_each("iam:{}PolicyVersion", ("Create", "Get", "Delete")),
                "iam:ListPolicyVersions",
            ),
            (f"arn:{{partition}}:iam::{{account}}:policy/{PIPELINE_STACK_PREFIX}*",),
            "Generated managed policy names carry the truncated stack name; every provisioned stack starts "
            f"with {PIPELINE_STACK_PREFIX}.",
        ),
        Grant(
            "AttachOnlyKnownPolicies",
            ("iam:AttachRolePolicy", "iam:DetachRolePolicy"),
            (f"arn:{{partition}}:iam::{{account}}:role/{PIPELINE_STACK_PREFIX}*",),
            "Roles of provisioned stacks only; the condition limits the policies to the blueprints' own and "
            "two AWS logging policies.",
            {
                "ArnLike": {
                    "iam:PolicyARN": [
                        f"arn:{{partition}}:iam::{{account}}:policy/{PIPELINE_STACK_PREFIX}*",
                        *ATTACHABLE_AWS_POLICIES,
                    ]
                }
            },
        ),
        Grant(
            "PassBlueprintRoles",
            ("iam:PassRole",),
            (f"arn:{{partition}}:iam::{{account}}:role/{PIPELINE_STACK_PREFIX}*",),
            "Roles of provisioned stacks only, and only to SageMaker, Lambda and API Gateway (its logging role).",
            {"StringEquals": {"iam:PassedToService": list(PASSED_TO)}},
        ),
        Grant(
            "EndpointAutoscalingServiceRole",
            ("iam:CreateServiceLinkedRole",),
            (AUTOSCALING_SLR,),
            "Exactly the service-linked role SageMaker endpoint autoscaling needs.",
            {"StringEquals": {"iam:AWSServiceName": AUTOSCALING_SERVICE}},
        ),
        Grant(
            "BlueprintFunctions",
            (
                *_each("lambda:{}Function", ("Create", "Get", "Delete", "Invoke")),
                *_each("lambda:{}FunctionConfiguration", ("Get", "Update")),
                "lambda:UpdateFunctionCode",
                *_each("lambda:{}Permission", ("Add", "Remove")),
                "lambda:GetPolicy",
                *_each("lambda:{}FunctionConcurrency", ("Put", "Delete")),
                *_each("lambda:{}FunctionEventInvokeConfig", ("Put", "Get", "Update", "Delete")),
                "lambda:GetRuntimeManagementConfig",
                "lambda:GetFunctionCodeSigningConfig",
                *_each("lambda:{}", ("TagResource", "UntagResource", "ListTags")),
            ),
            (f"arn:{{partition}}:lambda:{{region}}:{{account}}:function:{PIPELINE_STACK_PREFIX}*",),
            "CloudFormation truncates the stack name in generated function names; every provisioned stack "
            f"starts with {PIPELINE_STACK_PREFIX}. InvokeFunction is how CloudFormation runs custom resources.",
        ),
        Grant(
            "BlueprintLambdaCode",
            ("s3:GetObject", "s3:GetObjectVersion"),
            ("arn:{partition}:s3:::*/blueprints/lambdas/*",),
            "Lambda reads function code with the caller's rights; the blueprint bucket's name is not a "
            "parameter of this template, so any bucket of this account, under blueprints/lambdas/ only.",
            {"StringEquals": {"aws:ResourceAccount": "{account}"}},
        ),
        Grant(
            "BlueprintLogGroups",
            (
                *_each("logs:{}LogGroup", ("Create", "Delete", "Tag", "Untag")),
                *_each("logs:{}RetentionPolicy", ("Put", "Delete")),
                *_each("logs:{}", ("TagResource", "UntagResource", "ListTagsForResource", "ListTagsLogGroup")),
            ),
            (
                "arn:{partition}:logs:{region}:{account}:log-group:{stack}*",
                f"arn:{{partition}}:logs:{{region}}:{{account}}:log-group:/aws/lambda/{PIPELINE_STACK_PREFIX}*",
            ),
            "Generated log group names start with the deployed stack's name; Lambda's own log groups start "
            "with /aws/lambda/ and the truncated stack name.",
        ),
        Grant(
            "DescribeLogGroups",
            ("logs:DescribeLogGroups",),
            ("arn:{partition}:logs:{region}:{account}:log-group:*",),
            "DescribeLogGroups is authorized against all log groups of the account and region.",
        ),
        Grant(
            "BlueprintRestApis",
            tuple(f"apigateway:{verb}" for verb in ("GET", "POST", "PUT", "PATCH", "DELETE")),
            (
                "arn:{partition}:apigateway:{region}::/restapis",
                "arn:{partition}:apigateway:{region}::/restapis/*",
                "arn:{partition}:apigateway:{region}::/tags/*",
                "arn:{partition}:apigateway:{region}::/account",
            ),
            "REST API ids are generated by API Gateway; REST APIs of this region (and their tags) are the "
            "narrowest scope CloudFormation allows. /account sets the logging role access logs need.",
        ),
        Grant(
            "BlueprintRules",
            (
                *_each("events:{}Rule", ("Put", "Describe", "Delete", "Enable", "Disable")),
                *_each("events:{}Targets", ("Put", "Remove")),
                "events:ListTargetsByRule",
                *_each("events:{}", ("TagResource", "UntagResource", "ListTagsForResource")),
            ),
            (f"arn:{{partition}}:events:{{region}}:{{account}}:rule/{PIPELINE_STACK_PREFIX}*",),
            "CloudFormation truncates the stack name in generated rule names; every provisioned stack starts "
            f"with {PIPELINE_STACK_PREFIX}.",
        ),
        Grant(
            "EndpointAutoscaling",
            (
                *_each("application-autoscaling:{}ScalableTarget", ("Register", "Deregister")),
                "application-autoscaling:DescribeScalableTargets",
                *_each("application-autoscaling:{}ScalingPolicy", ("Put", "Delete")),
                "application-autoscaling:DescribeScalingPolicies",
                "application-autoscaling:DescribeScalingActivities",
            ),
            ("*",),
            "Application Auto Scaling's Describe actions have no resource-level permissions, and a new "
            "scalable target has no ARN before it is registered.",
        ),
        Grant(
            "Alarms",
            (
                "cloudwatch:PutMetricAlarm",
                "cloudwatch:DescribeAlarms",
                "cloudwatch:DeleteAlarms",
                *_each("cloudwatch:{}", ("TagResource", "UntagResource", "ListTagsForResource")),
            ),
            ("arn:{partition}:cloudwatch:{region}:{account}:alarm:*",),
            "Target-tracking autoscaling and deployment guardrails create alarms with generated names.",
        ),
        Grant(
            "KmsGrantsThroughSageMaker",
            ("kms:CreateGrant",),
            ("arn:{partition}:kms:{region}:*:key/*",),
            "The key is the request's KmsKeyArn (possibly in another account); grants only for AWS "
            "resources and only through SageMaker.",
            {
                "StringEquals": {"kms:ViaService": "sagemaker.{region}.amazonaws.com"},
                "Bool": {"kms:GrantIsForAWSResource": "true"},
            },
        ),
        Grant(
            "DescribeKeysThroughSageMaker",
            ("kms:DescribeKey",),
            ("arn:{partition}:kms:{region}:*:key/*",),
            "The key is the request's KmsKeyArn (possibly in another account); only through SageMaker.",
            {"StringEquals": {"kms:ViaService": "sagemaker.{region}.amazonaws.com"}},
        ),
    )


def _each(pattern: str, verbs: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(pattern.format(verb) for verb in verbs)

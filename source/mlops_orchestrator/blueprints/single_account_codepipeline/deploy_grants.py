"""The deploy role's grants, one statement each, with the reason its resources are as wide as they are.

`deploy_role` documents them as a table and turns them into the role's policy and cdk-nag acknowledgements.
ARN patterns use `{partition}`, `{region}`, `{account}` and `{stack}` (the deployed stack's name).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_orchestrator.core.monitoring import MonitoringType
from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX
from mlops_orchestrator.infrastructure.permissions_boundary import BOUNDARY_ARN, ROLE_UPKEEP, ROLE_WRITES

from ..workload_support import OWNER_TAG

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
_BLUEPRINT_ROLES = f"arn:{{partition}}:iam::{{account}}:role/{PIPELINE_STACK_PREFIX}*"
_ATTACH = ("iam:AttachRolePolicy", "iam:DetachRolePolicy")
AUTOSCALED_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
OWNED = f"{PIPELINE_STACK_PREFIX}*"
"""The owner tag's value (the stack's name) of every SageMaker resource a provisioned stack creates."""
_SAGEMAKER_CREATES = (
    "CreateModel",
    "CreateEndpointConfig",
    "CreateEndpoint",
    *(f"Create{kind}JobDefinition" for kind in MonitoringType),
    "CreateMonitoringSchedule",
)
_SAGEMAKER_TYPES = (
    f"{_SAGEMAKER}model/*",
    f"{_SAGEMAKER}endpoint-config/*",
    f"{_SAGEMAKER}endpoint/*",
    *(f"{_SAGEMAKER}{kind.arn_type}-job-definition/*" for kind in MonitoringType),
    f"{_SAGEMAKER}monitoring-schedule/*",
)


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
            "SageMakerCreateTagged",
            tuple(f"sagemaker:{action}" for action in _SAGEMAKER_CREATES),
            _SAGEMAKER_TYPES,
            "SageMaker names models, endpoint configs and endpoints without the stack name, and monitors are "
            "named per request: what may be created is decided by the owner tag the request must carry.",
            {"StringLike": {f"aws:RequestTag/{OWNER_TAG}": OWNED}},
        ),
        Grant(
            "SageMakerTagOnCreate",
            ("sagemaker:AddTags",),
            _SAGEMAKER_TYPES,
            "SageMaker authorizes the tags of a create call as AddTags; only as part of those create calls, so "
            "the owner tag cannot be put on a resource a pipeline did not create.",
            {"StringEquals": {"sagemaker:TaggingAction": list(_SAGEMAKER_CREATES)}},
        ),
        Grant(
            "SageMakerChangeOwned",
            (
                *_each("sagemaker:{}Endpoint", ("Update", "Delete")),
                "sagemaker:UpdateEndpointWeightsAndCapacities",
                "sagemaker:DeleteModel",
                "sagemaker:DeleteEndpointConfig",
                *(f"sagemaker:Delete{kind}JobDefinition" for kind in MonitoringType),
                *_each("sagemaker:{}MonitoringSchedule", ("Update", "Delete", "Start", "Stop")),
                "sagemaker:AddTags",
                "sagemaker:DeleteTags",
            ),
            _SAGEMAKER_TYPES,
            f"Only resources whose {OWNER_TAG} tag names an orchestrator stack: never the account's other "
            "endpoints, models or monitors. UpdateEndpointWeightsAndCapacities is also what Application Auto "
            "Scaling checks when a scalable target is registered for an endpoint variant.",
            {"StringLike": {f"aws:ResourceTag/{OWNER_TAG}": OWNED}},
        ),
        Grant(
            "SageMakerRead",
            (
                "sagemaker:DescribeModel",
                "sagemaker:DescribeEndpointConfig",
                "sagemaker:DescribeEndpoint",
                *(f"sagemaker:Describe{kind}JobDefinition" for kind in MonitoringType),
                "sagemaker:DescribeMonitoringSchedule",
                "sagemaker:ListTags",
            ),
            _SAGEMAKER_TYPES,
            "Read-only; CloudFormation describes what it created (names are generated, so by resource type).",
        ),
        Grant(
            "SageMakerRegistryRead",
            ("sagemaker:DescribeModelPackage",),
            (f"{_SAGEMAKER}model-package/*",),
            "In registry mode the model comes from whichever model package version the request names.",
        ),
        Grant(
            "WriteOnlyBoundedRoles",
            tuple(action for action in ROLE_WRITES if action not in _ATTACH),
            (_BLUEPRINT_ROLES,),
            "CloudFormation truncates the stack name in generated role names; every provisioned stack starts "
            f"with {PIPELINE_STACK_PREFIX}. Only roles carrying the orchestrator's permissions boundary.",
            {"StringEquals": {"iam:PermissionsBoundary": BOUNDARY_ARN}},
        ),
        Grant(
            "MaintainRoles",
            ROLE_UPKEEP,
            (_BLUEPRINT_ROLES,),
            "CloudFormation truncates the stack name in generated role names; every provisioned stack starts "
            f"with {PIPELINE_STACK_PREFIX}.",
        ),
        Grant(
            "AttachOnlyKnownPolicies",
            _ATTACH,
            (_BLUEPRINT_ROLES,),
            "Roles of provisioned stacks only, carrying the orchestrator's permissions boundary; the condition "
            "limits the policies to two AWS logging policies.",
            {
                "ArnLike": {"iam:PolicyARN": list(ATTACHABLE_AWS_POLICIES)},
                "StringEquals": {"iam:PermissionsBoundary": BOUNDARY_ARN},
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
            ("*",),
            "The service authorization reference lists no resource type for DescribeLogGroups (read-only).",
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
                *_each("application-autoscaling:{}ScalingPolicy", ("Put", "Delete")),
            ),
            ("*",),
            "A scalable target's ARN is generated when it is registered, so it cannot be named here; the "
            "conditions allow SageMaker endpoint variants only, and registering one also needs "
            "UpdateEndpointWeightsAndCapacities on the endpoint, which SageMakerChangeOwned limits to the "
            "endpoints the pipelines created.",
            {
                "StringEquals": {
                    "application-autoscaling:service-namespace": "sagemaker",
                    "application-autoscaling:scalable-dimension": AUTOSCALED_DIMENSION,
                }
            },
        ),
        Grant(
            "DescribeAutoscaling",
            tuple(
                f"application-autoscaling:Describe{what}"
                for what in ("ScalableTargets", "ScalingPolicies", "ScalingActivities")
            ),
            ("*",),
            "Application Auto Scaling's Describe actions have no resource-level permissions (read-only).",
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

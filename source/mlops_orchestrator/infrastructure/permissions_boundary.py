"""The permissions boundary every role deployed through the orchestrator's deploy roles must carry.

The orchestrator stack creates it (`BOUNDARY_NAME` under `GUARDED_PATH`, one per account and region). The
deploy roles may create and change roles only when the role carries exactly this boundary, so a template
deployed through them can never mint a role more powerful than the ceiling below: what the blueprints
use, role writes only for roles bounded the same way, and no way to edit the boundary or the deploy roles
(both live under `GUARDED_PATH`, which the ceiling denies every IAM write on).

The name is derived, not passed: the pipeline templates compute the same ARN from their account and region.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk

from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX

GUARDED_PATH = "/mlops-orchestrator/"
"""IAM path of the boundary and of the deploy roles: no role created through a deploy role may write below it."""
BOUNDARY_NAME = f"{PIPELINE_STACK_PREFIX}-boundary-{{region}}"
BOUNDARY_ARN = f"arn:{{partition}}:iam::{{account}}:policy{GUARDED_PATH}{BOUNDARY_NAME}"
"""With `{partition}`, `{account}` and `{region}` to fill in."""
BOUNDED_ROLES = f"{PIPELINE_STACK_PREFIX}*"
AUTOSCALING_SERVICE = "sagemaker.application-autoscaling.amazonaws.com"
_PSEUDO = {"partition": "${AWS::Partition}", "account": "${AWS::AccountId}", "region": "${AWS::Region}"}


def boundary_name() -> str:
    return cdk.Fn.sub(BOUNDARY_NAME.format(**_PSEUDO))


def boundary_arn() -> str:
    """The boundary's ARN in the deploying stack's account and region."""
    return cdk.Fn.sub(BOUNDARY_ARN.format(**_PSEUDO))


def _iam(resource: str) -> str:
    return cdk.Fn.sub(f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:{resource}")


# Everything a role of the twelve blueprints is granted, by service (a test checks the blueprints stay inside).
CEILING: dict[str, tuple[str, ...]] = {
    "apigateway": ("DELETE", "GET", "PATCH", "POST", "PUT"),
    "application-autoscaling": (
        "Describe*", "RegisterScalableTarget", "DeregisterScalableTarget", "PutScalingPolicy", "DeleteScalingPolicy",
    ),
    "cloudformation": (
        "CreateStack", "UpdateStack", "DeleteStack", "Describe*", "GetStackPolicy", "GetTemplate*", "SetStackPolicy",
        "ValidateTemplate", "CreateStackSet", "UpdateStackSet", "CreateStackInstances", "ListStackInstances",
        "ListStackSetOperationResults",
    ),
    "cloudwatch": (
        "PutMetricAlarm", "DescribeAlarms", "DeleteAlarms", "PutMetricData", "TagResource", "UntagResource",
        "ListTagsForResource",
    ),
    "codebuild": (
        "BatchGetBuilds", "StartBuild", "StopBuild", "CreateReportGroup", "CreateReport", "UpdateReport",
        "BatchPutTestCases", "BatchPutCodeCoverages",
    ),
    "codepipeline": ("PutJobSuccessResult", "PutJobFailureResult"),
    "ecr": (
        "GetAuthorizationToken", "BatchCheckLayerAvailability", "BatchGetImage", "GetDownloadUrlForLayer",
        "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "PutImage",
    ),
    "events": (
        "PutRule", "DescribeRule", "DeleteRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets",
        "ListTargetsByRule", "TagResource", "UntagResource", "ListTagsForResource",
    ),
    "kms": ("CreateGrant", "Decrypt", "DescribeKey", "Encrypt", "GenerateDataKey"),
    "lambda": (
        "CreateFunction", "DeleteFunction", "GetFunction*", "UpdateFunction*", "InvokeFunction", "ListFunctions",
        "AddPermission", "RemovePermission", "GetPolicy", "PutFunction*", "DeleteFunction*",
        "GetRuntimeManagementConfig", "TagResource", "UntagResource", "ListTags",
    ),
    "logs": (
        "CreateLogGroup", "DeleteLogGroup", "DescribeLogGroups", "CreateLogStream", "DescribeLogStreams",
        "PutLogEvents", "PutRetentionPolicy", "DeleteRetentionPolicy", "TagLogGroup", "UntagLogGroup",
        "ListTagsLogGroup", "TagResource", "UntagResource", "ListTagsForResource",
    ),
    "organizations": ("ListDelegatedAdministrators",),
    "s3": ("Abort*", "DeleteObject*", "GetBucket*", "GetObject*", "List*", "PutObject*"),
    "sagemaker": (
        "Create*Job", "Create*JobDefinition", "CreateAutoMLJobV2", "CreateModel", "CreateEndpoint*",
        "CreateMonitoringSchedule", "Describe*", "List*", "AddTags", "DeleteTags", "Delete*JobDefinition",
        "DeleteModel", "DeleteEndpoint*", "DeleteMonitoringSchedule", "UpdateEndpoint*", "UpdateMonitoringSchedule",
        "StartMonitoringSchedule", "StopMonitoringSchedule", "Stop*Job", "InvokeEndpoint",
    ),
    "sns": ("Publish",),
    "sts": ("AssumeRole",),
    "xray": ("PutTelemetryRecords", "PutTraceSegments"),
}  # fmt: skip

ROLE_WRITES = (
    "iam:CreateRole",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
)
"""The role-writing actions that grant power; each accepts the `iam:PermissionsBoundary` condition key, so a deploy
role holds them only for roles carrying the boundary."""
ROLE_UPKEEP = (
    # Neither grants power to a role. Deleting must work for CloudFormation whatever the role carries, and not every
    # analyzer's copy of the service authorization reference lists the boundary key for these four.
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListRoleTags",
    "iam:TagRole",
    "iam:UntagRole",
)
_GUARDED_WRITES = (
    *ROLE_WRITES,
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:DeleteRolePermissionsBoundary",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
)


def only_bounded() -> dict[str, Any]:
    """The condition on role writes: the written role carries exactly the boundary."""
    return {"StringEquals": {"iam:PermissionsBoundary": boundary_arn()}}


def ceiling_document() -> dict[str, Any]:
    bounded_roles = _iam(f"role/{BOUNDED_ROLES}")
    guarded = [_iam(f"role{GUARDED_PATH}*"), _iam(f"policy{GUARDED_PATH}*")]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "WhatTheBlueprintsUse",
                "Effect": "Allow",
                "Action": [f"{service}:{action}" for service, actions in CEILING.items() for action in actions],
                "Resource": "*",
            },
            {
                "Sid": "WriteOnlyBoundedRoles",
                "Effect": "Allow",
                "Action": list(ROLE_WRITES),
                "Resource": bounded_roles,
                "Condition": only_bounded(),
            },
            {
                "Sid": "MaintainRoles",
                "Effect": "Allow",
                "Action": list(ROLE_UPKEEP),
                "Resource": bounded_roles,
            },
            {
                "Sid": "PassRolesOfThePipelines",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": [bounded_roles, _iam(f"role{GUARDED_PATH}{BOUNDED_ROLES}")],
            },
            {
                "Sid": "EndpointAutoscalingServiceRole",
                "Effect": "Allow",
                "Action": "iam:CreateServiceLinkedRole",
                "Resource": _iam(f"role/aws-service-role/{AUTOSCALING_SERVICE}/*"),
                "Condition": {"StringEquals": {"iam:AWSServiceName": AUTOSCALING_SERVICE}},
            },
            {
                "Sid": "KeepTheBoundary",
                "Effect": "Deny",
                "Action": "iam:DeleteRolePermissionsBoundary",
                "Resource": "*",
            },
            {"Sid": "KeepTheGuardrails", "Effect": "Deny", "Action": list(_GUARDED_WRITES), "Resource": guarded},
        ],
    }

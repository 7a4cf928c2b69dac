"""The orchestrator's REST API: POST /provisionpipeline, /pipelinestatus, /deprovisionpipeline and /listpipelines.

IAM (SigV4) authorization on every method, body validation against models derived from the request JSON
Schema, JSON access logs, execution logs without bodies, throttling and X-Ray tracing.
"""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from mlops_orchestrator.core.body_limit import TOO_LARGE
from mlops_orchestrator.core.catalog import MODEL_CARD_OPERATIONS
from mlops_orchestrator.core.schema import config_schema
from mlops_orchestrator.infrastructure.api_stage import access_log_group, logged_stage
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards

from .api_model import (
    DRAFT_04,
    deprovision_request_model,
    list_request_model,
    provision_request_model,
    status_request_model,
)

STAGE = "prod"
# Provisioning is rare and status polling is light; this protects the account's CloudFormation quotas
# and the Lambda's concurrency from a runaway client without getting in a person's way.
RATE_LIMIT = 20
BURST_LIMIT = 40
BAD_BODY_TEMPLATE = '{"message": "A BadRequest exception occurred", "detailedMessage": $context.error.messageString}'
TOO_LARGE_TEMPLATE = json.dumps({"message": TOO_LARGE})


def as_json_schema(model: dict[str, Any]) -> apigateway.JsonSchema:
    """A draft-04 model (plain dict, as api_model derives it) as the CDK struct API Gateway models take."""
    kinds = model.get("type")
    additional = model.get("additionalProperties")
    return apigateway.JsonSchema(
        schema=apigateway.JsonSchemaVersion.DRAFT4 if model.get("$schema") == DRAFT_04 else None,
        title=model.get("title"),
        type=[apigateway.JsonSchemaType[kind.upper()] for kind in kinds]
        if isinstance(kinds, list)
        else (apigateway.JsonSchemaType[kinds.upper()] if kinds else None),
        enum=model.get("enum"),
        required=model.get("required"),
        min_length=model.get("minLength"),
        properties={key: as_json_schema(value) for key, value in model["properties"].items()}
        if "properties" in model
        else None,
        additional_properties=additional if isinstance(additional, bool) else None,
    )


class OrchestratorApi(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, function: lambda_.IFunction) -> None:
        super().__init__(scope, construct_id)
        access_logs = access_log_group(self, "AccessLogs")
        account = self._cloudwatch_role()
        self.api = apigateway.RestApi(
            self,
            "Api",
            rest_api_name=f"{cdk.Aws.STACK_NAME}-orchestrator",
            description="MLOps Workload Orchestrator: provision pipelines and read their status (IAM authorization).",
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            cloud_watch_role=False,  # the account-level role is managed here, with an inline policy
            default_method_options=apigateway.MethodOptions(authorization_type=apigateway.AuthorizationType.IAM),
            deploy_options=logged_stage(
                access_logs, stage_name=STAGE, throttling_rate_limit=RATE_LIMIT, throttling_burst_limit=BURST_LIMIT
            ),
        )
        # Stage logging needs the account's CloudWatch role to be set first.
        self.api.deployment_stage.node.add_dependency(account)
        endpoint = self.api.node.try_find_child("Endpoint")
        if isinstance(endpoint, cdk.CfnOutput):
            endpoint.override_logical_id("OrchestratorApiUrl")
            endpoint.description = (
                "Base URL of the orchestrator API (POST /provisionpipeline, /pipelinestatus, /deprovisionpipeline, "
                "/listpipelines)"
            )

        validator = self.api.add_request_validator(
            "BodyValidator", validate_request_body=True, validate_request_parameters=True
        )
        provision = self.api.add_model(
            "ProvisionRequest",
            content_type="application/json",
            model_name="ProvisionRequest",
            schema=as_json_schema(provision_request_model(config_schema(), MODEL_CARD_OPERATIONS)),
        )
        status = self.api.add_model(
            "StatusRequest",
            content_type="application/json",
            model_name="StatusRequest",
            schema=as_json_schema(status_request_model()),
        )
        deprovision = self.api.add_model(
            "DeprovisionRequest",
            content_type="application/json",
            model_name="DeprovisionRequest",
            schema=as_json_schema(deprovision_request_model()),
        )
        listing = self.api.add_model(
            "ListRequest",
            content_type="application/json",
            model_name="ListRequest",
            schema=as_json_schema(list_request_model()),
        )
        integration = apigateway.LambdaIntegration(function, allow_test_invoke=False)
        routes = (
            ("provisionpipeline", provision),
            ("pipelinestatus", status),
            ("deprovisionpipeline", deprovision),
            ("listpipelines", listing),
        )
        for path, model in routes:
            method = self.api.root.add_resource(path).add_method(
                "POST",
                integration,
                request_validator=validator,
                request_models={"application/json": model},
            )
            acknowledge(
                method,
                "AwsSolutions-COG4",
                "The API uses IAM (SigV4) authorization, as the original did; callers are IAM principals.",
            )
        self.api.add_gateway_response(
            "BadRequestBody",
            type=apigateway.ResponseType.BAD_REQUEST_BODY,
            status_code="400",
            templates={"application/json": BAD_BODY_TEMPLATE},
        )
        # API Gateway's own 413 says only "Request Too Long"; this one states the limit `validate` applies too.
        self.api.add_gateway_response(
            "RequestTooLarge",
            type=apigateway.ResponseType.REQUEST_TOO_LARGE,
            status_code="413",
            templates={"application/json": TOO_LARGE_TEMPLATE},
        )
        acknowledge(
            self.api.deployment_stage,
            "AwsSolutions-APIG3",
            "Only IAM-authenticated principals of the account can call the API; a WAF web ACL is optional "
            "and can be associated by the operator.",
        )

    def _cloudwatch_role(self) -> apigateway.CfnAccount:
        """API Gateway's account-level role for writing logs (one per account and region, kept on delete)."""
        log_groups = cdk.Stack.of(self).format_arn(
            service="logs", resource="log-group", resource_name="*", arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME
        )
        role = iam.Role(
            self,
            "CloudWatchRole",
            assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
            description="Lets API Gateway write execution and access logs (account-level setting).",
            inline_policies={
                "WriteLogs": iam.PolicyDocument(
                    statements=[
                        iam.PolicyStatement(
                            actions=[
                                "logs:CreateLogGroup",
                                "logs:CreateLogStream",
                                "logs:DescribeLogStreams",
                                "logs:PutLogEvents",
                            ],
                            resources=[log_groups],
                        ),
                        # The service authorization reference lists no resource type for it (read-only).
                        iam.PolicyStatement(actions=["logs:DescribeLogGroups"], resources=["*"]),
                    ]
                )
            },
        )
        # Other APIs of the account log through this role too: deleting the stack must not break them.
        role.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        acknowledge_wildcards(
            role,
            "API Gateway's account-level logging role writes the execution logs of every API in the account "
            "and region (log groups API-Gateway-Execution-Logs_<api id>/<stage>), so it needs all log groups; "
            "DescribeLogGroups supports no resource type.",
            resources=[log_groups, "*"],
        )
        account = apigateway.CfnAccount(self, "Account", cloud_watch_role_arn=role.role_arn)
        account.apply_removal_policy(cdk.RemovalPolicy.RETAIN)
        return account

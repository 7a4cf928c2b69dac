"""The inference Lambda and the IAM-authorized REST API in front of it: POST /inference."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.api_stage import access_log_group, logged_stage
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.python_function import python_function

from ..workload_support import blueprint_code, wire_own_role
from .runtime_package import INFERENCE_LAMBDA


def inference_function(
    scope: Construct, blueprint_bucket: cdk.CfnParameter, endpoint: sagemaker.CfnEndpoint
) -> lambda_.Function:
    role = iam.Role(
        scope,
        "InferenceFunctionRole",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Invokes the blueprint's SageMaker endpoint",
    )
    # Ref of an endpoint is its ARN: exactly this endpoint, whatever name CloudFormation gave it.
    role.add_to_principal_policy(
        iam.PolicyStatement(sid="InvokeEndpoint", actions=["sagemaker:InvokeEndpoint"], resources=[endpoint.ref])
    )
    function = python_function(
        scope,
        "InferenceFunction",
        code=blueprint_code(scope, blueprint_bucket, INFERENCE_LAMBDA),
        handler=INFERENCE_LAMBDA.handler,
        description="Sends POST /inference requests to the SageMaker endpoint",
        memory_size=512,
        # API Gateway stops waiting after 29 seconds.
        timeout=cdk.Duration.seconds(29),
        role=role,
        environment={"SAGEMAKER_ENDPOINT_NAME": endpoint.attr_endpoint_name},
    )
    wire_own_role(function, role)
    return function


def inference_api(scope: Construct, function: lambda_.IFunction) -> apigateway.RestApi:
    access_logs = access_log_group(scope, "InferenceApiAccessLogs")
    api = apigateway.RestApi(
        scope,
        "InferenceApi",
        rest_api_name=cdk.Fn.sub("${AWS::StackName}-inference"),
        description="Real-time inference on the blueprint's SageMaker endpoint",
        endpoint_types=[apigateway.EndpointType.REGIONAL],
        # Stage logging needs the account's API Gateway CloudWatch role; in a fresh (target) account only
        # this stack can set it. Retained: other APIs of the account rely on it after this stack is gone.
        cloud_watch_role=True,
        cloud_watch_role_removal_policy=cdk.RemovalPolicy.RETAIN,
        default_method_options=apigateway.MethodOptions(authorization_type=apigateway.AuthorizationType.IAM),
        deploy_options=logged_stage(access_logs, stage_name="prod"),
    )
    # The stack outputs the URL of POST /inference itself, under a stable name.
    api.node.try_remove_child("Endpoint")
    cloud_watch_role = api.node.find_child("CloudWatchRole")
    acknowledge(
        cloud_watch_role,
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        "AWS's policy for API Gateway's account-level logging role, which writes to log groups API Gateway names.",
    )
    acknowledge(
        api.deployment_stage,
        "AwsSolutions-APIG3",
        "The API is IAM-authorized (SigV4) and regional; WAF rules would add cost without an anonymous surface.",
    )
    _post_inference(api, function)
    return api


def _post_inference(api: apigateway.RestApi, function: lambda_.IFunction) -> None:
    model = api.add_model(
        "InferenceRequestModel",
        content_type="application/json",
        description="An inference request: the payload and its MIME type",
        schema=apigateway.JsonSchema(
            schema=apigateway.JsonSchemaVersion.DRAFT4,
            title="InferenceRequest",
            type=apigateway.JsonSchemaType.OBJECT,
            required=["payload", "content_type"],
            properties={
                "payload": apigateway.JsonSchema(description="A string, or any JSON value sent as JSON text"),
                "content_type": apigateway.JsonSchema(type=apigateway.JsonSchemaType.STRING, min_length=1),
                "accept": apigateway.JsonSchema(type=apigateway.JsonSchemaType.STRING, min_length=1),
            },
        ),
    )
    validator = api.add_request_validator(
        "InferenceRequestValidator", validate_request_body=True, validate_request_parameters=True
    )
    method = api.root.add_resource("inference").add_method(
        "POST",
        apigateway.LambdaIntegration(function),
        request_validator=validator,
        request_models={"application/json": model},
    )
    acknowledge(
        method,
        "AwsSolutions-COG4",
        "Callers are AWS principals authorized by IAM (SigV4), not Cognito users.",
    )

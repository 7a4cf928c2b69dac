"""byom_realtime_inference_pipeline.yaml: the inference Lambda and the IAM-authorized REST API in front of it."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.blueprints.realtime_inference.runtime_package import INFERENCE_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import REALTIME
from tests.infra.support import Synthesized, synthesize


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    return synthesize(stack_of(REALTIME).build)


def test_inference_function_loads_its_code_from_the_blueprint_bucket(bp: Synthesized) -> None:
    function = bp.only("AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": INFERENCE_LAMBDA.key}
    assert INFERENCE_LAMBDA.key == "blueprints/lambdas/inference.zip"
    assert props["Handler"] == "mlops_orchestrator.blueprints.realtime_inference.runtime.handler.lambda_handler"
    assert (props["Runtime"], props["Architectures"], props["MemorySize"], props["Timeout"]) == (
        "python3.14",
        ["arm64"],
        512,
        29,
    )
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["Environment"] == {
        "Variables": {"SAGEMAKER_ENDPOINT_NAME": bp.get_att("MLOpsSagemakerEndpoint", "EndpointName")}
    }
    assert props["Role"] == bp.get_att("InferenceFunctionRole", "Arn")
    assert function["Metadata"]["cfn-lint"] == {"config": {"ignore_checks": ["W3005"]}}
    assert "cdk-hnb659fds" not in json.dumps(bp.json)


def test_inference_function_may_only_invoke_this_endpoint(bp: Synthesized) -> None:
    policy = bp.resource("InferenceFunctionRole/DefaultPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert {
        "Action": "sagemaker:InvokeEndpoint",
        "Effect": "Allow",
        "Resource": bp.ref("MLOpsSagemakerEndpoint"),
        "Sid": "InvokeEndpoint",
    } in statements
    assert {
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Effect": "Allow",
        "Resource": bp.get_att("InferenceFunctionLogs", "Arn"),
    } in statements
    assert {
        "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
        "Effect": "Allow",
        "Resource": "*",
    } in statements
    assert len(statements) == 3
    role = bp.resource("InferenceFunctionRole")["Properties"]
    assert "ManagedPolicyArns" not in role
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_post_inference_is_iam_authorized_and_validated(bp: Synthesized) -> None:
    assert bp.only("AWS::ApiGateway::RestApi")["Properties"] == {
        "Name": {"Fn::Sub": "${AWS::StackName}-inference"},
        "Description": "Real-time inference on the blueprint's SageMaker endpoint",
        "EndpointConfiguration": {"Types": ["REGIONAL"]},
    }
    assert bp.only("AWS::ApiGateway::Resource")["Properties"]["PathPart"] == "inference"
    method = bp.only("AWS::ApiGateway::Method")["Properties"]
    assert (method["HttpMethod"], method["AuthorizationType"]) == ("POST", "AWS_IAM")
    assert method["Integration"]["Type"] == "AWS_PROXY"
    assert method["RequestValidatorId"] == bp.ref("InferenceApi/InferenceRequestValidator")
    assert method["RequestModels"] == {"application/json": bp.ref("InferenceApi/InferenceRequestModel")}
    validator = bp.only("AWS::ApiGateway::RequestValidator")["Properties"]
    assert (validator["ValidateRequestBody"], validator["ValidateRequestParameters"]) == (True, True)
    schema = bp.only("AWS::ApiGateway::Model")["Properties"]["Schema"]
    assert schema["required"] == ["payload", "content_type"]
    assert schema["properties"]["content_type"] == {"type": "string", "minLength": 1}
    bp.template.resource_properties_count_is("AWS::Lambda::Permission", {"Principal": "apigateway.amazonaws.com"}, 2)


def test_stage_logs_access_traces_and_never_logs_bodies(bp: Synthesized) -> None:
    stage = bp.only("AWS::ApiGateway::Stage")["Properties"]
    assert stage["StageName"] == "prod"
    assert stage["TracingEnabled"] is True
    assert stage["AccessLogSetting"]["DestinationArn"] == bp.get_att("InferenceApiAccessLogs", "Arn")
    assert json.loads(stage["AccessLogSetting"]["Format"])["status"] == "$context.status"
    assert stage["MethodSettings"] == [
        {
            "DataTraceEnabled": False,
            "HttpMethod": "*",
            "LoggingLevel": "INFO",
            "MetricsEnabled": True,
            "ResourcePath": "/*",
        }
    ]
    bp.template.has_resource(
        "AWS::Logs::LogGroup", {"Properties": {"RetentionInDays": 365}, "DeletionPolicy": "Retain"}
    )
    account = bp.only("AWS::ApiGateway::Account")
    assert account["Properties"]["CloudWatchRoleArn"] == bp.get_att("InferenceApi/CloudWatchRole", "Arn")
    assert account["DeletionPolicy"] == "Retain"

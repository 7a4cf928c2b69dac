"""The endpoint config (one AllTraffic variant with data capture) and the endpoint with its optional guardrail."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge_template_check

from ..workload_support import if_condition, owner_tag

VARIANT = "AllTraffic"
ROLLBACK_ALARM_SUFFIX = "-endpoint-5xx-errors"


@dataclass(frozen=True)
class EndpointConditions:
    endpoint_name: cdk.CfnCondition
    guardrail: cdk.CfnCondition
    canary: cdk.CfnCondition
    linear: cdk.CfnCondition
    rollback_alarm: cdk.CfnCondition


def endpoint_conditions(stack: cdk.Stack, params: dict[str, cdk.CfnParameter]) -> EndpointConditions:
    def equals(name: str, parameter: str, value: str) -> cdk.CfnCondition:
        expression = cdk.Fn.condition_equals(params[parameter].value_as_string, value)
        return cdk.CfnCondition(stack, name, expression=expression)

    def provided(name: str, parameter: str) -> cdk.CfnCondition:
        expression = cdk.Fn.condition_not(cdk.Fn.condition_equals(params[parameter].value_as_string, ""))
        return cdk.CfnCondition(stack, name, expression=expression)

    return EndpointConditions(
        endpoint_name=provided("EndpointNameProvided", "EndpointName"),
        guardrail=provided("DeploymentGuardrailEnabled", "DeploymentStrategy"),
        canary=equals("CanaryDeployment", "DeploymentStrategy", "CANARY"),
        linear=equals("LinearDeployment", "DeploymentStrategy", "LINEAR"),
        rollback_alarm=provided("RollbackAlarmProvided", "RollbackAlarmName"),
    )


def endpoint_config(
    scope: Construct,
    params: dict[str, cdk.CfnParameter],
    model: sagemaker.CfnModel,
    kms: cdk.CfnCondition,
) -> sagemaker.CfnEndpointConfig:
    kms_key = if_condition(kms, params["KmsKeyArn"].value_as_string)
    return sagemaker.CfnEndpointConfig(
        scope,
        "MLOpsSagemakerEndpointConfig",
        production_variants=[
            sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                variant_name=VARIANT,
                model_name=model.attr_model_name,
                initial_instance_count=params["InitialInstanceCount"].value_as_number,
                instance_type=params["InferenceInstance"].value_as_string,
                initial_variant_weight=1,
            )
        ],
        data_capture_config=sagemaker.CfnEndpointConfig.DataCaptureConfigProperty(
            enable_capture=True,
            initial_sampling_percentage=params["DataCaptureSamplingPercentage"].value_as_number,
            destination_s3_uri=cdk.Fn.sub("s3://${DataCaptureLocation}"),
            capture_options=[
                sagemaker.CfnEndpointConfig.CaptureOptionProperty(capture_mode="Input"),
                sagemaker.CfnEndpointConfig.CaptureOptionProperty(capture_mode="Output"),
            ],
            # The original captured CSV only; JSON payloads are recorded as JSON so monitors can parse them.
            capture_content_type_header=sagemaker.CfnEndpointConfig.CaptureContentTypeHeaderProperty(
                csv_content_types=["text/csv"],
                json_content_types=["application/json", "application/jsonlines"],
            ),
            kms_key_id=cdk.Token.as_string(kms_key),
        ),
        kms_key_id=cdk.Token.as_string(kms_key),
        tags=[cdk.CfnTag(key="endpoint-config-name", value=cdk.Fn.sub("${ModelName}-endpoint-config")), owner_tag()],
    )


def rollback_alarm_name() -> str:
    return cdk.Fn.sub("${AWS::StackName}" + ROLLBACK_ALARM_SUFFIX)


def _deployment_config(params: dict[str, cdk.CfnParameter], conditions: EndpointConditions) -> object:
    step = {"Type": params["TrafficShiftSizeType"].value_as_string, "Value": params["TrafficShiftSize"].value_as_number}
    alarms = [
        {"AlarmName": rollback_alarm_name()},
        if_condition(conditions.rollback_alarm, {"AlarmName": params["RollbackAlarmName"].value_as_string}),
    ]
    return {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": params["DeploymentStrategy"].value_as_string,
                "WaitIntervalInSeconds": params["TrafficShiftWaitSeconds"].value_as_number,
                "CanarySize": if_condition(conditions.canary, step),
                "LinearStepSize": if_condition(conditions.linear, step),
            },
            "TerminationWaitInSeconds": params["TerminationWaitSeconds"].value_as_number,
        },
        "AutoRollbackConfiguration": {"Alarms": alarms},
    }


def endpoint(
    scope: Construct,
    params: dict[str, cdk.CfnParameter],
    config: sagemaker.CfnEndpointConfig,
    conditions: EndpointConditions,
) -> sagemaker.CfnEndpoint:
    resource = sagemaker.CfnEndpoint(
        scope,
        "MLOpsSagemakerEndpoint",
        endpoint_config_name=config.attr_endpoint_config_name,
        endpoint_name=cdk.Token.as_string(
            if_condition(conditions.endpoint_name, params["EndpointName"].value_as_string)
        ),
        deployment_config=if_condition(conditions.guardrail, _deployment_config(params, conditions)),
        tags=[cdk.CfnTag(key="endpoint-name", value=cdk.Fn.sub("${ModelName}-endpoint")), owner_tag()],
    )
    optional_by_default = (
        "EndpointName, RollbackAlarmName and DeploymentStrategy default to '' (optional): each reaches the endpoint "
        "only inside Fn::If on a condition that it is not empty (EndpointNameProvided, RollbackAlarmProvided, "
        "DeploymentGuardrailEnabled), a relation the validator does not follow when it checks the defaults."
    )
    for rule in ("F3031", "F3033", "W3030"):
        acknowledge_template_check(resource, rule, optional_by_default)
    return resource


def server_error_alarm(scope: Construct, endpoint_resource: sagemaker.CfnEndpoint, condition: cdk.CfnCondition) -> None:
    """The guardrail's own rollback alarm: any 5xx answer of the endpoint during a deployment rolls it back.

    Its name is fixed (derived from the stack name) and the endpoint refers to the name, not to the alarm:
    the alarm needs the endpoint's name for its dimension, so a reference both ways would be a cycle.
    """
    alarm = cloudwatch.CfnAlarm(
        scope,
        "EndpointServerErrorsAlarm",
        alarm_name=rollback_alarm_name(),
        alarm_description="Rolls back a blue/green endpoint deployment when the endpoint answers with 5xx errors.",
        namespace="AWS/SageMaker",
        metric_name="Invocation5XXErrors",
        dimensions=[
            cloudwatch.CfnAlarm.DimensionProperty(name="EndpointName", value=endpoint_resource.attr_endpoint_name),
            cloudwatch.CfnAlarm.DimensionProperty(name="VariantName", value=VARIANT),
        ],
        statistic="Sum",
        period=60,
        evaluation_periods=1,
        threshold=1,
        comparison_operator="GreaterThanOrEqualToThreshold",
        treat_missing_data="notBreaching",
    )
    alarm.cfn_options.condition = condition

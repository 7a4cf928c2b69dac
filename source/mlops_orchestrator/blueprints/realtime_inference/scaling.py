"""Optional target-tracking autoscaling of the endpoint's variant on invocations per instance."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_applicationautoscaling as autoscaling
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from .endpoint import VARIANT


def endpoint_autoscaling(
    scope: Construct, params: dict[str, cdk.CfnParameter], endpoint: sagemaker.CfnEndpoint
) -> cdk.CfnCondition:
    """Off unless AutoscalingMaxCapacity is above 0; returns the condition `AutoscalingEnabled`."""
    enabled = cdk.CfnCondition(
        cdk.Stack.of(scope),
        "AutoscalingEnabled",
        expression=cdk.Fn.condition_not(cdk.Fn.condition_equals(params["AutoscalingMaxCapacity"].value_as_string, "0")),
    )
    # No RoleARN: Application Auto Scaling uses its service-linked role for SageMaker endpoints.
    target = autoscaling.CfnScalableTarget(
        scope,
        "EndpointScalableTarget",
        service_namespace="sagemaker",
        scalable_dimension="sagemaker:variant:DesiredInstanceCount",
        resource_id=cdk.Fn.join("", ["endpoint/", endpoint.attr_endpoint_name, f"/variant/{VARIANT}"]),
        min_capacity=params["AutoscalingMinCapacity"].value_as_number,
        max_capacity=params["AutoscalingMaxCapacity"].value_as_number,
    )
    target.cfn_options.condition = enabled
    policy = autoscaling.CfnScalingPolicy(
        scope,
        "EndpointScalingPolicy",
        policy_name=cdk.Fn.sub("${AWS::StackName}-invocations-per-instance"),
        policy_type="TargetTrackingScaling",
        scaling_target_id=target.ref,
        target_tracking_scaling_policy_configuration=autoscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty(
            target_value=params["AutoscalingTargetInvocations"].value_as_number,
            predefined_metric_specification=autoscaling.CfnScalingPolicy.PredefinedMetricSpecificationProperty(
                predefined_metric_type="SageMakerVariantInvocationsPerInstance"
            ),
            # Scale out fast on load; scale in slowly, since a new instance takes minutes to serve.
            scale_out_cooldown=60,
            scale_in_cooldown=300,
        ),
    )
    policy.cfn_options.condition = enabled
    return enabled

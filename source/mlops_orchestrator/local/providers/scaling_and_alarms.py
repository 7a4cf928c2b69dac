"""Endpoint autoscaling and the deployment guardrail's alarm, through moto's Application Auto Scaling and
CloudWatch backends (DescribeScalableTargets, DescribeScalingPolicies and DescribeAlarms see them)."""

from __future__ import annotations

import contextlib
from typing import Any

from moto.core.common_models import CloudFormationModel

from .base import LocalProvider, Where


def _scaling(where: Where) -> Any:
    from moto.applicationautoscaling.models import applicationautoscaling_backends

    return applicationautoscaling_backends[where.account_id][where.region]


def _target_id(resource_id: str, dimension: str, namespace: str) -> str:
    """CloudFormation's physical id of a scalable target, which a scaling policy's ScalingTargetId names."""
    return f"{resource_id}|{dimension}|{namespace}"


class ScalableTarget(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApplicationAutoScaling::ScalableTarget"
    provider = "application-autoscaling"
    creates = "the scalable target (RegisterScalableTarget)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        namespace, resource_id, dimension = props["ServiceNamespace"], props["ResourceId"], props["ScalableDimension"]
        _scaling(where).register_scalable_target(
            namespace,
            resource_id,
            dimension,
            min_capacity=int(props["MinCapacity"]),
            max_capacity=int(props["MaxCapacity"]),
            role_arn=props.get("RoleARN"),
            suspended_state=props.get("SuspendedState"),
        )
        return cls(_target_id(resource_id, dimension, namespace), where=where)

    def remove(self) -> None:
        assert self.where is not None
        resource_id, dimension, namespace = self.physical_id.split("|")
        with contextlib.suppress(Exception):  # already deregistered
            _scaling(self.where).deregister_scalable_target(namespace, resource_id, dimension)


class ScalingPolicy(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApplicationAutoScaling::ScalingPolicy"
    provider = "application-autoscaling"
    creates = "the scaling policy (PutScalingPolicy)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        if props.get("ScalingTargetId"):
            resource_id, dimension, namespace = str(props["ScalingTargetId"]).split("|")
        else:
            resource_id, dimension = props["ResourceId"], props["ScalableDimension"]
            namespace = props["ServiceNamespace"]
        body = {
            key: props[key]
            for key in ("TargetTrackingScalingPolicyConfiguration", "StepScalingPolicyConfiguration")
            if key in props
        }
        policy = _scaling(where).put_scaling_policy(
            props["PolicyName"],
            namespace,
            resource_id,
            dimension,
            body,
            props.get("PolicyType", "TargetTrackingScaling"),
        )
        values = {"Arn": policy.policy_arn, "Target": (namespace, resource_id, dimension)}
        return cls(policy.policy_arn, where=where, values=values)

    attributes = ("Arn",)

    def remove(self) -> None:
        assert self.where is not None
        namespace, resource_id, dimension = self.values["Target"]
        with contextlib.suppress(Exception):  # already gone with its target
            _scaling(self.where).delete_scaling_policy(
                self.physical_id.rpartition("policyName/")[2], namespace, resource_id, dimension
            )


class CloudWatchAlarm(LocalProvider, CloudFormationModel):
    resource_type = "AWS::CloudWatch::Alarm"
    provider = "cloudwatch"
    creates = "the metric alarm (PutMetricAlarm)"
    attributes = ("Arn",)

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        from moto.cloudwatch.models import cloudwatch_backends

        name = props.get("AlarmName") or where.generated_name
        arguments: dict[str, Any] = dict(
            name=name,
            namespace=props.get("Namespace"),
            metric_name=props.get("MetricName"),
            comparison_operator=props["ComparisonOperator"],
            evaluation_periods=int(props["EvaluationPeriods"]),
            period=int(props["Period"]) if "Period" in props else None,
            threshold=float(props["Threshold"]) if "Threshold" in props else None,
            statistic=props.get("Statistic"),
            description=props.get("AlarmDescription"),
            dimensions=[{"Name": item["Name"], "Value": item["Value"]} for item in props.get("Dimensions") or []],
            alarm_actions=props.get("AlarmActions") or [],
            metric_data_queries=None,
            datapoints_to_alarm=props.get("DatapointsToAlarm"),
            extended_statistic=props.get("ExtendedStatistic"),
            ok_actions=props.get("OKActions") or [],
            insufficient_data_actions=props.get("InsufficientDataActions") or [],
            unit=props.get("Unit"),
            actions_enabled=props.get("ActionsEnabled", True),
            treat_missing_data=props.get("TreatMissingData"),
        )
        alarm = cloudwatch_backends[where.account_id][where.region].put_metric_alarm(**arguments)
        return cls(name, where=where, values={"Arn": alarm.alarm_arn})

    def remove(self) -> None:
        from moto.cloudwatch.models import cloudwatch_backends

        assert self.where is not None
        cloudwatch_backends[self.where.account_id][self.where.region].delete_alarms([self.physical_id])

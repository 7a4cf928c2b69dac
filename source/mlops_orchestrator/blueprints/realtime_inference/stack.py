"""BYOMRealtimePipelineStack: the model, its endpoint (with the optional extras) and the inference API."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..sagemaker_model.conditions import model_conditions
from ..sagemaker_model.model import ModelExecution, sagemaker_model
from ..workload_support import s3_arn
from .api import inference_api, inference_function
from .endpoint import endpoint, endpoint_conditions, endpoint_config, server_error_alarm
from .scaling import endpoint_autoscaling


class BYOMRealtimePipelineStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-byom-rip)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        conditions = model_conditions(self, params)
        extras = endpoint_conditions(self, params)

        execution = ModelExecution(
            self,
            "MLOpsRealtimeSagemakerRole",
            params=params,
            conditions=conditions,
            log_group_prefix="/aws/sagemaker/Endpoints/",
            metric_namespace="/aws/sagemaker/Endpoints",
            statements=[
                iam.PolicyStatement(
                    sid="WriteDataCapture", actions=["s3:PutObject"], resources=[s3_arn("${DataCaptureLocation}/*")]
                )
            ],
        )
        acknowledge(
            execution.policy,
            "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<DataCaptureLocation>/*]",
            "SageMaker writes captured data under date-based keys it chooses, below the configured location.",
        )
        model = sagemaker_model(self, "MLOpsSagemakerModel", params=params, conditions=conditions, execution=execution)
        config = endpoint_config(self, params, model, conditions.kms)
        live = endpoint(self, params, config, extras)
        server_error_alarm(self, live, extras.guardrail)
        endpoint_autoscaling(self, params, live)

        api = inference_api(self, inference_function(self, params["BlueprintBucket"], live))

        cdk.CfnOutput(self, "SageMakerModelName", value=model.attr_model_name)
        cdk.CfnOutput(self, "SageMakerEndpointConfigName", value=config.attr_endpoint_config_name)
        cdk.CfnOutput(self, "SageMakerEndpointName", value=live.attr_endpoint_name)
        cdk.CfnOutput(
            self,
            "EndpointDataCaptureLocation",
            value=cdk.Fn.sub("https://s3.console.aws.amazon.com/s3/buckets/${DataCaptureLocation}/"),
            description="Endpoint data capture location (to be used by Model Monitor)",
        )
        cdk.CfnOutput(self, "InferenceApiUrl", value=api.url_for_path("/inference"))

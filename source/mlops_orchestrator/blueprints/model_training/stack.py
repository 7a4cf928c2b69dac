"""TrainingJobStack / HyperparamaterTunningJobStack: a training or tuning job started on every create and update."""

from __future__ import annotations

from typing import Any, Literal

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..training_job.execution import statement
from ..training_job.job_blueprint import READS_BELOW_PREFIX, TrainingJobKind, job_execution, job_with_outputs
from ..training_job.job_function import sagemaker_arn
from ..training_job.notifications import job_state_rule, notifications_topic
from ..workload_support import if_condition, provided, s3_arn
from .runtime_package import TRAINING_LAMBDA

JOB_RESOURCE_TYPE = "Custom::TrainingJob"
TRAINING = TrainingJobKind(
    name="Training",
    package=TRAINING_LAMBDA,
    handler=TRAINING_LAMBDA.handler,
    resource_type=JOB_RESOURCE_TYPE,
    log_group_prefixes=("/aws/sagemaker/TrainingJobs",),
    output_description="Where the job writes its model artifacts",
)
# How cdk-nag names the conditional read of the validation data.
_VALIDATION_READ = (
    '{"Fn::If":["ValidationDataProvided",{"Fn::Sub":"arn:${AWS::Partition}:s3:::${AssetsBucket}/${ValidationData}*"},'
    '{"Ref":"AWS::NoValue"}]}'
)
# (create action, ARN resource type, EventBridge job kind) per job type.
_KINDS = {
    "training": ("sagemaker:CreateTrainingJob", "training-job", "Training"),
    "tuning": ("sagemaker:CreateHyperParameterTuningJob", "hyper-parameter-tuning-job", "HyperParameterTuning"),
}


class ModelTrainingStack(cdk.Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        blueprint: Blueprint,
        job_type: Literal["training", "tuning"],
        **kwargs: Any,
    ) -> None:
        create_action, arn_type, event_kind = _KINDS[job_type]
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-training)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        validation = provided(self, "ValidationDataProvided", params["ValidationData"])
        wrapping = provided(self, "RecordWrappingProvided", params["DataRecordWrapping"])
        compression = provided(self, "CompressionTypeProvided", params["CompressionType"])
        kms = provided(self, "KMSProvided", params["KmsKeyArn"])
        attributes = provided(self, "AttributeNamesProvided", params["AttributeNames"])

        execution = job_execution(
            self,
            TRAINING,
            params,
            kms,
            more_reads=[if_condition(validation, s3_arn("${AssetsBucket}/${ValidationData}*"))],
        )
        acknowledge(execution.policy, f"AwsSolutions-IAM5[Resource::{_VALIDATION_READ}]", READS_BELOW_PREFIX)
        properties: dict[str, Any] = {
            "JobType": job_type,
            "JobName": params["JobName"].value_as_string,
            "AssetsBucket": params["AssetsBucket"].value_as_string,
            "TrainingData": params["TrainingData"].value_as_string,
            "ValidationData": if_condition(validation, params["ValidationData"].value_as_string),
            "JobOutputLocation": params["JobOutputLocation"].value_as_string,
            "S3DataType": params["S3DataType"].value_as_string,
            "DataInputMode": params["DataInputMode"].value_as_string,
            "ContentType": params["ContentType"].value_as_string,
            "DataDistribution": params["DataDistribution"].value_as_string,
            "AttributeNames": if_condition(attributes, params["AttributeNames"].value_as_string),
            "KmsKeyArn": if_condition(kms, params["KmsKeyArn"].value_as_string),
            "ImageUri": params["ImageUri"].value_as_string,
            "InstanceType": params["InstanceType"].value_as_string,
            "InstanceCount": params["JobInstanceCount"].value_as_string,
            "InstanceVolumeSize": params["InstanceVolumeSize"].value_as_string,
            "CompressionType": if_condition(compression, params["CompressionType"].value_as_string),
            "DataRecordWrapping": if_condition(wrapping, params["DataRecordWrapping"].value_as_string),
            "EncryptInterContainerTraffic": params["EncryptInnerTraffic"].value_as_string,
            "MaxRuntimeSeconds": params["MaxRuntimePerJob"].value_as_string,
            "UseSpotInstances": params["UseSpotInstances"].value_as_string,
            "MaxWaitSeconds": params["MaxWaitTimeForSpotInstances"].value_as_string,
            "Hyperparameters": params["AlgoHyperparameteres"].value_as_string,
        }
        if job_type == "tuning":
            properties["TunerConfig"] = params["HyperparametersTunerConfig"].value_as_string
            properties["HyperparameterRanges"] = params["AlgoHyperparameteresRange"].value_as_string
        job_with_outputs(
            self,
            TRAINING,
            params,
            kms,
            execution,
            create_job=statement(
                sid="CreateJob", actions=[create_action], resources=[sagemaker_arn(f"{arn_type}/${{JobName}}")]
            ),
            properties=properties,
        )
        job_state_rule(
            self,
            "JobNotificationRule",
            notifications_topic(self, params["NotificationsSNSTopicArn"]),
            kind=event_kind,
            description="Notify the user when the job completes, fails or stops",
            names=[params["JobName"].value_as_string],
        )
        validation_output = cdk.CfnOutput(
            self,
            "ValidationDataLocation",
            value=cdk.Fn.sub("s3://${AssetsBucket}/${ValidationData}"),
            description="The validation data",
        )
        validation_output.condition = validation

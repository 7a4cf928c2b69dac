"""The create_training_job request, built from the custom resource's properties."""

from __future__ import annotations

import json
from typing import Any

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import s3_uri

from .properties import TrainingProperties


def _hyperparameter_text(value: Any) -> str:
    """SageMaker takes every hyperparameter as a string; JSON values keep their JSON spelling (true, 0.5)."""
    return value if isinstance(value, str) else json.dumps(value)


def hyperparameters(job: TrainingProperties) -> dict[str, str]:
    return {str(name): _hyperparameter_text(value) for name, value in job.hyperparameters.items()}


def _channel(job: TrainingProperties, name: str, data_key: str) -> dict[str, Any]:
    source: dict[str, Any] = {
        "S3DataType": job.s3_data_type,
        "S3Uri": s3_uri(job.assets_bucket, data_key),
        "S3DataDistributionType": job.data_distribution,
    }
    if job.attribute_names is not None:
        source["AttributeNames"] = [str(attribute) for attribute in job.attribute_names]
    channel: dict[str, Any] = {
        "ChannelName": name,
        "DataSource": {"S3DataSource": source},
        "ContentType": job.content_type,
        "InputMode": job.data_input_mode,
    }
    if job.compression_type:
        channel["CompressionType"] = job.compression_type
    if job.data_record_wrapping:
        channel["RecordWrapperType"] = job.data_record_wrapping
    return channel


def job_definition(job: TrainingProperties) -> dict[str, Any]:
    """Everything a training job and a tuning job's training definition share (no name, no hyperparameters)."""
    channels = [_channel(job, "train", job.training_data)]
    if job.validation_data:
        channels.append(_channel(job, "validation", job.validation_data))
    output: dict[str, Any] = {"S3OutputPath": job.output_path}
    resources: dict[str, Any] = {
        "InstanceType": job.instance_type,
        "InstanceCount": job.instance_count,
        "VolumeSizeInGB": job.instance_volume_size,
    }
    if job.kms_key_arn:
        output["KmsKeyId"] = job.kms_key_arn
        resources["VolumeKmsKeyId"] = job.kms_key_arn
    stopping: dict[str, Any] = {"MaxRuntimeInSeconds": job.max_runtime_seconds}
    definition: dict[str, Any] = {
        "AlgorithmSpecification": {"TrainingImage": job.image_uri, "TrainingInputMode": job.data_input_mode},
        "RoleArn": job.role_arn,
        "InputDataConfig": channels,
        "OutputDataConfig": output,
        "ResourceConfig": resources,
        "StoppingCondition": stopping,
        "EnableInterContainerTrafficEncryption": job.encrypt_inter_container_traffic,
        "EnableManagedSpotTraining": job.use_spot_instances,
    }
    if job.use_spot_instances:
        stopping["MaxWaitTimeInSeconds"] = job.max_wait_seconds
        # Spot jobs resume from checkpoints after an interruption.
        definition["CheckpointConfig"] = {"S3Uri": f"{job.output_path}/{job.job_name}/checkpoint"}
    return definition


def training_job_request(job: TrainingProperties) -> dict[str, Any]:
    return {"TrainingJobName": job.job_name, "HyperParameters": hyperparameters(job), **job_definition(job)}

"""The create_training_job request, built from the custom resource's properties."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .properties import InvalidProperties, flag, json_value, required, s3_uri, text, whole

_MAX_INSTANCES = 100
_MAX_VOLUME_GB = 16384
_MAX_SECONDS = 259200


def _hyperparameter_text(value: Any) -> str:
    """SageMaker takes every hyperparameter as a string; JSON values keep their JSON spelling (true, 0.5)."""
    return value if isinstance(value, str) else json.dumps(value)


def hyperparameters(properties: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, Any] = json_value(properties, "Hyperparameters", dict)
    return {str(name): _hyperparameter_text(value) for name, value in values.items()}


def _channel(properties: Mapping[str, Any], name: str, data_key: str) -> dict[str, Any]:
    source: dict[str, Any] = {
        "S3DataType": required(properties, "S3DataType"),
        "S3Uri": s3_uri(required(properties, "AssetsBucket"), required(properties, data_key)),
        "S3DataDistributionType": required(properties, "DataDistribution"),
    }
    attribute_names = text(properties, "AttributeNames")
    if attribute_names:
        names = json_value(properties, "AttributeNames", list)
        source["AttributeNames"] = [str(attribute) for attribute in names]
    channel: dict[str, Any] = {
        "ChannelName": name,
        "DataSource": {"S3DataSource": source},
        "ContentType": required(properties, "ContentType"),
        "InputMode": required(properties, "DataInputMode"),
    }
    if text(properties, "CompressionType"):
        channel["CompressionType"] = text(properties, "CompressionType")
    if text(properties, "DataRecordWrapping"):
        channel["RecordWrapperType"] = text(properties, "DataRecordWrapping")
    return channel


def output_path(properties: Mapping[str, Any]) -> str:
    return s3_uri(required(properties, "AssetsBucket"), required(properties, "JobOutputLocation"))


def job_definition(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a training job and a tuning job's training definition share (no name, no hyperparameters)."""
    kms_key = text(properties, "KmsKeyArn")
    spot = flag(properties, "UseSpotInstances")
    max_runtime = whole(properties, "MaxRuntimeSeconds", 1, _MAX_SECONDS)
    channels = [_channel(properties, "train", "TrainingData")]
    if text(properties, "ValidationData"):
        channels.append(_channel(properties, "validation", "ValidationData"))
    output: dict[str, Any] = {"S3OutputPath": output_path(properties)}
    resources: dict[str, Any] = {
        "InstanceType": required(properties, "InstanceType"),
        "InstanceCount": whole(properties, "InstanceCount", 1, _MAX_INSTANCES),
        "VolumeSizeInGB": whole(properties, "InstanceVolumeSize", 1, _MAX_VOLUME_GB),
    }
    if kms_key:
        output["KmsKeyId"] = kms_key
        resources["VolumeKmsKeyId"] = kms_key
    stopping: dict[str, Any] = {"MaxRuntimeInSeconds": max_runtime}
    definition: dict[str, Any] = {
        "AlgorithmSpecification": {
            "TrainingImage": required(properties, "ImageUri"),
            "TrainingInputMode": required(properties, "DataInputMode"),
        },
        "RoleArn": required(properties, "RoleArn"),
        "InputDataConfig": channels,
        "OutputDataConfig": output,
        "ResourceConfig": resources,
        "StoppingCondition": stopping,
        "EnableInterContainerTrafficEncryption": flag(properties, "EncryptInterContainerTraffic"),
        "EnableManagedSpotTraining": spot,
    }
    if spot:
        max_wait = whole(properties, "MaxWaitSeconds", 1, _MAX_SECONDS)
        if max_wait < max_runtime:
            raise InvalidProperties(f"MaxWaitSeconds ({max_wait}) must be at least MaxRuntimeSeconds ({max_runtime})")
        stopping["MaxWaitTimeInSeconds"] = max_wait
        # Spot jobs resume from checkpoints after an interruption.
        job = required(properties, "JobName")
        definition["CheckpointConfig"] = {"S3Uri": f"{output['S3OutputPath']}/{job}/checkpoint"}
    return definition


def training_job_request(properties: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "TrainingJobName": required(properties, "JobName"),
        "HyperParameters": hyperparameters(properties),
        **job_definition(properties),
    }

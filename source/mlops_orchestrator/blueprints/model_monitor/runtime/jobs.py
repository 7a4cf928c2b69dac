"""The create_processing_job requests that the SageMaker SDK's `suggest_baseline` would send, built with boto3 only."""

from __future__ import annotations

import json
from typing import Any

from .properties import BaselineProperties, ModelQualityProperties

ANALYZER_INPUT = "/opt/ml/processing/input/baseline_dataset_input"
ANALYZER_OUTPUT = "/opt/ml/processing/output"
CLARIFY_CONFIG_INPUT = "/opt/ml/processing/input/config"
CLARIFY_DATA_INPUT = "/opt/ml/processing/input/data"
CLARIFY_OUTPUT = "/opt/ml/processing/output"
MODEL_PACKAGE_TAG = "model-package"
# DatasetFormat.csv(header=True) of the SDK.
CSV_WITH_HEADER = json.dumps({"csv": {"header": True, "output_columns_position": "START"}})


def _s3_input(name: str, uri: str, local_path: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": local_path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def _common(inputs: BaselineProperties, job_name: str, output_name: str, output_path: str) -> dict[str, Any]:
    output_config: dict[str, Any] = {
        "Outputs": [
            {
                "OutputName": output_name,
                "AppManaged": False,
                "S3Output": {"S3Uri": inputs.output_uri, "LocalPath": output_path, "S3UploadMode": "EndOfJob"},
            }
        ]
    }
    cluster: dict[str, Any] = {
        "InstanceCount": inputs.instance_count,
        "InstanceType": inputs.instance_type,
        "VolumeSizeInGB": inputs.instance_volume_size,
    }
    if inputs.kms_key_arn:
        output_config["KmsKeyId"] = inputs.kms_key_arn
        cluster["VolumeKmsKeyId"] = inputs.kms_key_arn
    request: dict[str, Any] = {
        "ProcessingJobName": job_name,
        "ProcessingOutputConfig": output_config,
        "ProcessingResources": {"ClusterConfig": cluster},
        "AppSpecification": {"ImageUri": inputs.image_uri},
        "RoleArn": inputs.role_arn,
    }
    if inputs.max_runtime_seconds is not None:
        request["StoppingCondition"] = {"MaxRuntimeInSeconds": inputs.max_runtime_seconds}
    tags = [{"Key": "stack_name", "Value": inputs.stack_name}] if inputs.stack_name else []
    if inputs.model_package_name:
        # Whose baseline it is, for describe-processing-job and the console.
        tags.append({"Key": MODEL_PACKAGE_TAG, "Value": inputs.model_package_name})
    if tags:
        request["Tags"] = tags
    return request


def analyzer_request(inputs: BaselineProperties, job_name: str) -> dict[str, Any]:
    """Data or model quality: the model-monitor analyzer over the CSV baseline data (header row)."""
    environment = {
        "dataset_format": CSV_WITH_HEADER,
        "dataset_source": ANALYZER_INPUT,
        "output_path": ANALYZER_OUTPUT,
        "publish_cloudwatch_metrics": "Disabled",
    }
    if isinstance(inputs, ModelQualityProperties):
        environment = {"analysis_type": "MODEL_QUALITY", **environment, **inputs.analyzer_settings()}
    request = _common(inputs, job_name, "monitoring_output", ANALYZER_OUTPUT)
    request["ProcessingInputs"] = [_s3_input("baseline_dataset_input", inputs.data_uri, ANALYZER_INPUT)]
    request["Environment"] = environment
    return request


def clarify_request(inputs: BaselineProperties, job_name: str, config_uri: str) -> dict[str, Any]:
    """Bias or explainability: the Clarify container reading `analysis_config.json` and the dataset."""
    request = _common(inputs, job_name, "analysis_result", CLARIFY_OUTPUT)
    # In the SDK's order: the dataset, then the config.
    request["ProcessingInputs"] = [
        _s3_input("dataset", inputs.data_uri, CLARIFY_DATA_INPUT),
        _s3_input("analysis_config", config_uri, CLARIFY_CONFIG_INPUT),
    ]
    return request

"""The create_auto_ml_job_v2 request (tabular), built from the custom resource's properties.

Unlike the original, the data's compression and the KMS key are honoured: the key encrypts the output and
the job's volumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlops_orchestrator.blueprints.model_training.runtime.properties import (
    InvalidProperties,
    flag,
    required,
    s3_uri,
    text,
    whole,
)

_MAX_CANDIDATES = 750
_MAX_RUNTIME_PER_JOB = 259200
_MAX_TOTAL_RUNTIME = 2592000
PROBLEM_TYPES = ("Regression", "BinaryClassification", "MulticlassClassification")
OBJECTIVES = ("Accuracy", "MSE", "F1", "F1macro", "AUC")


def _optional_choice(properties: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = text(properties, key)
    if value and value not in allowed:
        raise InvalidProperties(f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def output_path(properties: Mapping[str, Any]) -> str:
    return s3_uri(required(properties, "AssetsBucket"), required(properties, "JobOutputLocation"))


def autopilot_job_request(properties: Mapping[str, Any]) -> dict[str, Any]:
    kms_key = text(properties, "KmsKeyArn")
    compression = _optional_choice(properties, "CompressionType", ("Gzip",))
    problem_type = _optional_choice(properties, "ProblemType", PROBLEM_TYPES)
    objective = _optional_choice(properties, "JobObjective", OBJECTIVES)
    tabular: dict[str, Any] = {
        "CompletionCriteria": {
            "MaxCandidates": whole(properties, "MaxCandidates", 1, _MAX_CANDIDATES),
            "MaxRuntimePerTrainingJobInSeconds": whole(properties, "MaxRuntimePerJob", 1, _MAX_RUNTIME_PER_JOB),
            "MaxAutoMLJobRuntimeInSeconds": whole(properties, "TotalJobRuntime", 1, _MAX_TOTAL_RUNTIME),
        },
        "GenerateCandidateDefinitionsOnly": flag(properties, "GenerateCandidateDefinitionsOnly"),
        "TargetAttributeName": required(properties, "TargetAttribute"),
    }
    if problem_type:
        tabular["ProblemType"] = problem_type
    security: dict[str, Any] = {
        "EnableInterContainerTrafficEncryption": flag(properties, "EncryptInterContainerTraffic")
    }
    output: dict[str, Any] = {"S3OutputPath": output_path(properties)}
    if kms_key:
        output["KmsKeyId"] = kms_key
        security["VolumeKmsKeyId"] = kms_key
    request: dict[str, Any] = {
        "AutoMLJobName": required(properties, "JobName"),
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": compression or "None",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": s3_uri(required(properties, "AssetsBucket"), required(properties, "TrainingData")),
                    }
                },
            }
        ],
        "OutputDataConfig": output,
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "RoleArn": required(properties, "RoleArn"),
        "SecurityConfig": security,
    }
    if objective:
        request["AutoMLJobObjective"] = {"MetricName": objective}
    return request

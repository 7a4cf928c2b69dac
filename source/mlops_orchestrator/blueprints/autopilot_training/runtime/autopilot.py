"""The create_auto_ml_job_v2 request (tabular), built from the custom resource's properties.

Unlike the original, the data's compression and the KMS key are honoured: the key encrypts the output and
the job's volumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from mlops_orchestrator.blueprints.custom_resource_runtime.properties import (
    Flag,
    ResourceProperties,
    Text,
    one_of,
    s3_uri,
    whole,
)

_MAX_CANDIDATES = 750
_MAX_RUNTIME_PER_JOB = 259200
_MAX_TOTAL_RUNTIME = 2592000
PROBLEM_TYPES = ("Regression", "BinaryClassification", "MulticlassClassification")
OBJECTIVES = ("Accuracy", "MSE", "F1", "F1macro", "AUC")


class AutopilotProperties(ResourceProperties):
    kms_key_arn: Text = ""
    compression_type: Annotated[str, one_of("Gzip")] = ""
    problem_type: Annotated[str, one_of(*PROBLEM_TYPES)] = ""
    job_objective: Annotated[str, one_of(*OBJECTIVES)] = ""
    max_candidates: Annotated[int, whole(1, _MAX_CANDIDATES)]
    max_runtime_per_job: Annotated[int, whole(1, _MAX_RUNTIME_PER_JOB)]
    total_job_runtime: Annotated[int, whole(1, _MAX_TOTAL_RUNTIME)]
    generate_candidate_definitions_only: Flag
    target_attribute: Text
    encrypt_inter_container_traffic: Flag
    assets_bucket: Text
    job_output_location: Text
    job_name: Text
    training_data: Text
    role_arn: Text


def autopilot_job_request(properties: Mapping[str, Any]) -> dict[str, Any]:
    job = AutopilotProperties.read(properties)
    tabular: dict[str, Any] = {
        "CompletionCriteria": {
            "MaxCandidates": job.max_candidates,
            "MaxRuntimePerTrainingJobInSeconds": job.max_runtime_per_job,
            "MaxAutoMLJobRuntimeInSeconds": job.total_job_runtime,
        },
        "GenerateCandidateDefinitionsOnly": job.generate_candidate_definitions_only,
        "TargetAttributeName": job.target_attribute,
    }
    if job.problem_type:
        tabular["ProblemType"] = job.problem_type
    security: dict[str, Any] = {"EnableInterContainerTrafficEncryption": job.encrypt_inter_container_traffic}
    output: dict[str, Any] = {"S3OutputPath": s3_uri(job.assets_bucket, job.job_output_location)}
    if job.kms_key_arn:
        output["KmsKeyId"] = job.kms_key_arn
        security["VolumeKmsKeyId"] = job.kms_key_arn
    request: dict[str, Any] = {
        "AutoMLJobName": job.job_name,
        "AutoMLJobInputDataConfig": [
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "CompressionType": job.compression_type or "None",
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": s3_uri(job.assets_bucket, job.training_data)}
                },
            }
        ],
        "OutputDataConfig": output,
        "AutoMLProblemTypeConfig": {"TabularJobConfig": tabular},
        "RoleArn": job.role_arn,
        "SecurityConfig": security,
    }
    if job.job_objective:
        request["AutoMLJobObjective"] = {"MetricName": job.job_objective}
    return request

"""Auto-discovery that the SageMaker SDK did from a model name or a training job name, with boto3 only."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from .errors import card_error


def model_overview(sagemaker: Any, model_name: str) -> dict[str, Any]:
    """What ModelOverview.from_model_name fills in: the model's ARN, container images and artifacts."""
    try:
        model = sagemaker.describe_model(ModelName=model_name)
    except ClientError as error:
        raise card_error("DescribeModel", error, f"Model {model_name} does not exist.") from error
    containers = [model["PrimaryContainer"]] if "PrimaryContainer" in model else model.get("Containers", [])
    overview: dict[str, Any] = {
        "model_name": model_name,
        "model_id": model["ModelArn"],
        "inference_environment": {"container_image": [c["Image"] for c in containers if "Image" in c]},
    }
    artifacts = [c["ModelDataUrl"] for c in containers if "ModelDataUrl" in c]
    if artifacts:
        overview["model_artifact"] = artifacts
    return overview


def training_job_details(sagemaker: Any, job_name: str) -> dict[str, Any]:
    """What TrainingDetails.from_training_job_name fills in: the job's ARN, image and final metrics."""
    try:
        job = sagemaker.describe_training_job(TrainingJobName=job_name)
    except ClientError as error:
        raise card_error("DescribeTrainingJob", error, f"Training job {job_name} does not exist.") from error
    details: dict[str, Any] = {"training_arn": job["TrainingJobArn"]}
    image = job.get("AlgorithmSpecification", {}).get("TrainingImage")
    if image:
        details["training_environment"] = {"container_image": [image]}
    metrics = [{"name": m["MetricName"], "value": m["Value"]} for m in job.get("FinalMetricDataList", [])]
    if metrics:
        details["training_metrics"] = metrics
    return details

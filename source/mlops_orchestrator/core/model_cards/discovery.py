"""Auto-discovery that the SageMaker SDK did from a model name or a training job name, with boto3 only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from ..errors import FieldProblem, RequestValidationError
from .errors import card_error

if TYPE_CHECKING:
    from types_boto3_sagemaker import SageMakerClient
    from types_boto3_sagemaker.type_defs import (
        ContainerDefinitionOutputTypeDef,
        DescribeModelOutputTypeDef,
        DescribeTrainingJobResponseTypeDef,
        TrainingJobTypeDef,
    )

# Enough to name the jobs when several share the artifact; one is the only answer that is used.
SEARCH_LIMIT = 10


def model_overview(sagemaker: SageMakerClient, model_name: str) -> dict[str, object]:
    """What ModelOverview.from_model_name fills in: the model's ARN, container images and artifacts."""
    model = _describe_model(sagemaker, model_name)
    containers = _containers(model)
    overview: dict[str, object] = {
        "model_name": model_name,
        "model_id": model["ModelArn"],
        "inference_environment": {"container_image": [c["Image"] for c in containers if "Image" in c]},
    }
    artifacts = [c["ModelDataUrl"] for c in containers if "ModelDataUrl" in c]
    if artifacts:
        overview["model_artifact"] = artifacts
    return overview


def training_job_details(sagemaker: SageMakerClient, job_name: str) -> dict[str, object]:
    """What TrainingDetails.from_training_job_name fills in: the job's ARN, image and final metrics."""
    try:
        job = sagemaker.describe_training_job(TrainingJobName=job_name)
    except ClientError as error:
        raise card_error("DescribeTrainingJob", error, f"Training job {job_name} does not exist.") from error
    return _details(job)


def training_details_of_model(sagemaker: SageMakerClient, model_name: str) -> dict[str, object]:
    """What TrainingDetails.from_model_s3_artifacts fills in: the details of the one job that made the model."""
    artifacts = list(dict.fromkeys(_artifacts(_containers(_describe_model(sagemaker, model_name)))))
    if not artifacts:
        raise _no_single_job(f"model {model_name} has no model artifact (ModelDataUrl) to find its training job by")
    jobs: dict[str, TrainingJobTypeDef] = {}
    for artifact in artifacts:
        for job in _jobs_that_wrote(sagemaker, artifact):
            jobs.setdefault(job["TrainingJobName"], job)
    if not jobs:
        raise _no_single_job(
            f"no training job wrote the artifact of model {model_name} ({', '.join(artifacts)}): "
            "name the job with training_job_name, or give training_job_details"
        )
    if len(jobs) > 1:
        raise _no_single_job(
            f"several training jobs wrote the artifact of model {model_name} ({', '.join(sorted(jobs))}): "
            "name the one to use with training_job_name"
        )
    (job,) = jobs.values()
    return _details(job)


def _describe_model(sagemaker: SageMakerClient, model_name: str) -> DescribeModelOutputTypeDef:
    try:
        model = sagemaker.describe_model(ModelName=model_name)
    except ClientError as error:
        raise card_error("DescribeModel", error, f"Model {model_name} does not exist.") from error
    return model


def _containers(model: DescribeModelOutputTypeDef) -> list[ContainerDefinitionOutputTypeDef]:
    return [model["PrimaryContainer"]] if "PrimaryContainer" in model else model.get("Containers", [])


def _artifacts(containers: list[ContainerDefinitionOutputTypeDef]) -> list[str]:
    # A model made from a training job points at the job's model.tar.gz, by ModelDataUrl or (uncompressed
    # models) by ModelDataSource.
    found = []
    for container in containers:
        if "ModelDataUrl" in container:
            found.append(container["ModelDataUrl"])
        uri = container.get("ModelDataSource", {}).get("S3DataSource", {}).get("S3Uri")
        if uri:
            found.append(uri)
    return found


def _jobs_that_wrote(sagemaker: SageMakerClient, artifact: str) -> list[TrainingJobTypeDef]:
    try:
        response = sagemaker.search(
            Resource="TrainingJob",
            SearchExpression={
                "Filters": [{"Name": "ModelArtifacts.S3ModelArtifacts", "Operator": "Equals", "Value": artifact}]
            },
            MaxResults=SEARCH_LIMIT,
        )
    except ClientError as error:
        raise card_error("Search", error, f"SageMaker search for {artifact} found nothing.") from error
    return [result["TrainingJob"] for result in response.get("Results", []) if "TrainingJob" in result]


def _details(job: DescribeTrainingJobResponseTypeDef | TrainingJobTypeDef) -> dict[str, object]:
    details: dict[str, object] = {"training_arn": job["TrainingJobArn"]}
    image = job.get("AlgorithmSpecification", {}).get("TrainingImage")
    if image:
        details["training_environment"] = {"container_image": [image]}
    metrics = [{"name": m["MetricName"], "value": m["Value"]} for m in job.get("FinalMetricDataList", [])]
    if metrics:
        details["training_metrics"] = metrics
    return details


def _no_single_job(message: str) -> RequestValidationError:
    return RequestValidationError([FieldProblem("training_details.model_name", message)])

"""The request models of the four model-monitor pipelines: what each key means and accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ..fields import AssetKey, Attribute, JsonObject, ModelPackageArn, ModelPackageGroupName, NamePart
from ..naming import PIPELINE_STACK_PREFIX
from ..stages import (
    StagedCron,
    StagedEndpointName,
    StagedKmsKeyArn,
    StagedMonitorRuntime,
    StagedProcessingRuntime,
    StagedS3Location,
    StagedVolumeSize,
    staged_instance_type,
)
from .declaration import PipelineRequest
from .package_following import OnReject, as_sent, deploy_on_approval_field, on_reject_field

if TYPE_CHECKING:
    from ..stages import StagedInstanceType as ProcessingInstance
else:
    # Baseline and monitoring jobs are processing jobs: this is the API shape their instance types come from.
    ProcessingInstance = staged_instance_type("ProcessingInstanceType", "processing jobs (baselines and monitoring)")


def _bias_config(value: dict[str, Any]) -> dict[str, Any]:
    missing = [key for key in ("label_values_or_threshold", "facet_name") if key not in value]
    if missing:
        raise PydanticCustomError(
            "bias_config",
            "must include {missing} (SageMaker Clarify's BiasConfig needs them)",
            {"missing": ", ".join(missing)},
        )
    return value


class MonitorRequest(PipelineRequest):
    model_name: NamePart = Field(
        description=f"Names the stacks (`{PIPELINE_STACK_PREFIX}-{{model_name}}-…`); lowercased in stack names, which "
        "CloudFormation limits to 128 characters (so its limit depends on the pipeline type).",
        examples=["churn-xgboost"],
    )
    endpoint_name: StagedEndpointName = Field(
        description="The existing SageMaker endpoint to monitor (it must capture data); it also names the baseline "
        "job and the monitoring schedule.",
        examples=["churn-endpoint"],
    )
    baseline_data: AssetKey = Field(
        description="Object key of the baseline dataset (CSV with a header) in the assets bucket.",
        examples=["baselines/churn/training-data-with-header.csv"],
    )
    baseline_job_output_location: StagedS3Location = Field(
        description="`bucket/prefix` for the baseline job's statistics and constraints.",
        examples=["my-bucket/baselines/churn"],
    )
    data_capture_location: StagedS3Location = Field(
        description="`bucket/prefix` where the monitored endpoint captures requests and responses.",
        examples=["my-bucket/datacapture/churn"],
    )
    monitoring_output_location: StagedS3Location = Field(
        description="`bucket/prefix` where the monitoring schedule writes its reports.",
        examples=["my-bucket/monitoring/churn"],
    )
    schedule_expression: StagedCron = Field(
        description="How often monitoring runs: a six-field cron expression such as `cron(0 * ? * * *)`.",
        examples=["cron(0 * ? * * *)"],
    )
    monitor_max_runtime_seconds: StagedMonitorRuntime = Field(
        description="Longest run of one monitoring job, in seconds.", examples=[1800]
    )
    instance_type: ProcessingInstance = Field(
        description="SageMaker instance type of the baseline and monitoring jobs.", examples=["ml.m5.large"]
    )
    instance_volume_size: StagedVolumeSize = Field(
        description="Storage volume of each baseline and monitoring job instance, in GB.", examples=[20]
    )
    baseline_max_runtime_seconds: StagedProcessingRuntime | None = Field(
        None, description="Longest run of the baseline job, in seconds (default: the blueprint's)."
    )
    kms_key_arn: StagedKmsKeyArn | None = Field(
        None,
        description="KMS key that encrypts the baseline and monitoring jobs' storage and outputs; absent means "
        "AWS-managed keys.",
        examples=["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    )
    # Registry mode: the model version the baseline is made for (see package_following).
    model_package_name: ModelPackageArn | None = Field(
        None,
        description="Versioned model package ARN (registry mode only) whose baseline this monitor makes: "
        "the baseline job is named after its version, and Clarify's baselines run against that version rather "
        "than whatever the endpoint serves at the time. Or send `model_package_group_name` to follow a group.",
        examples=["arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1"],
    )
    model_package_group_name: ModelPackageGroupName | None = Field(
        None,
        description="Model package group to follow (registry mode only): the monitor baselines the group's latest "
        "Approved version, found when the request is provisioned, and baselines again for each version approved "
        "later, so the monitor keeps comparing the endpoint with the model it runs.",
        examples=["churn"],
    )
    deploy_on_approval: bool | None = deploy_on_approval_field("baseline")
    on_reject: OnReject | None = on_reject_field("baselined", "baseline")

    def recorded(self) -> dict[str, Any]:
        return as_sent(super().recorded(), self)


# Keys the model quality, bias and explainability monitors share, each described once.
_ProblemType = Annotated[
    str | None, Field(description="The model's problem type; decides which attribute keys are required.")
]
_MonitorInferenceAttribute = Annotated[
    Attribute | None,
    Field(description="Index or JSON path of the prediction in the endpoint's captured output.", examples=["0"]),
]
_MonitorProbabilityAttribute = Annotated[
    Attribute | None,
    Field(description="Index or JSON path of the probability in the endpoint's captured output.", examples=["0"]),
]
_ProbabilityThresholdAttribute = Annotated[
    Attribute | None,
    Field(description="Probability above which a binary prediction counts as the positive label.", examples=["0.5"]),
]
_MonitorGroundTruthInput = Annotated[
    StagedS3Location | None,
    Field(
        description="`bucket/prefix` where you deliver ground-truth labels for captured requests.",
        examples=["my-bucket/groundtruth/churn"],
    ),
]
_FeaturesAttribute = Annotated[
    Attribute | None,
    Field(description="Index or JSON path of the features in the captured input (JSON Lines data)."),
]


class ModelQualityRequest(MonitorRequest):
    problem_type: _ProblemType = None
    baseline_inference_attribute: Attribute | None = Field(
        None, description="Column (index or name) of the model's prediction in the baseline data."
    )
    baseline_probability_attribute: Attribute | None = Field(
        None, description="Column of the predicted probability in the baseline data."
    )
    baseline_ground_truth_attribute: Attribute | None = Field(
        None, description="Column of the ground-truth label in the baseline data."
    )
    monitor_inference_attribute: _MonitorInferenceAttribute = None
    monitor_probability_attribute: _MonitorProbabilityAttribute = None
    probability_threshold_attribute: _ProbabilityThresholdAttribute = None
    monitor_ground_truth_input: _MonitorGroundTruthInput = None


class ModelBiasRequest(MonitorRequest):
    problem_type: _ProblemType = None
    monitor_inference_attribute: _MonitorInferenceAttribute = None
    monitor_probability_attribute: _MonitorProbabilityAttribute = None
    probability_threshold_attribute: _ProbabilityThresholdAttribute = None
    monitor_ground_truth_input: _MonitorGroundTruthInput = None
    bias_config: Annotated[JsonObject, AfterValidator(_bias_config)] | None = Field(
        None,
        description="SageMaker Clarify BiasConfig as a JSON object; needs `label_values_or_threshold` and "
        "`facet_name`.",
        examples=[{"label_values_or_threshold": [1], "facet_name": "Account Length"}],
    )
    model_predicted_label_config: JsonObject | None = Field(
        None,
        description="SageMaker Clarify ModelPredictedLabelConfig as a JSON object.",
        examples=[{"probability_threshold": 0.5}],
    )
    features_attribute: _FeaturesAttribute = None


class ModelExplainabilityRequest(MonitorRequest):
    problem_type: _ProblemType = None
    monitor_inference_attribute: _MonitorInferenceAttribute = None
    monitor_probability_attribute: _MonitorProbabilityAttribute = None
    probability_threshold_attribute: _ProbabilityThresholdAttribute = None
    shap_config: JsonObject | None = Field(
        None,
        description="SageMaker Clarify SHAPConfig as a JSON object (baseline, number of samples, aggregation).",
        examples=[{"baseline": "baselines/churn/shap-baseline.csv", "num_samples": 500, "agg_method": "mean_abs"}],
    )
    model_scores: int | str | list[Any] | dict[str, Any] | None = Field(
        None, description="Index or JSON path of the model's scores in its output, for Clarify.", examples=[0]
    )
    features_attribute: _FeaturesAttribute = None

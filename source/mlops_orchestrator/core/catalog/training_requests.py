"""The request models of the training, tuning and Autopilot pipelines: what each key means and accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt
from pydantic_core import PydanticCustomError

from ..fields import (
    AssetKey,
    AutopilotCandidates,
    AutopilotTotalRuntimeSeconds,
    BoolText,
    InstanceCount,
    JsonObject,
    KmsKeyArn,
    NamePart,
    SageMakerName,
    SpotWaitSeconds,
    Text,
    TrainingRuntimeSeconds,
    VolumeSizeGb,
    api_choice,
    instance_type,
    json_object_text,
)
from ..naming import PIPELINE_STACK_PREFIX
from . import template_parameters as tp
from .declaration import PipelineRequest
from .option_object import OptionObject

if TYPE_CHECKING:
    TrainingInstance = str
    S3DataType = str
    DataDistribution = str
    Compression = str
    InputMode = str
    RecordWrapper = str
    AutopilotProblemType = str
    AutopilotMetric = str
    ObjectiveType = str
    TuningStrategy = str
    EarlyStopping = str
else:
    # Each key names the SageMaker API shape it feeds; the blueprint's parameter says which part of it it takes.
    TrainingInstance = instance_type("TrainingInstanceType", "training and tuning jobs")
    S3DataType = api_choice(
        "S3DataType", "an S3 data type the training blueprint supports", tp.S3_DATA_TYPE.allowed_values
    )
    DataDistribution = api_choice(
        "S3DataDistribution", "a data distribution SageMaker accepts", tp.DATA_DISTRIBUTION.allowed_values
    )
    Compression = api_choice(
        "CompressionType", "a compression the blueprints pass on", tp.COMPRESSION_TYPE.allowed_values
    )
    InputMode = api_choice("TrainingInputMode", "a training input mode", tp.DATA_INPUT_MODE.allowed_values)
    RecordWrapper = api_choice("RecordWrapper", "a record wrapping", tp.DATA_RECORD_WRAPPING.allowed_values)
    AutopilotProblemType = api_choice(
        "ProblemType", "a problem type Autopilot solves", tp.AUTOPILOT_PROBLEM_TYPE.allowed_values
    )
    ObjectiveType = api_choice("HyperParameterTuningJobObjectiveType", "an objective type SageMaker tuning offers")
    TuningStrategy = api_choice("HyperParameterTuningJobStrategyType", "a tuning strategy SageMaker offers")
    EarlyStopping = api_choice("TrainingJobEarlyStoppingType", "an early stopping type SageMaker offers")
    AutopilotMetric = api_choice(
        "AutoMLMetricEnum",
        "an objective metric the Autopilot blueprint supports",
        tp.AUTOPILOT_JOB_OBJECTIVE.allowed_values,
    )
TrainingDataKey = Annotated[AssetKey, Field(max_length=128)]


def _ranges(value: dict[str, Any]) -> dict[str, Any]:
    for name, spec in value.items():
        ok = bool(isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], list) and spec[1])
        kind = spec[0] if ok else None
        if kind in ("continuous", "integer"):
            ok = len(spec[1]) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec[1])
            ok = ok and spec[1][0] <= spec[1][1]
        elif kind != "categorical":
            ok = False
        if not ok:
            raise PydanticCustomError(
                "hyperparameter_range",
                'range of {name} must be ["continuous" or "integer", [min, max]] or ["categorical", [values]]',
                {"name": name},
            )
    return value


def _attribute_names(value: list[str]) -> list[str]:
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return value
    raise PydanticCustomError("attribute_names", "must be a non-empty list of attribute names")


# Keys the training, tuning and Autopilot requests share, each described once.
_ModelName = Annotated[
    NamePart,
    Field(
        description=f"Names the stacks (`{PIPELINE_STACK_PREFIX}-{{model_name}}-…`) and, when `job_name` is absent, the job; "
        "lowercased in stack names, which CloudFormation limits to 128 characters (so its limit depends on the "
        "pipeline type).",
        examples=["churn-xgboost"],
    ),
]
_TrainingData = Annotated[
    TrainingDataKey,
    Field(
        description="Object key (or prefix) of the training data in the assets bucket.",
        examples=["training/churn/train.csv"],
    ),
]
_JobOutputLocation = Annotated[
    TrainingDataKey,
    Field(
        description="Prefix in the assets bucket where the job writes the model artifacts.",
        examples=["training/churn/output"],
    ),
]
_JobName = Annotated[
    SageMakerName | None,
    Field(
        description="Name of the SageMaker job (default: `{model_name}-{kind}-{random}`, within SageMaker's limits: "
        "63 characters for training jobs, 32 for tuning and Autopilot jobs)."
    ),
]
_CompressionType = Annotated[Compression | None, Field(description="Compression of the input data (default none).")]
_EncryptInnerTraffic = Annotated[
    BoolText | None, Field(description="Encrypt traffic between training instances (default true).")
]
_MaxRuntimePerJob = Annotated[
    TrainingRuntimeSeconds | None,
    Field(description="Longest run of one training job, in seconds (default 86400)."),
]
_KmsKey = Annotated[
    KmsKeyArn | None,
    Field(
        description="KMS key that encrypts the job's storage and outputs; absent means AWS-managed keys.",
        examples=["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
    ),
]


class TrainingRequest(PipelineRequest):
    model_name: _ModelName
    training_data: _TrainingData
    job_output_location: _JobOutputLocation
    model_framework: Text = Field(
        description="Built-in algorithm whose SageMaker image trains the model, for example `xgboost`.",
        examples=["xgboost"],
    )
    model_framework_version: Text = Field(
        description="Version of `model_framework`, for example `1.7-1`.", examples=["1.7-1"]
    )
    algo_hyperparamaters: JsonObject = Field(  # sic: the original's request key
        description="The algorithm's hyperparameters as a JSON object (the key keeps the original's spelling).",
        examples=[{"objective": "binary:logistic", "num_round": 100}],
    )
    job_name: _JobName = None
    instance_type: TrainingInstance | None = Field(
        None,
        description="SageMaker instance type of the training jobs (default ml.m4.xlarge).",
        examples=["ml.m5.xlarge"],
    )
    instance_count: InstanceCount | None = Field(None, description="Number of training instances (default 1).")
    instance_volume_size: VolumeSizeGb | None = Field(
        None, description="Storage volume of each training instance, in GB (default 20)."
    )
    validation_data: TrainingDataKey | None = Field(
        None,
        description="Object key (or prefix) of the validation data in the assets bucket.",
        examples=["training/churn/validation.csv"],
    )
    encrypt_inner_traffic: _EncryptInnerTraffic = None
    max_runtime_per_job: _MaxRuntimePerJob = None
    use_spot_instances: BoolText | None = Field(None, description="Train on managed spot instances (default true).")
    max_wait_time_spot_instances: SpotWaitSeconds | None = Field(
        None,
        description="Longest wait for spot capacity plus training, in seconds (default 172800); at least "
        "`max_runtime_per_job` when spot instances are used.",
    )
    content_type: Annotated[Text, Field(max_length=256)] | None = Field(
        None, description="MIME type of the training data (default csv).", examples=["text/csv"]
    )
    s3_data_type: S3DataType | None = Field(
        None,
        description="How `training_data` is read: a prefix, a manifest or an augmented manifest (default S3Prefix).",
    )
    data_distribution: DataDistribution | None = Field(
        None, description="How data is spread over instances (default FullyReplicated)."
    )
    compression_type: _CompressionType = None
    data_input_mode: InputMode | None = Field(
        None, description="How the algorithm reads data: File, Pipe or FastFile (default File)."
    )
    data_record_wrapping: RecordWrapper | None = Field(
        None, description="Record wrapping of the input (RecordIO), or none (default)."
    )
    attribute_names: Annotated[list[str], AfterValidator(_attribute_names)] | None = Field(
        None,
        description="Attribute names to read from an augmented manifest.",
        examples=[["source-ref", "class"]],
    )
    kms_key_arn: _KmsKey = None


# SageMaker's limits on a tuning job's metric names and regexes (MetricName, MetricRegex).
_MetricName = Annotated[str, Field(min_length=1, max_length=255)]
_MetricRegex = Annotated[str, Field(min_length=1, max_length=500)]
_AtLeastOne = Annotated[StrictInt, Field(ge=1)]


class MetricDefinition(OptionObject):
    """A metric the algorithm writes to its logs, found by a regular expression."""

    Name: _MetricName = Field(description="The metric's name, as the objective refers to it.")
    Regex: _MetricRegex = Field(description="Regular expression whose first group is the metric's value in the logs.")


class TunerConfig(OptionObject):
    """The tuning job's settings, with the keys of the SageMaker Python SDK's HyperparameterTuner (as the original)."""

    objective_metric_name: _MetricName = Field(
        description="The metric the tuning job optimises, for example `validation:auc`."
    )
    objective_type: ObjectiveType | None = Field(
        None, description="Maximize or Minimize the metric (default Maximize)."
    )
    max_jobs: _AtLeastOne | None = Field(None, description="Most training jobs the tuning job runs (default 1).")
    max_parallel_jobs: _AtLeastOne | None = Field(None, description="Most training jobs at the same time (default 1).")
    strategy: TuningStrategy | None = Field(
        None, description="How hyperparameter values are chosen (default Bayesian)."
    )
    early_stopping_type: EarlyStopping | None = Field(
        None, description="Whether SageMaker stops training jobs that do not improve (default Off)."
    )
    metric_definitions: list[MetricDefinition] | None = Field(
        None, description="Metrics of a custom algorithm, found in its logs by regular expression."
    )


class TunerRequest(TrainingRequest):
    tuner_configs: Annotated[TunerConfig, BeforeValidator(json_object_text)] | None = Field(
        None,
        description="Tuning job settings: objective metric and type, maximum jobs and parallel jobs, strategy, early "
        "stopping, metric definitions.",
        examples=[
            {
                "objective_metric_name": "validation:auc",
                "objective_type": "Maximize",
                "max_jobs": 10,
                "max_parallel_jobs": 2,
            }
        ],
    )
    hyperparamaters_ranges: Annotated[JsonObject, AfterValidator(_ranges)] | None = Field(  # sic
        None,
        description='Hyperparameter ranges: `{"name": ["continuous" or "integer", [min, max]]}` or '
        '`["categorical", [values]]` (the key keeps the original\'s spelling).',
        examples=[{"eta": ["continuous", [0.1, 0.5]], "max_depth": ["integer", [3, 10]]}],
    )


class AutopilotRequest(PipelineRequest):
    model_name: _ModelName
    training_data: _TrainingData
    job_output_location: _JobOutputLocation
    target_attribute: Annotated[Text, Field(max_length=128)] = Field(
        description="Column of the training data that Autopilot learns to predict.", examples=["Churn?"]
    )
    job_name: _JobName = None
    problem_type: AutopilotProblemType | None = Field(
        None, description="The problem Autopilot solves (default: detected by Autopilot)."
    )
    job_objective: AutopilotMetric | None = Field(
        None, description="Metric Autopilot optimises (default: chosen by Autopilot for the problem type)."
    )
    compression_type: _CompressionType = None
    job_max_candidates: AutopilotCandidates | None = Field(
        None, description="Most candidate models Autopilot trains (default 10)."
    )
    encrypt_inner_traffic: _EncryptInnerTraffic = None
    max_runtime_per_job: _MaxRuntimePerJob = None
    total_max_runtime: AutopilotTotalRuntimeSeconds | None = Field(
        None, description="Longest run of the whole Autopilot job, in seconds (default 2592000)."
    )
    generate_definition_only: BoolText | None = Field(  # sic: the original's request key
        None, description="Only generate the candidate notebooks, train nothing (default false; sic)."
    )
    kms_key_arn: _KmsKey = None

"""The request models of the training, tuning and Autopilot pipelines: what each key means and accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field
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
    instance_type,
)
from ..naming import PIPELINE_STACK_PREFIX
from .declaration import PipelineRequest

if TYPE_CHECKING:
    TrainingInstance = str
else:
    # Training and tuning jobs both take their instance types from this API shape.
    TrainingInstance = instance_type("TrainingInstanceType", "training and tuning jobs")
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
_CompressionType = Annotated[Literal["Gzip"] | None, Field(description="Compression of the input data (default none).")]
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
    s3_data_type: Literal["S3Prefix", "ManifestFile", "AugmentedManifestFile"] | None = Field(
        None,
        description="How `training_data` is read: a prefix, a manifest or an augmented manifest (default S3Prefix).",
    )
    data_distribution: Literal["FullyReplicated", "ShardedByS3Key"] | None = Field(
        None, description="How data is spread over instances (default FullyReplicated)."
    )
    compression_type: _CompressionType = None
    data_input_mode: Literal["File", "Pipe", "FastFile"] | None = Field(
        None, description="How the algorithm reads data: File, Pipe or FastFile (default File)."
    )
    data_record_wrapping: Literal["RecordIO"] | None = Field(
        None, description="Record wrapping of the input (RecordIO), or none (default)."
    )
    attribute_names: Annotated[list[str], AfterValidator(_attribute_names)] | None = Field(
        None,
        description="Attribute names to read from an augmented manifest.",
        examples=[["source-ref", "class"]],
    )
    kms_key_arn: _KmsKey = None


class TunerRequest(TrainingRequest):
    tuner_configs: JsonObject | None = Field(
        None,
        description="Tuning job settings as a JSON object: objective metric and type, maximum jobs and parallel jobs.",
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
    problem_type: Literal["Regression", "BinaryClassification", "MulticlassClassification"] | None = Field(
        None, description="The problem Autopilot solves (default: detected by Autopilot)."
    )
    job_objective: Literal["Accuracy", "MSE", "F1", "F1macro", "AUC"] | None = Field(
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

"""Every blueprint template: its file name (the contract with existing users) and its parameters."""

from __future__ import annotations

from . import option_parameters as o
from . import template_parameters as p
from .declaration import Blueprint, TemplateParameter

_MODEL = (
    p.CUSTOM_ECR_REPO_ARN,
    p.KMS_KEY_ARN,
    p.IMAGE_URI,
    p.MODEL_NAME,
    p.MODEL_ARTIFACT_LOCATION,
)

REALTIME = Blueprint(
    "byom_realtime_inference_pipeline.yaml",
    "Deploys a model to a SageMaker real-time endpoint with data capture and an inference API.",
    (
        p.ASSETS_BUCKET,
        p.BLUEPRINT_BUCKET,
        *_MODEL,
        p.DATA_CAPTURE_LOCATION,
        p.INFERENCE_INSTANCE,
        p.MODEL_PACKAGE_GROUP_NAME,
        p.MODEL_PACKAGE_NAME,
        p.ENDPOINT_NAME_OPTIONAL,
        # Beyond the original: optional, with defaults that keep the original's endpoint.
        o.INITIAL_INSTANCE_COUNT,
        o.DATA_CAPTURE_SAMPLING_PERCENTAGE,
        o.AUTOSCALING_MIN_CAPACITY,
        o.AUTOSCALING_MAX_CAPACITY,
        o.AUTOSCALING_TARGET_INVOCATIONS,
        o.DEPLOYMENT_STRATEGY,
        o.TRAFFIC_SHIFT_SIZE_TYPE,
        o.TRAFFIC_SHIFT_SIZE,
        o.TRAFFIC_SHIFT_WAIT_SECONDS,
        o.TERMINATION_WAIT_SECONDS,
        o.ROLLBACK_ALARM_NAME,
        p.PERMISSIONS_BOUNDARY_ARN,
    ),
)

BATCH = Blueprint(
    "byom_batch_pipeline.yaml",
    "Runs a SageMaker batch transform job for a model.",
    (
        p.BLUEPRINT_BUCKET,
        p.ASSETS_BUCKET,
        *_MODEL,
        p.INFERENCE_INSTANCE,
        p.BATCH_INPUT_BUCKET,
        p.BATCH_INFERENCE_DATA,
        p.BATCH_OUTPUT_LOCATION,
        p.MODEL_PACKAGE_GROUP_NAME,
        p.MODEL_PACKAGE_NAME,
        # Beyond the original: optional, with defaults that keep the original's job (one instance, CSV).
        p.JOB_INSTANCE_COUNT,
        o.BATCH_CONTENT_TYPE,
        p.PERMISSIONS_BOUNDARY_ARN,
    ),
)

_MONITOR_COMMON: tuple[TemplateParameter, ...] = (
    p.BLUEPRINT_BUCKET,
    p.ASSETS_BUCKET,
    p.ENDPOINT_NAME_REQUIRED,
    p.BASELINE_JOB_OUTPUT_LOCATION,
    p.BASELINE_DATA,
    p.INSTANCE_TYPE,
    p.JOB_INSTANCE_COUNT,
    p.INSTANCE_VOLUME_SIZE,
    p.BASELINE_MAX_RUNTIME_SECONDS,
    p.MONITOR_MAX_RUNTIME_SECONDS,
    p.KMS_KEY_ARN,
    p.BASELINE_JOB_NAME,
    p.MONITORING_SCHEDULE_NAME,
    p.DATA_CAPTURE_BUCKET,
    p.BASELINE_OUTPUT_BUCKET,
    p.DATA_CAPTURE_LOCATION,
    p.MONITORING_OUTPUT_LOCATION,
    p.SCHEDULE_EXPRESSION,
    p.IMAGE_URI,
)


def _monitor(file_name: str, description: str, runtime_default: str, *extra: TemplateParameter) -> Blueprint:
    common = tuple(
        param.with_default(runtime_default) if param is p.MONITOR_MAX_RUNTIME_SECONDS else param
        for param in _MONITOR_COMMON
    )
    return Blueprint(file_name, description, (*common, *extra, _BASELINED_PACKAGE, p.PERMISSIONS_BOUNDARY_ARN))


# Beyond the original: left out of the params file unless the request names a version or follows a group.
_BASELINED_PACKAGE = p.MODEL_PACKAGE_NAME.with_default(
    "", "ARN of the versioned model package the baseline is made for (registry mode); empty: the endpoint's model."
)


DATA_QUALITY_MONITOR = _monitor(
    "byom_data_quality_monitor.yaml", "Baselines and monitors the data quality of an endpoint.", "3600"
)
MODEL_QUALITY_MONITOR = _monitor(
    "byom_model_quality_monitor.yaml",
    "Baselines and monitors the model quality of an endpoint against ground truth.",
    "1800",
    p.BASELINE_INFERENCE_ATTRIBUTE,
    p.BASELINE_PROBABILITY_ATTRIBUTE,
    p.BASELINE_GROUND_TRUTH_ATTRIBUTE,
    p.MONITOR_INFERENCE_ATTRIBUTE,
    p.MONITOR_PROBABILITY_ATTRIBUTE,
    p.GROUND_TRUTH_BUCKET,
    p.MONITOR_GROUND_TRUTH_INPUT,
    p.MONITOR_PROBLEM_TYPE,
    p.PROBABILITY_THRESHOLD_ATTRIBUTE,
)
MODEL_BIAS_MONITOR = _monitor(
    "byom_model_bias_monitor.yaml",
    "Baselines and monitors the bias of an endpoint's predictions with SageMaker Clarify.",
    "1800",
    p.MONITOR_INFERENCE_ATTRIBUTE,
    p.MONITOR_PROBABILITY_ATTRIBUTE,
    p.GROUND_TRUTH_BUCKET,
    p.MONITOR_GROUND_TRUTH_INPUT,
    p.MONITOR_PROBLEM_TYPE,
    p.PROBABILITY_THRESHOLD_ATTRIBUTE,
    p.BIAS_CONFIG,
    p.MODEL_PREDICTED_LABEL_CONFIG,
    p.FEATURES_ATTRIBUTE,
)
MODEL_EXPLAINABILITY_MONITOR = _monitor(
    "byom_model_explainability_monitor.yaml",
    "Baselines and monitors the feature attributions of an endpoint with SageMaker Clarify.",
    "3600",
    p.MONITOR_INFERENCE_ATTRIBUTE,
    p.MONITOR_PROBABILITY_ATTRIBUTE,
    p.MONITOR_PROBLEM_TYPE,
    p.PROBABILITY_THRESHOLD_ATTRIBUTE,
    p.SHAP_CONFIG,
    p.EXPLAINABILITY_MODEL_SCORES,
    p.FEATURES_ATTRIBUTE,
)

IMAGE_BUILDER = Blueprint(
    "byom_custom_algorithm_image_builder.yaml",
    "Builds a custom algorithm container image and pushes it to ECR.",
    (p.ASSETS_BUCKET, p.CUSTOM_IMAGE, p.ECR_REPO_NAME, p.IMAGE_TAG, p.NOTIFICATIONS_TOPIC_ARN),
)

_TRAINING_COMMON: tuple[TemplateParameter, ...] = (
    p.BLUEPRINT_BUCKET,
    p.ASSETS_BUCKET,
    p.JOB_NAME,
    p.IMAGE_URI,
    p.INSTANCE_TYPE,
    p.JOB_INSTANCE_COUNT,
    p.INSTANCE_VOLUME_SIZE,
    p.JOB_OUTPUT_LOCATION,
    p.KMS_KEY_ARN,
    p.TRAINING_DATA,
    p.VALIDATION_DATA,
    p.ENCRYPT_INNER_TRAFFIC,
    p.MAX_RUNTIME_PER_JOB,
    p.USE_SPOT_INSTANCES,
    p.MAX_WAIT_TIME_FOR_SPOT,
    p.CONTENT_TYPE,
    p.S3_DATA_TYPE,
    p.DATA_DISTRIBUTION,
    p.COMPRESSION_TYPE,
    p.DATA_INPUT_MODE,
    p.DATA_RECORD_WRAPPING,
    p.ATTRIBUTE_NAMES,
    p.ALGO_HYPERPARAMETERS,
    p.NOTIFICATIONS_TOPIC_ARN,
)

TRAINING = Blueprint(
    "model_training_pipeline.yaml",
    "Trains a model with a SageMaker built-in algorithm.",
    (*_TRAINING_COMMON, p.PERMISSIONS_BOUNDARY_ARN),
)
TUNER = Blueprint(
    "model_hyperparameter_tunning_pipeline.yaml",  # sic: the file name is part of the public contract
    "Tunes the hyperparameters of a SageMaker built-in algorithm.",
    (*_TRAINING_COMMON, p.TUNER_CONFIG, p.HYPERPARAMETER_RANGES, p.PERMISSIONS_BOUNDARY_ARN),
)
AUTOPILOT = Blueprint(
    "autopilot_training_pipeline.yaml",
    "Runs a SageMaker Autopilot job.",
    (
        p.BLUEPRINT_BUCKET,
        p.ASSETS_BUCKET,
        p.JOB_NAME,
        p.AUTOPILOT_PROBLEM_TYPE,
        p.AUTOPILOT_JOB_OBJECTIVE,
        p.TRAINING_DATA,
        p.TARGET_ATTRIBUTE,
        p.JOB_OUTPUT_LOCATION,
        p.COMPRESSION_TYPE,
        p.AUTOPILOT_MAX_CANDIDATES,
        p.ENCRYPT_INNER_TRAFFIC,
        p.MAX_RUNTIME_PER_JOB,
        p.AUTOPILOT_TOTAL_RUNTIME,
        p.GENERATE_DEFINITIONS_ONLY,
        p.KMS_KEY_ARN,
        p.NOTIFICATIONS_TOPIC_ARN,
        p.PERMISSIONS_BOUNDARY_ARN,
    ),
)

SINGLE_ACCOUNT_CODEPIPELINE = Blueprint(
    "single_account_codepipeline.yaml",
    "Deploys a blueprint from template.zip into the orchestrator account.",
    (
        p.TEMPLATE_ZIP_FILE_NAME,
        p.TEMPLATE_FILE_NAME,
        p.TEMPLATE_PARAMS_NAME,
        p.ASSETS_BUCKET,
        p.STACK_NAME,
        p.NOTIFICATIONS_TOPIC_ARN,
    ),
)


def _account(name: str, stage: str) -> TemplateParameter:
    return TemplateParameter(name, description=f"AWS account id of the {stage} account.", allowed_pattern=r"^\d{12}$")


def _org_unit(name: str, stage: str) -> TemplateParameter:
    return TemplateParameter(
        name,
        description=f"Organizational unit id of the {stage} account.",
        allowed_pattern=r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$",
    )


MULTI_ACCOUNT_CODEPIPELINE = Blueprint(
    "multi_account_codepipeline.yaml",
    "Promotes a blueprint from template.zip through dev, staging and prod with manual approvals.",
    (
        p.TEMPLATE_ZIP_FILE_NAME,
        p.TEMPLATE_FILE_NAME,
        p.DEV_PARAMS_NAME,
        p.STAGING_PARAMS_NAME,
        p.PROD_PARAMS_NAME,
        p.NOTIFICATIONS_TOPIC_ARN,
        _account("DevAccountId", "development"),
        _org_unit("DevOrgId", "development"),
        _account("StagingAccountId", "staging"),
        _org_unit("StagingOrgId", "staging"),
        _account("ProdAccountId", "production"),
        _org_unit("ProdOrgId", "production"),
        p.BLUEPRINT_BUCKET,
        p.ASSETS_BUCKET,
        p.STACK_NAME,
        p.DELEGATED_ADMIN_ACCOUNT,
    ),
)

"""CloudFormation parameter declarations shared by the blueprints, with the original's names and limits.

Blueprint stacks build their CfnParameters from these, and the contract tests check every generated
parameter file against them, so the orchestrator and the templates cannot drift apart.
"""

from __future__ import annotations

from ..monitoring import PROBLEM_TYPES
from .declaration import TemplateParameter as P

_REGION = r"[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d"
_PARTITION = r"aws(-cn|-us-gov|-iso|-iso-b)?"
_INSTANCE = r"^[a-zA-Z0-9_.+-]+\.[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$"
_YES_NO = ("Yes", "No")
_TRUE_FALSE = ("True", "False")
_JSON_OBJECT = r"^\{(.*:.*)+\}$"


def _bucket(name: str, description: str) -> P:
    return P(name, description=description, min_length=3)


def _location(name: str, description: str) -> P:
    return P(name, description=description, min_length=3)


def _attribute(name: str, description: str) -> P:
    return P(name, description=description, default="")


def number(name: str, description: str, *, low: int, high: int | None = None, default: str) -> P:
    """A whole number from `low` to `high` (no upper bound when None)."""
    return P(name, type="Number", description=description, min_value=low, max_value=high, default=default)


def choice(name: str, description: str, values: tuple[str, ...], *, default: str | None = None) -> P:
    """One of `values`; an empty string among them makes the parameter optional."""
    return P(name, description=description, allowed_values=values, default=default)


BLUEPRINT_BUCKET = _bucket("BlueprintBucket", "Bucket name for blueprints of different types of ML Pipelines.")
ASSETS_BUCKET = _bucket("AssetsBucket", "Bucket name where the model and baseline data are stored.")
DATA_CAPTURE_BUCKET = _bucket("DataCaptureBucket", "Bucket name where the data captured from the endpoint is stored.")
BASELINE_OUTPUT_BUCKET = _bucket("BaselineOutputBucket", "Bucket name where the baseline job output is stored.")
BATCH_INPUT_BUCKET = _bucket("BatchInputBucket", "Bucket name where the batch inference data is stored.")
GROUND_TRUTH_BUCKET = _bucket("GroundTruthBucket", "Bucket name where the ground truth data is stored.")

CUSTOM_ECR_REPO_ARN = P(
    "CustomAlgorithmsECRRepoArn",
    description="The ARN of the ECR repository for custom algorithm images (empty when not used).",
    allowed_pattern=rf"(^arn:{_PARTITION}:ecr:{_REGION}:\d{{12}}:repository/.+|^$)",
    min_length=0,
    max_length=2048,
    default="",
)
KMS_KEY_ARN = P(
    "KmsKeyArn",
    description="ARN of a KMS key used to encrypt data and volumes (empty for AWS-managed keys).",
    allowed_pattern=rf"(^arn:{_PARTITION}:kms:{_REGION}:\d{{12}}:key/.+|^$)",
    min_length=0,
    max_length=2048,
    default="",
)
PERMISSIONS_BOUNDARY_ARN = P(
    "PermissionsBoundaryArn",
    description=(
        "ARN of the permissions boundary every role of the stack carries (the single-account pipeline supplies the "
        "orchestrator's; empty for none)."
    ),
    allowed_pattern=rf"(^arn:{_PARTITION}:iam::\d{{12}}:policy/.+|^$)",
    min_length=0,
    max_length=2048,
    default="",
)
IMAGE_URI = P("ImageUri", description="The container image URI of the algorithm.", default="")
MODEL_NAME = P("ModelName", description="An arbitrary name for the model.", min_length=1)
STACK_NAME = P("StackName", description="The name of the stack the pipeline deploys.", min_length=1)
ENDPOINT_NAME_REQUIRED = P("EndpointName", description="The name of the SageMaker endpoint to monitor.", min_length=1)
ENDPOINT_NAME_OPTIONAL = P(
    "EndpointName",
    description="An optional name for the endpoint (empty lets CloudFormation choose one).",
    min_length=0,
    max_length=63,
    default="",
)
MODEL_ARTIFACT_LOCATION = P(
    "ModelArtifactLocation", description="Path of the model artifact inside the assets bucket.", default=""
)
BATCH_INFERENCE_DATA = P("BatchInferenceData", description="S3 bucket path (bucket/key) of the batch inference data.")
BATCH_OUTPUT_LOCATION = P("BatchOutputLocation", description="S3 path (bucket/prefix) for the batch output.")
BASELINE_DATA = P("BaselineData", description="Path of the baseline data inside the assets bucket.")
DATA_CAPTURE_LOCATION = _location(
    "DataCaptureLocation", "S3 path (bucket/prefix) where the endpoint's captured data is stored."
)
BASELINE_JOB_OUTPUT_LOCATION = _location(
    "BaselineJobOutputLocation", "S3 path (bucket/prefix) where the baseline job output is stored."
)
MONITORING_OUTPUT_LOCATION = _location(
    "MonitoringOutputLocation", "S3 path (bucket/prefix) where the monitoring job output is stored."
)
MONITOR_GROUND_TRUTH_INPUT = _location(
    "MonitorGroundTruthInput", "S3 path (bucket/prefix) of the ground truth labels for the monitoring job."
)
INFERENCE_INSTANCE = P(
    "InferenceInstance",
    description="The instance type of the inference endpoint or batch job.",
    allowed_pattern=_INSTANCE,
    min_length=7,
)
INSTANCE_TYPE = P(
    "InstanceType",
    description="The instance type of the job.",
    allowed_pattern=_INSTANCE,
    min_length=7,
)
INSTANCE_VOLUME_SIZE = P("InstanceVolumeSize", type="Number", description="Size in GB of the job's volume.")
JOB_INSTANCE_COUNT = P("JobInstanceCount", type="Number", description="Number of job instances.", default="1")
SCHEDULE_EXPRESSION = P(
    "ScheduleExpression",
    description="cron expression of the monitoring schedule, for example cron(0 * ? * * *).",
    allowed_pattern=r"^cron(\S+\s){5}\S+$",
)
BASELINE_MAX_RUNTIME_SECONDS = P(
    "BaselineMaxRuntimeSeconds",
    description="Optional maximum runtime of the baseline job in seconds (empty for the service default).",
    default="",
)
MONITOR_MAX_RUNTIME_SECONDS = number(
    "MonitorMaxRuntimeSeconds", "Maximum runtime of each monitoring job in seconds.", low=1, high=86400, default="3600"
)
BASELINE_JOB_NAME = P("BaselineJobName", description="Unique name of the baseline job.", min_length=3, max_length=63)
MONITORING_SCHEDULE_NAME = P(
    "MonitoringScheduleName",
    description="Unique name of the monitoring schedule.",
    min_length=3,
    max_length=63,
)
TEMPLATE_ZIP_FILE_NAME = P(
    "TemplateZipFileName",
    description="Key of template.zip in the assets bucket.",
    allowed_pattern=r"^.*\.zip$",
)
TEMPLATE_FILE_NAME = P(
    "TemplateFileName",
    description="File name of the blueprint inside template.zip.",
    allowed_pattern=r"^.*\.yaml$",
)


def _params_file(name: str, stage: str) -> P:
    return P(
        name,
        description=f"File name of the {stage} parameters inside template.zip.",
        allowed_pattern=r"^.*\.json$",
    )


TEMPLATE_PARAMS_NAME = _params_file("TemplateParamsName", "blueprint")
DEV_PARAMS_NAME = _params_file("DevParamsName", "development")
STAGING_PARAMS_NAME = _params_file("StagingParamsName", "staging")
PROD_PARAMS_NAME = _params_file("ProdParamsName", "production")
NOTIFICATIONS_TOPIC_ARN = P(
    "NotificationsSNSTopicArn",
    description="ARN of the SNS topic that receives the pipeline's notifications.",
    allowed_pattern=r"^arn:\S+:sns:\S+:\d{12}:\S+$",
)
CUSTOM_IMAGE = P("CustomImage", description="Key of the custom algorithm's zip file in the assets bucket.", default="")
ECR_REPO_NAME = P(
    "ECRRepoName",
    description="Name of the ECR repository the image is pushed to.",
    allowed_pattern=r"(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*",
    min_length=1,
)
IMAGE_TAG = P("ImageTag", description="Docker image tag of the custom algorithm.", min_length=1)
JOB_NAME = P(
    "JobName",
    description="Unique name of the training job.",
    allowed_pattern=r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    min_length=1,
    max_length=63,
)
DELEGATED_ADMIN_ACCOUNT = choice(
    "DelegatedAdminAccount",
    "Whether the orchestrator account is a delegated administrator of the organization.",
    _YES_NO,
    default="Yes",
)
MODEL_PACKAGE_GROUP_NAME = P(
    "ModelPackageGroupName",
    description="SageMaker model package group name (registry mode).",
    min_length=0,
    default="",
)
MODEL_PACKAGE_NAME = P(
    "ModelPackageName",
    description="ARN of a versioned model package (registry mode).",
    allowed_pattern=r"(^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:model-package/.*|^$)",
    default="",
)
MONITOR_PROBLEM_TYPE = choice("ProblemType", "Type of machine learning problem.", PROBLEM_TYPES)
AUTOPILOT_PROBLEM_TYPE = choice(
    "ProblemType",
    "Optional type of machine learning problem (empty lets Autopilot infer it).",
    ("", *PROBLEM_TYPES),
    default="",
)
AUTOPILOT_JOB_OBJECTIVE = choice(
    "AutopilotJobObjective",
    "Optional metric Autopilot optimizes.",
    ("", "Accuracy", "MSE", "F1", "F1macro", "AUC"),
    default="",
)
COMPRESSION_TYPE = choice("CompressionType", "Optional compression of the data.", ("", "Gzip"), default="")
AUTOPILOT_MAX_CANDIDATES = number("AutopilotMaxCandidates", "Maximum number of candidates.", low=1, default="10")
ENCRYPT_INNER_TRAFFIC = choice(
    "EncryptInnerTraffic", "Encrypt traffic between containers of the job.", _TRUE_FALSE, default="True"
)
USE_SPOT_INSTANCES = choice("UseSpotInstances", "Train on managed spot instances.", _TRUE_FALSE, default="True")
GENERATE_DEFINITIONS_ONLY = choice(
    "GenerateDefinitionsOnly", "Only generate candidate definitions.", _TRUE_FALSE, default="False"
)
MAX_RUNTIME_PER_JOB = number(
    "MaxRuntimePerJob", "Maximum runtime of each training job in seconds.", low=600, high=259200, default="86400"
)
AUTOPILOT_TOTAL_RUNTIME = number(
    "AutopilotTotalRuntime",
    "Maximum runtime of the whole Autopilot job in seconds.",
    low=3600,
    high=2592000,
    default="2592000",
)
MAX_WAIT_TIME_FOR_SPOT = number(
    "MaxWaitTimeForSpotInstances",
    "Maximum wait time for spot instances in seconds (at least MaxRuntimePerJob).",
    low=1,
    high=259200,
    default="172800",
)
TRAINING_DATA = P(
    "TrainingData",
    description="Path of the training data inside the assets bucket.",
    min_length=1,
    max_length=128,
)
VALIDATION_DATA = P(
    "ValidationData",
    description="Optional path of the validation data inside the assets bucket.",
    min_length=0,
    max_length=128,
    default="",
)
TARGET_ATTRIBUTE = P("TargetAttribute", description="Name of the target column.", min_length=1, max_length=128)
JOB_OUTPUT_LOCATION = P(
    "JobOutputLocation", description="Output prefix inside the assets bucket.", min_length=1, max_length=128
)
CONTENT_TYPE = P("ContentType", description="MIME type of the training data.", max_length=256, default="csv")
S3_DATA_TYPE = P(
    "S3DataType",
    description="Type of the S3 data source.",
    allowed_values=("S3Prefix", "ManifestFile", "AugmentedManifestFile"),
    default="S3Prefix",
)
DATA_DISTRIBUTION = choice(
    "DataDistribution",
    "How the data is distributed to the instances.",
    ("FullyReplicated", "ShardedByS3Key"),
    default="FullyReplicated",
)
DATA_INPUT_MODE = choice("DataInputMode", "Training input mode.", ("File", "Pipe", "FastFile"), default="File")
DATA_RECORD_WRAPPING = choice("DataRecordWrapping", "Optional record wrapping.", ("", "RecordIO"), default="")
ATTRIBUTE_NAMES = P(
    "AttributeNames",
    description="Optional JSON list of attribute names (augmented manifest files).",
    allowed_pattern=r"(^\[.*\]$|^$)",
    default="",
)
ALGO_HYPERPARAMETERS = P(
    "AlgoHyperparameteres",
    description="JSON object of the algorithm's hyperparameters.",
    allowed_pattern=_JSON_OBJECT,
)
TUNER_CONFIG = P(
    "HyperparametersTunerConfig",
    description="JSON object of the tuner's configuration.",
    allowed_pattern=_JSON_OBJECT,
)
HYPERPARAMETER_RANGES = P(
    "AlgoHyperparameteresRange",
    description="JSON object of the hyperparameter ranges to tune.",
    allowed_pattern=r'^\{.*:\s*\[\s*("continuous"|"integer"|"categorical")\s*,\s*\[.*\]\s*\]+\s*\}$',
)
BASELINE_INFERENCE_ATTRIBUTE = _attribute(
    "BaselineInferenceAttribute", "Index or JSON path of the inference in the baseline data."
)
BASELINE_PROBABILITY_ATTRIBUTE = _attribute(
    "BaselineProbabilityAttribute", "Index or JSON path of the probability in the baseline data."
)
BASELINE_GROUND_TRUTH_ATTRIBUTE = _attribute(
    "BaselineGroundTruthAttribute", "Index or JSON path of the ground truth in the baseline data."
)
MONITOR_INFERENCE_ATTRIBUTE = _attribute(
    "MonitorInferenceAttribute", "Index or JSON path of the inference in captured data."
)
MONITOR_PROBABILITY_ATTRIBUTE = _attribute(
    "MonitorProbabilityAttribute", "Index or JSON path of the probability in captured data."
)
PROBABILITY_THRESHOLD_ATTRIBUTE = _attribute(
    "ProbabilityThresholdAttribute", "Threshold that turns a probability into a label."
)
MODEL_PREDICTED_LABEL_CONFIG = _attribute(
    "ModelPredictedLabelConfig", "JSON of the model's predicted label configuration."
)
EXPLAINABILITY_MODEL_SCORES = _attribute(
    "ExplainabilityModelScores", "JSON of the model scores used for explainability."
)
FEATURES_ATTRIBUTE = _attribute("FeaturesAttribute", "Index or JSON path of the features in captured data.")
BIAS_CONFIG = P("BiasConfig", description="JSON of the bias configuration.", min_length=3)
SHAP_CONFIG = P("SHAPConfig", description="JSON of the SHAP configuration.", min_length=3)

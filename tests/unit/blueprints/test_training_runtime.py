"""The training custom resource: the exact create_training_job and create_hyper_parameter_tuning_job requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.model_training.runtime import handler
from mlops_orchestrator.blueprints.model_training.runtime.tuning import parameter_ranges
from mlops_orchestrator.blueprints.model_training.runtime_package import TRAINING_LAMBDA
from mlops_orchestrator.blueprints.stacks import blueprint_lambdas
from tests.unit.blueprints.custom_resource_stubs import (
    KMS,
    ROLE,
    Answers,
    cfn_event,
    record_answers,
    stubbed_sagemaker,
    success,
)
from tests.unit.blueprints.workload_package import zip_imports

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
BASE = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:training",
    "RoleArn": ROLE,
    "JobType": "training",
    "JobName": "churn-training-ab12",
    "AssetsBucket": "assets-bucket",
    "TrainingData": "data/train.csv",
    "JobOutputLocation": "output/",
    "S3DataType": "S3Prefix",
    "DataInputMode": "File",
    "ContentType": "csv",
    "DataDistribution": "FullyReplicated",
    "ImageUri": IMAGE,
    "InstanceType": "ml.m5.xlarge",
    "InstanceCount": "1",
    "InstanceVolumeSize": "20",
    "EncryptInterContainerTraffic": "True",
    "MaxRuntimeSeconds": "86400",
    "UseSpotInstances": "False",
    "MaxWaitSeconds": "172800",
    "Hyperparameters": json.dumps({"num_round": 100, "objective": "binary:logistic", "eta": 0.2, "verbose": True}),
}
HYPERPARAMETERS = {"num_round": "100", "objective": "binary:logistic", "eta": "0.2", "verbose": "true"}


def channel(name: str, key: str, **extra: Any) -> dict[str, Any]:
    source = {
        "S3DataType": "S3Prefix",
        "S3Uri": f"s3://assets-bucket/{key}",
        "S3DataDistributionType": "FullyReplicated",
    }
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": source},
        "ContentType": "csv",
        "InputMode": "File",
        **extra,
    }


def definition() -> dict[str, Any]:
    return {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": ROLE,
        "InputDataConfig": [channel("train", "data/train.csv")],
        "OutputDataConfig": {"S3OutputPath": "s3://assets-bucket/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 20},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "EnableInterContainerTrafficEncryption": True,
        "EnableManagedSpotTraining": False,
    }


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return record_answers(monkeypatch)


@pytest.fixture
def sagemaker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    with stubbed_sagemaker(monkeypatch, handler) as stubber:
        yield stubber


def test_create_starts_a_plain_training_job(answers: Answers, sagemaker: Stubber) -> None:
    request = {"TrainingJobName": "churn-training-ab12", "HyperParameters": HYPERPARAMETERS, **definition()}
    sagemaker.add_response("create_training_job", {"TrainingJobArn": "arn:aws:sagemaker:x"}, request)
    handler.lambda_handler(cfn_event("Create", "Custom::TrainingJob", BASE), None)
    assert answers.only == success(
        "churn-training-ab12", {"JobName": "churn-training-ab12", "OutputLocation": "s3://assets-bucket/output"}
    )


def test_update_with_spot_validation_kms_and_every_channel_option(answers: Answers, sagemaker: Stubber) -> None:
    properties = {
        **BASE,
        "UseSpotInstances": "True",
        "MaxRuntimeSeconds": "3600",
        "MaxWaitSeconds": "7200",
        "ValidationData": "data/validation.csv",
        "KmsKeyArn": KMS,
        "CompressionType": "Gzip",
        "DataRecordWrapping": "RecordIO",
        "S3DataType": "AugmentedManifestFile",
        "DataInputMode": "Pipe",
        "AttributeNames": '["source-ref", "label"]',
        "InstanceCount": "2",
        "EncryptInterContainerTraffic": "False",
    }
    expected = definition()
    options = {"CompressionType": "Gzip", "RecordWrapperType": "RecordIO", "InputMode": "Pipe"}
    channels = [channel("train", "data/train.csv", **options), channel("validation", "data/validation.csv", **options)]
    for entry in channels:
        entry["DataSource"]["S3DataSource"].update(
            S3DataType="AugmentedManifestFile", AttributeNames=["source-ref", "label"]
        )
    expected.update(
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "Pipe"},
        InputDataConfig=channels,
        OutputDataConfig={"S3OutputPath": "s3://assets-bucket/output", "KmsKeyId": KMS},
        ResourceConfig={
            "InstanceType": "ml.m5.xlarge",
            "InstanceCount": 2,
            "VolumeSizeInGB": 20,
            "VolumeKmsKeyId": KMS,
        },
        StoppingCondition={"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
        EnableInterContainerTrafficEncryption=False,
        EnableManagedSpotTraining=True,
        CheckpointConfig={"S3Uri": "s3://assets-bucket/output/churn-training-ab12/checkpoint"},
    )
    request = {"TrainingJobName": "churn-training-ab12", "HyperParameters": HYPERPARAMETERS, **expected}
    sagemaker.add_response("create_training_job", {"TrainingJobArn": "arn:aws:sagemaker:x"}, request)
    handler.lambda_handler(cfn_event("Update", "Custom::TrainingJob", properties), None)
    assert answers.only["Status"] == "SUCCESS"


TUNER = {
    **BASE,
    "JobType": "tuning",
    "JobName": "churn-tuner-ab12",
    "TunerConfig": json.dumps(
        {
            "objective_metric_name": "validation:auc",
            "objective_type": "Maximize",
            "max_jobs": 10,
            "max_parallel_jobs": 2,
            "strategy": "Random",
            "early_stopping_type": "Auto",
            "metric_definitions": [{"Name": "validation:auc", "Regex": "auc: ([0-9.]+)"}],
        }
    ),
    "HyperparameterRanges": json.dumps(
        {"eta": ["continuous", [0.1, 0.5]], "num_round": ["integer", [50, 200]], "booster": ["categorical", ["gbtree"]]}
    ),
}


def test_tuning_job_maps_the_config_and_the_ranges(answers: Answers, sagemaker: Stubber) -> None:
    training = definition()
    training["AlgorithmSpecification"]["MetricDefinitions"] = [{"Name": "validation:auc", "Regex": "auc: ([0-9.]+)"}]
    request = {
        "HyperParameterTuningJobName": "churn-tuner-ab12",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}],
                "IntegerParameterRanges": [{"Name": "num_round", "MinValue": "50", "MaxValue": "200"}],
                "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree"]}],
            },
            "TrainingJobEarlyStoppingType": "Auto",
        },
        # The tuned hyperparameters are left out of the static ones.
        "TrainingJobDefinition": {
            "StaticHyperParameters": {"objective": "binary:logistic", "verbose": "true"},
            **training,
        },
    }
    sagemaker.add_response(
        "create_hyper_parameter_tuning_job", {"HyperParameterTuningJobArn": "arn:aws:sagemaker:x"}, request
    )
    handler.lambda_handler(cfn_event("Create", "Custom::TrainingJob", TUNER), None)
    assert answers.only["PhysicalResourceId"] == "churn-tuner-ab12"


def test_tuner_defaults_are_the_sdks() -> None:
    from mlops_orchestrator.blueprints.model_training.runtime.properties import TuningProperties
    from mlops_orchestrator.blueprints.model_training.runtime.tuning import tuning_job_request

    properties = {**TUNER, "TunerConfig": json.dumps({"objective_metric_name": "validation:rmse"})}
    config = tuning_job_request(TuningProperties.read(properties))["HyperParameterTuningJobConfig"]
    assert config["Strategy"] == "Bayesian"
    assert config["HyperParameterTuningJobObjective"]["Type"] == "Maximize"
    assert config["ResourceLimits"] == {"MaxNumberOfTrainingJobs": 1, "MaxParallelTrainingJobs": 1}
    assert config["TrainingJobEarlyStoppingType"] == "Off"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"JobType": "other"}, "Invalid properties: JobType must be training or tuning, not 'other'"),
        ({"InstanceCount": "0"}, "Invalid properties: InstanceCount must be a whole number from 1 to 100, not '0'"),
        ({"Hyperparameters": "{"}, "Invalid properties: Hyperparameters is not valid JSON"),
        ({"Hyperparameters": "[]"}, "Invalid properties: Hyperparameters must be a JSON dict"),
        ({"UseSpotInstances": "yes"}, "Invalid properties: UseSpotInstances must be True or False, not 'yes'"),
        (
            {"UseSpotInstances": "True", "MaxWaitSeconds": "60"},
            "Invalid properties: MaxWaitSeconds (60) must be at least MaxRuntimeSeconds (86400)",
        ),
        ({"ImageUri": ""}, "Invalid properties: ImageUri is required"),
        ({**TUNER, "TunerConfig": "{}"}, "Invalid properties: tuner objective_metric_name is required"),
        ({**TUNER, "TunerConfig": '{"objective_metric_name": "m", "x": 1}'}, "Invalid properties: unknown tuner"),
        ({**TUNER, "TunerConfig": '{"objective_metric_name": "m", "strategy": "Best"}'}, "Invalid properties: tuner"),
        ({**TUNER, "TunerConfig": '{"objective_metric_name": "m", "max_jobs": 0}'}, "Invalid properties: tuner"),
        ({**TUNER, "HyperparameterRanges": '{"eta": ["log", [1, 2]]}'}, "Invalid properties: range of eta"),
        ({**TUNER, "HyperparameterRanges": '{"eta": "continuous"}'}, "Invalid properties: range of eta"),
    ],
)
def test_invalid_properties_fail_the_resource(
    answers: Answers, sagemaker: Stubber, changes: dict[str, str], reason: str
) -> None:
    handler.lambda_handler(cfn_event("Create", "Custom::TrainingJob", {**BASE, **changes}), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["Reason"].startswith(reason)
    assert answers.only["PhysicalResourceId"] == "not-started-req-1"


def test_sagemaker_refusal_fails_the_update_and_keeps_the_old_id(answers: Answers, sagemaker: Stubber) -> None:
    sagemaker.add_client_error("create_training_job", "ResourceInUse", "Training job names must be unique")
    handler.lambda_handler(cfn_event("Update", "Custom::TrainingJob", BASE), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["PhysicalResourceId"] == "previous-job"
    assert answers.only["Reason"] == "SageMaker refused the job: ResourceInUse: Training job names must be unique"


def test_delete_leaves_the_job_and_unknown_requests_fail(answers: Answers, sagemaker: Stubber) -> None:
    handler.lambda_handler(cfn_event("Delete", "Custom::TrainingJob", BASE), None)
    handler.lambda_handler(cfn_event("Dance", "Custom::TrainingJob", BASE), None)
    assert [(sent["Status"], sent["PhysicalResourceId"]) for sent in answers.sent] == [
        ("SUCCESS", "previous-job"),
        ("FAILED", "previous-job"),
    ]


def test_unexpected_errors_still_answer(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(handler, "sagemaker_client", broken)
    handler.lambda_handler(cfn_event("Create", "Custom::TrainingJob", BASE), None)
    assert answers.only["Reason"] == "The job could not be started; see the function's logs."


def test_unreachable_sagemaker_is_reported(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import EndpointConnectionError

    class Down:
        def create_training_job(self, **_request: Any) -> None:
            raise EndpointConnectionError(endpoint_url="https://api.sagemaker.us-east-1.amazonaws.com")

    monkeypatch.setattr(handler, "sagemaker_client", Down)
    handler.lambda_handler(cfn_event("Create", "Custom::TrainingJob", BASE), None)
    assert answers.only["Reason"].startswith("SageMaker could not be reached")


def test_empty_categorical_is_refused_and_empty_ranges_map_to_empty_lists() -> None:
    assert parameter_ranges({}) == {
        "ContinuousParameterRanges": [],
        "IntegerParameterRanges": [],
        "CategoricalParameterRanges": [],
    }


def test_the_package_is_registered_and_imports_boto3_only() -> None:
    assert TRAINING_LAMBDA in blueprint_lambdas()
    assert handler.sagemaker_client.__wrapped__() is not None
    assert "boto3" in zip_imports(TRAINING_LAMBDA, TRAINING_LAMBDA.handler)

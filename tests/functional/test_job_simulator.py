"""The SageMaker job simulator of local mode, through boto3 against moto."""

from __future__ import annotations

import io
import json
import tarfile
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mlops_orchestrator.local import jobs

BUCKET = "assets"
ROLE = "arn:aws:iam::123456789012:role/sagemaker"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
CHURN = b"Churn?,Account Length,Day Mins,State\n1,100,180.5,OH\n0,120,140.0,NY\n0,90,200.1,OH\n1,130,110.9,CA\n"
PREDICTIONS = b"prediction,probability,label\n1,0.9,1\n0,0.2,0\n1,0.7,0\n0,0.4,1\n1,0.8,1\n"
DURATION = 1.0


@pytest.fixture
def sagemaker() -> Iterator[Any]:
    with mock_aws():
        jobs.install()
        jobs.configure(DURATION)
        try:
            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket=BUCKET)
            s3.put_object(Bucket=BUCKET, Key="data/train.csv", Body=CHURN)
            s3.put_object(Bucket=BUCKET, Key="data/predictions.csv", Body=PREDICTIONS)
            yield boto3.client("sagemaker", region_name="us-east-1")
        finally:
            jobs.uninstall()


def s3_object(key: str) -> bytes:
    return bytes(boto3.client("s3", region_name="us-east-1").get_object(Bucket=BUCKET, Key=key)["Body"].read())


def keys(prefix: str) -> list[str]:
    listed = boto3.client("s3", region_name="us-east-1").list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return [item["Key"] for item in listed.get("Contents", [])]


def settled(describe: Callable[[], dict[str, Any]], status_key: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10 * DURATION + 5
    while time.monotonic() < deadline:
        answer = describe()
        if answer[status_key] not in ("InProgress", "Stopping"):
            return answer
        time.sleep(0.05)
    raise AssertionError(f"still {answer[status_key]} after the deadline")


def channel(name: str, key: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/{key}"}},
        "ContentType": "text/csv",
    }


def training_definition(data_key: str = "data/train.csv") -> dict[str, Any]:
    return {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": ROLE,
        "InputDataConfig": [channel("train", data_key)],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 20},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }


def start_training(client: Any, name: str, data_key: str = "data/train.csv") -> None:
    client.create_training_job(
        TrainingJobName=name,
        HyperParameters={"objective": "binary:logistic", "num_round": "10"},
        **training_definition(data_key),
    )


def model_members(key: str) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(s3_object(key)), mode="r:gz") as archive:
        return {member.name: archive.extractfile(member).read() for member in archive.getmembers()}  # type: ignore[union-attr]


# -- training -------------------------------------------------------------------------------------------


def test_a_training_job_moves_through_its_statuses_and_writes_its_model(sagemaker: Any) -> None:
    start_training(sagemaker, "churn-train")

    started = sagemaker.describe_training_job(TrainingJobName="churn-train")
    assert (started["TrainingJobStatus"], started["SecondaryStatus"]) == ("InProgress", "Starting")
    assert "ModelArtifacts" not in started
    assert "TrainingEndTime" not in started
    assert keys("output/") == []

    done = settled(lambda: sagemaker.describe_training_job(TrainingJobName="churn-train"), "TrainingJobStatus")
    assert (done["TrainingJobStatus"], done["SecondaryStatus"]) == ("Completed", "Completed")
    artifact = "output/churn-train/output/model.tar.gz"
    assert done["ModelArtifacts"]["S3ModelArtifacts"] == f"s3://{BUCKET}/{artifact}"
    assert [step["Status"] for step in done["SecondaryStatusTransitions"]] == [
        "Starting",
        "Downloading",
        "Training",
        "Uploading",
        "Completed",
    ]
    assert {metric["MetricName"] for metric in done["FinalMetricDataList"]} == {"train:auc"}
    model = json.loads(model_members(artifact)["model.json"])
    assert model["job"] == "churn-train"
    assert model["rows_per_channel"] == {"train": 5}
    summaries = sagemaker.list_training_jobs()["TrainingJobSummaries"]
    assert [(item["TrainingJobName"], item["TrainingJobStatus"]) for item in summaries] == [
        ("churn-train", "Completed")
    ]


def test_the_model_is_written_when_its_time_is_up_even_if_nobody_asks(sagemaker: Any) -> None:
    start_training(sagemaker, "unwatched")
    deadline = time.monotonic() + 10 * DURATION + 5
    while not keys("output/unwatched/") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert keys("output/unwatched/") == ["output/unwatched/output/model.tar.gz"]


def test_a_training_job_without_its_data_fails_as_sagemaker_does(sagemaker: Any) -> None:
    start_training(sagemaker, "no-data", data_key="data/missing.csv")

    done = settled(lambda: sagemaker.describe_training_job(TrainingJobName="no-data"), "TrainingJobStatus")

    assert (done["TrainingJobStatus"], done["SecondaryStatus"]) == ("Failed", "Failed")
    assert done["FailureReason"].startswith("ClientError: Data download failed for channel 'train'")
    assert "s3://assets/data/missing.csv" in done["FailureReason"]
    assert keys("output/") == []


def test_an_injected_failure_fails_the_next_job_of_its_kind_only(sagemaker: Any) -> None:
    jobs.fail_next("training", "AlgorithmError: out of memory")
    start_training(sagemaker, "first")
    start_training(sagemaker, "second")

    first = settled(lambda: sagemaker.describe_training_job(TrainingJobName="first"), "TrainingJobStatus")
    second = settled(lambda: sagemaker.describe_training_job(TrainingJobName="second"), "TrainingJobStatus")

    assert (first["TrainingJobStatus"], first["FailureReason"]) == ("Failed", "AlgorithmError: out of memory")
    assert second["TrainingJobStatus"] == "Completed"
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.fail_next("trainings")


def test_the_environment_can_fail_every_job_of_a_kind(sagemaker: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jobs.FAIL_ENV, "transform, training")
    start_training(sagemaker, "doomed")

    done = settled(lambda: sagemaker.describe_training_job(TrainingJobName="doomed"), "TrainingJobStatus")

    assert (done["TrainingJobStatus"], done["FailureReason"]) == ("Failed", jobs.INJECTED_REASON)


# -- tuning ---------------------------------------------------------------------------------------------


def test_a_tuning_job_runs_its_trials_and_names_the_best(sagemaker: Any) -> None:
    definition = training_definition()
    sagemaker.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName="churn-tune",
        HyperParameterTuningJobConfig={
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 3, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}],
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}],
                "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
            },
        },
        TrainingJobDefinition={"StaticHyperParameters": {"num_round": "10"}, **definition},
    )

    started = sagemaker.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="churn-tune")
    assert started["HyperParameterTuningJobStatus"] == "InProgress"
    assert started["TrainingJobStatusCounters"]["InProgress"] == 3
    assert "BestTrainingJob" not in started

    done = settled(
        lambda: sagemaker.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="churn-tune"),
        "HyperParameterTuningJobStatus",
    )
    assert done["HyperParameterTuningJobStatus"] == "Completed"
    assert done["TrainingJobStatusCounters"]["Completed"] == 3
    best = done["BestTrainingJob"]
    assert best["TrainingJobName"].startswith("churn-tune-00")
    assert set(best["TunedHyperParameters"]) == {"eta", "max_depth", "booster"}
    trials = [
        item
        for item in sagemaker.list_training_jobs()["TrainingJobSummaries"]
        if item["TrainingJobStatus"] == "Completed"
    ]
    assert len(trials) == 3
    scores = []
    for trial in trials:
        described = sagemaker.describe_training_job(TrainingJobName=trial["TrainingJobName"])
        metrics = {metric["MetricName"]: metric["Value"] for metric in described["FinalMetricDataList"]}
        scores.append(metrics["validation:auc"])
        assert described["HyperParameters"]["num_round"] == "10"
    assert best["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] == pytest.approx(max(scores))
    assert keys(f"output/{best['TrainingJobName']}/") == [f"output/{best['TrainingJobName']}/output/model.tar.gz"]


# -- Autopilot ----------------------------------------------------------------------------------------


def start_autopilot(client: Any, name: str, target: str = "Churn?", candidates_only: bool = False) -> None:
    client.create_auto_ml_job_v2(
        AutoMLJobName=name,
        AutoMLJobInputDataConfig=[
            {
                "ChannelType": "training",
                "ContentType": "text/csv;header=present",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/data/train.csv"}},
            }
        ],
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/autopilot"},
        AutoMLProblemTypeConfig={
            "TabularJobConfig": {
                "CompletionCriteria": {"MaxCandidates": 20},
                "TargetAttributeName": target,
                "ProblemType": "BinaryClassification",
                "GenerateCandidateDefinitionsOnly": candidates_only,
            }
        },
        AutoMLJobObjective={"MetricName": "F1"},
        RoleArn=ROLE,
    )


def test_an_autopilot_job_writes_its_candidates_and_describes_the_best(sagemaker: Any) -> None:
    start_autopilot(sagemaker, "churn-auto")

    started = sagemaker.describe_auto_ml_job_v2(AutoMLJobName="churn-auto")
    assert (started["AutoMLJobStatus"], started["AutoMLJobSecondaryStatus"]) == ("InProgress", "Starting")
    assert "BestCandidate" not in started
    assert "ModelDeployConfig" not in started  # moto's placeholder is not shown

    done = settled(lambda: sagemaker.describe_auto_ml_job_v2(AutoMLJobName="churn-auto"), "AutoMLJobStatus")
    assert (done["AutoMLJobStatus"], done["AutoMLJobSecondaryStatus"]) == ("Completed", "Completed")
    best = done["BestCandidate"]
    assert best["FinalAutoMLJobObjectiveMetric"]["MetricName"] == "F1"
    for container in best["InferenceContainers"]:
        assert model_members(container["ModelDataUrl"].removeprefix(f"s3://{BUCKET}/"))
    step = best["CandidateSteps"][0]["CandidateStepName"]
    assert sagemaker.describe_training_job(TrainingJobName=step)["TrainingJobStatus"] == "Completed"
    notebook = done["AutoMLJobArtifacts"]["CandidateDefinitionNotebookLocation"]
    assert json.loads(s3_object(notebook.removeprefix(f"s3://{BUCKET}/")))["nbformat"] == 4


def test_an_autopilot_job_whose_target_is_not_a_column_fails(sagemaker: Any) -> None:
    start_autopilot(sagemaker, "wrong-target", target="churned")

    done = settled(lambda: sagemaker.describe_auto_ml_job_v2(AutoMLJobName="wrong-target"), "AutoMLJobStatus")

    assert done["AutoMLJobStatus"] == "Failed"
    assert "'churned' is not a column" in done["FailureReason"]


def test_an_autopilot_job_for_candidate_definitions_stops_after_the_notebooks(sagemaker: Any) -> None:
    start_autopilot(sagemaker, "definitions", candidates_only=True)

    done = settled(lambda: sagemaker.describe_auto_ml_job_v2(AutoMLJobName="definitions"), "AutoMLJobStatus")

    assert (done["AutoMLJobStatus"], done["AutoMLJobSecondaryStatus"]) == ("Completed", "CandidateDefinitionsGenerated")
    assert "BestCandidate" not in done
    assert all(key.endswith(".ipynb") for key in keys("autopilot/definitions/"))


# -- batch transform -----------------------------------------------------------------------------------


def test_a_transform_job_writes_one_prediction_per_record(sagemaker: Any) -> None:
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=BUCKET, Key="batch/in/data.csv", Body=b"1,2\n3,4\n5,6\n"
    )
    sagemaker.create_model(ModelName="churn", PrimaryContainer={"Image": IMAGE}, ExecutionRoleArn=ROLE)
    sagemaker.create_transform_job(
        TransformJobName="churn-batch",
        ModelName="churn",
        TransformInput={
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/batch/in/data.csv"}},
            "ContentType": "text/csv",
            "SplitType": "Line",
        },
        TransformOutput={"S3OutputPath": f"s3://{BUCKET}/batch/out", "Accept": "text/csv", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1},
    )
    assert sagemaker.describe_transform_job(TransformJobName="churn-batch")["TransformJobStatus"] == "InProgress"

    done = settled(lambda: sagemaker.describe_transform_job(TransformJobName="churn-batch"), "TransformJobStatus")

    assert done["TransformJobStatus"] == "Completed"
    predictions = s3_object("batch/out/data.csv.out").decode().splitlines()
    assert len(predictions) == 3
    assert all(0 <= float(value) <= 1 for value in predictions)


# -- processing (baselines) ----------------------------------------------------------------------------


def start_analyzer(client: Any, name: str, data_key: str, environment: dict[str, str]) -> None:
    client.create_processing_job(
        ProcessingJobName=name,
        ProcessingInputs=[
            {
                "InputName": "baseline_dataset_input",
                "S3Input": {
                    "S3Uri": f"s3://{BUCKET}/{data_key}",
                    "LocalPath": "/opt/ml/processing/input/baseline_dataset_input",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                },
            }
        ],
        ProcessingOutputConfig={
            "Outputs": [
                {
                    "OutputName": "monitoring_output",
                    "S3Output": {
                        "S3Uri": f"s3://{BUCKET}/baselines/{name}",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        ProcessingResources={
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}
        },
        AppSpecification={"ImageUri": "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"},
        Environment={
            "dataset_format": json.dumps({"csv": {"header": True, "output_columns_position": "START"}}),
            "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
            "output_path": "/opt/ml/processing/output",
            **environment,
        },
        RoleArn=ROLE,
    )


def test_a_data_quality_baseline_describes_every_column_of_the_dataset(sagemaker: Any) -> None:
    start_analyzer(sagemaker, "data-quality", "data/train.csv", {})
    assert sagemaker.describe_processing_job(ProcessingJobName="data-quality")["ProcessingJobStatus"] == "InProgress"

    done = settled(lambda: sagemaker.describe_processing_job(ProcessingJobName="data-quality"), "ProcessingJobStatus")

    assert done["ProcessingJobStatus"] == "Completed"
    assert done["Environment"]["dataset_source"] == "/opt/ml/processing/input/baseline_dataset_input"
    statistics = json.loads(s3_object("baselines/data-quality/statistics.json"))
    constraints = json.loads(s3_object("baselines/data-quality/constraints.json"))
    assert statistics["dataset"] == {"item_count": 4}
    types = {feature["name"]: feature["inferred_type"] for feature in statistics["features"]}
    assert types == {"Churn?": "Integral", "Account Length": "Integral", "Day Mins": "Fractional", "State": "String"}
    day = next(feature for feature in statistics["features"] if feature["name"] == "Day Mins")["numerical_statistics"]
    assert (day["min"], day["max"], day["common"]) == (110.9, 200.1, {"num_present": 4, "num_missing": 0})
    assert sum(bucket["count"] for bucket in day["distribution"]["kll"]["buckets"]) == 4
    by_name = {feature["name"]: feature for feature in constraints["features"]}
    assert by_name["State"]["string_constraints"]["domains"] == ["CA", "NY", "OH"]
    assert by_name["Account Length"]["num_constraints"] == {"is_non_negative": True}
    assert constraints["monitoring_config"]["evaluate_constraints"] == "Enabled"


def test_a_model_quality_baseline_measures_predictions_against_ground_truth(sagemaker: Any) -> None:
    start_analyzer(
        sagemaker,
        "model-quality",
        "data/predictions.csv",
        {
            "analysis_type": "MODEL_QUALITY",
            "problem_type": "BinaryClassification",
            "probability_attribute": "probability",
            "probability_threshold_attribute": "0.5",
            "ground_truth_attribute": "label",
        },
    )

    done = settled(lambda: sagemaker.describe_processing_job(ProcessingJobName="model-quality"), "ProcessingJobStatus")

    assert done["ProcessingJobStatus"] == "Completed"
    metrics = json.loads(s3_object("baselines/model-quality/statistics.json"))["binary_classification_metrics"]
    # probabilities 0.9 0.2 0.7 0.4 0.8 at 0.5 against labels 1 0 0 1 1: tp 2, tn 1, fp 1, fn 1
    assert metrics["confusion_matrix"] == {"0": {"0": 1, "1": 1}, "1": {"0": 1, "1": 2}}
    assert metrics["accuracy"]["value"] == pytest.approx(0.6)
    assert metrics["precision"]["value"] == pytest.approx(2 / 3, abs=1e-6)
    constraints = json.loads(s3_object("baselines/model-quality/constraints.json"))["binary_classification_constraints"]
    assert constraints["accuracy"] == {
        "threshold": metrics["accuracy"]["value"],
        "comparison_operator": "LessThanThreshold",
    }
    assert constraints["false_positive_rate"]["comparison_operator"] == "GreaterThanThreshold"


def test_a_model_quality_baseline_fails_when_a_named_column_is_missing(sagemaker: Any) -> None:
    start_analyzer(
        sagemaker,
        "no-label",
        "data/predictions.csv",
        {"analysis_type": "MODEL_QUALITY", "problem_type": "BinaryClassification", "ground_truth_attribute": "truth"},
    )

    done = settled(lambda: sagemaker.describe_processing_job(ProcessingJobName="no-label"), "ProcessingJobStatus")

    assert done["ProcessingJobStatus"] == "Failed"
    assert "the column 'truth' is not in the dataset's header" in done["FailureReason"]


def test_a_baseline_job_without_its_dataset_fails(sagemaker: Any) -> None:
    start_analyzer(sagemaker, "no-dataset", "data/absent.csv", {})

    done = settled(lambda: sagemaker.describe_processing_job(ProcessingJobName="no-dataset"), "ProcessingJobStatus")

    assert done["ProcessingJobStatus"] == "Failed"
    assert done["FailureReason"].startswith("ClientError: Failed to download input 'baseline_dataset_input'")


def test_a_clarify_bias_baseline_writes_its_analysis(sagemaker: Any) -> None:
    config = {
        "dataset_type": "text/csv",
        "headers": ["Churn?", "Account Length", "Day Mins", "State"],
        "label": "Churn?",
        "label_values_or_threshold": [1],
        "facet": [{"name_or_index": "Account Length", "value_or_threshold": [100]}],
        "methods": {"pre_training_bias": {"methods": "all"}, "post_training_bias": {"methods": "all"}},
    }
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=BUCKET, Key="clarify/analysis_config.json", Body=json.dumps(config).encode()
    )
    inputs = [("dataset", "data/train.csv"), ("analysis_config", "clarify/analysis_config.json")]
    sagemaker.create_processing_job(
        ProcessingJobName="bias",
        ProcessingInputs=[
            {
                "InputName": name,
                "S3Input": {
                    "S3Uri": f"s3://{BUCKET}/{key}",
                    "LocalPath": f"/opt/ml/processing/input/{name}",
                    "S3DataType": "S3Prefix",
                    "S3InputMode": "File",
                },
            }
            for name, key in inputs
        ],
        ProcessingOutputConfig={
            "Outputs": [
                {
                    "OutputName": "analysis_result",
                    "S3Output": {
                        "S3Uri": f"s3://{BUCKET}/clarify/out",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        ProcessingResources={
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}
        },
        AppSpecification={"ImageUri": "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"},
        RoleArn=ROLE,
    )

    done = settled(lambda: sagemaker.describe_processing_job(ProcessingJobName="bias"), "ProcessingJobStatus")

    assert done["ProcessingJobStatus"] == "Completed"
    analysis = json.loads(s3_object("clarify/out/analysis.json"))
    for section in ("pre_training_bias_metrics", "post_training_bias_metrics"):
        assert analysis[section]["label"] == "Churn?"
        assert list(analysis[section]["facets"]) == ["Account Length"]


# -- switching ------------------------------------------------------------------------------------------


def test_uninstalled_moto_is_back_as_shipped() -> None:
    with mock_aws():
        jobs.install()
        jobs.uninstall()
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        client = boto3.client("sagemaker", region_name="us-east-1")
        start_training(client, "plain")

        described = client.describe_training_job(TrainingJobName="plain")

        assert described["TrainingJobStatus"] == "Completed"  # moto's own answer, at once
        assert keys("output/") == []


# -- endpoints -------------------------------------------------------------------------------------------


def test_an_endpoint_answers_one_score_per_record(sagemaker: Any) -> None:
    sagemaker.create_model(ModelName="churn", PrimaryContainer={"Image": IMAGE}, ExecutionRoleArn=ROLE)
    sagemaker.create_endpoint_config(
        EndpointConfigName="churn",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": "churn",
                "InstanceType": "ml.m5.large",
                "InitialInstanceCount": 1,
            }
        ],
    )
    sagemaker.create_endpoint(EndpointName="churn", EndpointConfigName="churn")
    runtime = boto3.client("sagemaker-runtime", region_name="us-east-1")

    answer = runtime.invoke_endpoint(EndpointName="churn", ContentType="text/csv", Body=b"1,2,3\n4,5,6\n")

    scores = answer["Body"].read().decode().splitlines()
    assert len(scores) == 2
    assert all(0 <= float(score) <= 1 for score in scores)
    assert answer["ContentType"].startswith("text/csv")
    again = runtime.invoke_endpoint(EndpointName="churn", ContentType="text/csv", Body=b"1,2,3\n4,5,6\n")
    assert again["Body"].read().decode().splitlines() == scores
    with pytest.raises(runtime.exceptions.ClientError, match="Endpoint missing of account 123456789012 not found"):
        runtime.invoke_endpoint(EndpointName="missing", ContentType="text/csv", Body=b"1,2,3\n")

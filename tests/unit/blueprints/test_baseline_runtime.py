"""The monitor baseline custom resource: the exact create_processing_job request per type, Clarify's analysis
configs, validation messages and every answer to CloudFormation (botocore Stubber, no AWS)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from mlops_orchestrator.blueprints.custom_resource_runtime import cfn_response
from mlops_orchestrator.blueprints.model_monitor.runtime import handler
from mlops_orchestrator.blueprints.model_monitor.runtime_package import BASELINE_LAMBDA
from tests.unit.blueprints.custom_resource_stubs import KMS, RESPONSE_URL, Answers
from tests.unit.blueprints.workload_package import zip_imports

ROLE = "arn:aws:iam::123456789012:role/baseline-role"
ANALYZER = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
CLARIFY = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
NAME = "my-endpoint-dataquality-ab12"
COMMON = {
    "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:baseline",
    "BaselineJobName": NAME,
    "AssetsBucket": "assets-bucket",
    "BaselineData": "data/training.csv",
    "BaselineJobOutputLocation": f"baseline-bucket/baselines/{NAME}",
    "RoleArn": ROLE,
    "InstanceType": "ml.m5.large",
    "InstanceCount": "1",
    "InstanceVolumeSize": "20",
    "MaxRuntimeSeconds": "",
    "KmsKeyArn": "",
    "EndpointName": "my-endpoint",
    "StackName": "mlops-pipeline-monitor",
}
OUTPUT = f"s3://baseline-bucket/baselines/{NAME}"
CSV_HEADER = json.dumps({"csv": {"header": True, "output_columns_position": "START"}})


def s3_input(name: str, uri: str, path: str) -> dict[str, Any]:
    return {
        "InputName": name,
        "AppManaged": False,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": path,
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
            "S3DataDistributionType": "FullyReplicated",
            "S3CompressionType": "None",
        },
    }


def expected(
    image: str, output_name: str, name: str = NAME, kms: str = "", runtime: int | None = None, package: str = ""
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ProcessingJobName": name,
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": output_name,
                    "AppManaged": False,
                    "S3Output": {"S3Uri": OUTPUT, "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob"},
                }
            ]
        },
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}
        },
        "AppSpecification": {"ImageUri": image},
        "RoleArn": ROLE,
        "Tags": [{"Key": "stack_name", "Value": "mlops-pipeline-monitor"}],
    }
    if kms:
        request["ProcessingOutputConfig"]["KmsKeyId"] = kms
        request["ProcessingResources"]["ClusterConfig"]["VolumeKmsKeyId"] = kms
    if runtime is not None:
        request["StoppingCondition"] = {"MaxRuntimeInSeconds": runtime}
    if package:
        request["Tags"].append({"Key": "model-package", "Value": package})
    return request


def analyzer(**extra_environment: str) -> dict[str, Any]:
    request = expected(ANALYZER, "monitoring_output")
    request["ProcessingInputs"] = [
        s3_input(
            "baseline_dataset_input",
            "s3://assets-bucket/data/training.csv",
            "/opt/ml/processing/input/baseline_dataset_input",
        )
    ]
    request["Environment"] = {
        **extra_environment,
        "dataset_format": CSV_HEADER,
        "dataset_source": "/opt/ml/processing/input/baseline_dataset_input",
        "output_path": "/opt/ml/processing/output",
        "publish_cloudwatch_metrics": "Disabled",
    }
    return request


def clarify(**changes: Any) -> dict[str, Any]:
    request = expected(CLARIFY, "analysis_result", **changes)
    request["ProcessingInputs"] = [
        s3_input("dataset", "s3://assets-bucket/data/training.csv", "/opt/ml/processing/input/data"),
        s3_input("analysis_config", f"{OUTPUT}/analysis_config.json", "/opt/ml/processing/input/config"),
    ]
    return request


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()
    monkeypatch.setattr(cfn_response.urllib.request, "urlopen", recorded.urlopen)
    monkeypatch.setattr(handler, "new_suffix", lambda: "0a1b2c3d")
    return recorded


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Stubber]]:
    clients = {name: boto3.client(name, region_name="us-east-1") for name in ("sagemaker", "s3")}
    monkeypatch.setattr(handler, "client", lambda service: clients[service])
    with Stubber(clients["sagemaker"]) as sagemaker, Stubber(clients["s3"]) as s3:
        yield {"sagemaker": sagemaker, "s3": s3}
        sagemaker.assert_no_pending_responses()
        s3.assert_no_pending_responses()


def cfn_event(request_type: str, monitoring_type: str, **properties: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "RequestType": request_type,
        "ResponseURL": RESPONSE_URL,
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/monitor/guid",
        "RequestId": "req-1",
        "ResourceType": "Custom::MonitorBaselineJob",
        "LogicalResourceId": "BaselineJob",
        "ResourceProperties": {
            **COMMON,
            "MonitoringType": monitoring_type,
            "ImageUri": CLARIFY if monitoring_type.startswith("ModelB") or "Explain" in monitoring_type else ANALYZER,
            **properties,
        },
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = "previous-job"
    return event


def accepted(stub: Stubber, request: dict[str, Any]) -> None:
    arn = f"arn:aws:sagemaker:us-east-1:123456789012:processing-job/{request['ProcessingJobName']}"
    stub.add_response("create_processing_job", {"ProcessingJobArn": arn}, request)


def test_data_quality_create_starts_the_analyzer_job_and_answers(answers: Answers, stubs: dict[str, Stubber]) -> None:
    accepted(stubs["sagemaker"], analyzer())
    handler.lambda_handler(cfn_event("Create", "DataQuality"), None)
    assert answers.only == {
        "Status": "SUCCESS",
        "Reason": "",
        "PhysicalResourceId": NAME,
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/monitor/guid",
        "RequestId": "req-1",
        "LogicalResourceId": "BaselineJob",
        "Data": {"JobName": NAME, "BaselineOutput": OUTPUT},
    }


PACKAGE = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/2"


def test_a_given_model_package_version_is_tagged_on_the_job(answers: Answers, stubs: dict[str, Stubber]) -> None:
    request = analyzer()
    request["Tags"] = expected(ANALYZER, "monitoring_output", package=PACKAGE)["Tags"]
    accepted(stubs["sagemaker"], request)
    handler.lambda_handler(cfn_event("Create", "DataQuality", ModelPackageName=PACKAGE), None)
    assert answers.only["Status"] == "SUCCESS"
    assert request["Tags"] == [
        {"Key": "stack_name", "Value": "mlops-pipeline-monitor"},
        {"Key": "model-package", "Value": PACKAGE},
    ]


def test_update_uses_a_new_name_kms_and_the_runtime_limit(answers: Answers, stubs: dict[str, Stubber]) -> None:
    request = analyzer()
    request.update(expected(ANALYZER, "monitoring_output", name=f"{NAME}-0a1b2c3d", kms=KMS, runtime=3600))
    accepted(stubs["sagemaker"], request)
    handler.lambda_handler(cfn_event("Update", "DataQuality", KmsKeyArn=KMS, MaxRuntimeSeconds="3600"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("SUCCESS", f"{NAME}-0a1b2c3d")


def test_a_long_name_is_shortened_to_63_characters_on_update() -> None:
    assert len(handler.job_name("x" * 63, update=True)) == 63
    assert handler.job_name("x" * 63, update=False) == "x" * 63


MQ_BASE = {
    "ProblemType": "BinaryClassification",
    "InferenceAttribute": "prediction",
    "ProbabilityAttribute": "probability",
    "GroundTruthAttribute": "label",
    "ProbabilityThresholdAttribute": "0.5",
}


def test_binary_classification_with_probability_and_threshold_uses_them_not_the_inference_attribute(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    accepted(
        stubs["sagemaker"],
        analyzer(
            analysis_type="MODEL_QUALITY",
            problem_type="BinaryClassification",
            probability_attribute="probability",
            probability_threshold_attribute="0.5",
            ground_truth_attribute="label",
        ),
    )
    handler.lambda_handler(cfn_event("Create", "ModelQuality", **MQ_BASE), None)
    assert answers.only["Status"] == "SUCCESS"


def test_regression_passes_the_inference_attribute_only(answers: Answers, stubs: dict[str, Stubber]) -> None:
    accepted(
        stubs["sagemaker"],
        analyzer(
            analysis_type="MODEL_QUALITY",
            problem_type="Regression",
            inference_attribute="prediction",
            ground_truth_attribute="label",
        ),
    )
    # A regression has no probability: whatever is given for it is not passed on (as in the original).
    properties = {**MQ_BASE, "ProblemType": "Regression", "ProbabilityThresholdAttribute": ""}
    handler.lambda_handler(cfn_event("Create", "ModelQuality", **properties), None)
    assert answers.only["Status"] == "SUCCESS"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"ProblemType": "Ranking"},
            "ProblemType must be one of Regression, BinaryClassification, MulticlassClassification, not 'Ranking'",
        ),
        (
            {"ProblemType": "Regression", "InferenceAttribute": ""},
            "InferenceAttribute must be provided for Regression",
        ),
        (
            {"ProblemType": "MulticlassClassification", "InferenceAttribute": ""},
            "InferenceAttribute must be provided for MulticlassClassification",
        ),
        (
            {"InferenceAttribute": "", "ProbabilityThresholdAttribute": ""},
            "BinaryClassification needs InferenceAttribute, or ProbabilityAttribute together with "
            "ProbabilityThresholdAttribute",
        ),
        ({"GroundTruthAttribute": ""}, "GroundTruthAttribute is required"),
    ],
)
def test_model_quality_validation_says_what_is_missing(
    answers: Answers, stubs: dict[str, Stubber], changes: dict[str, str], reason: str
) -> None:
    handler.lambda_handler(cfn_event("Create", "ModelQuality", **{**MQ_BASE, **changes}), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["Reason"] == f"Invalid baseline properties: {reason}"


def test_binary_classification_with_probability_and_threshold_needs_no_inference_attribute(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    accepted(
        stubs["sagemaker"],
        analyzer(
            analysis_type="MODEL_QUALITY",
            problem_type="BinaryClassification",
            probability_attribute="probability",
            probability_threshold_attribute="0.5",
            ground_truth_attribute="label",
        ),
    )
    handler.lambda_handler(cfn_event("Create", "ModelQuality", **{**MQ_BASE, "InferenceAttribute": ""}), None)
    assert answers.only["Status"] == "SUCCESS"


def dataset_header(stub: Stubber, text: bytes = b"label,age,income\n1,30,100\n") -> None:
    body = StreamingBody(io.BytesIO(text), len(text))
    stub.add_response(
        "get_object",
        {"Body": body},
        {"Bucket": "assets-bucket", "Key": "data/training.csv", "Range": "bytes=0-65535"},
    )


def endpoint_model(stub: Stubber) -> None:
    stub.add_response(
        "describe_endpoint",
        {
            "EndpointName": "my-endpoint",
            "EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint",
            "EndpointConfigName": "my-config",
            "EndpointStatus": "InService",
            "CreationTime": "2026-01-01T00:00:00Z",
            "LastModifiedTime": "2026-01-01T00:00:00Z",
        },
        {"EndpointName": "my-endpoint"},
    )
    stub.add_response(
        "describe_endpoint_config",
        {
            "EndpointConfigName": "my-config",
            "EndpointConfigArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/my-config",
            "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "my-model"}],
            "CreationTime": "2026-01-01T00:00:00Z",
        },
        {"EndpointConfigName": "my-config"},
    )


class Uploads:
    def __init__(self, stub: Stubber, kms: str = "") -> None:
        self.stub, self.kms = stub, kms

    def expect(self, key: str, document: dict[str, Any]) -> None:
        params: dict[str, Any] = {
            "Bucket": "baseline-bucket",
            "Key": f"baselines/{NAME}/{key}",
            "Body": json.dumps(document).encode("utf-8"),
            "ContentType": "application/json",
        }
        if self.kms:
            params.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=self.kms)
        self.stub.add_response("put_object", {}, params)


PREDICTOR = {
    "model_name": "my-model",
    "instance_type": "ml.m5.large",
    "initial_instance_count": 1,
    "accept_type": "text/csv",
}
BIAS = {"label_values_or_threshold": [1], "facet_name": "age", "facet_values_or_threshold": [40], "group_name": None}
BIAS_ANALYSIS = {"label_values_or_threshold": [1], "facet": [{"name_or_index": "age", "value_or_threshold": [40]}]}
HEADERS = ["label", "age", "income"]


def bias_job_config(predictor: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The bias baseline job's analysis config for the sample dataset (HEADERS) and BIAS_ANALYSIS."""
    return {
        "dataset_type": "text/csv",
        "headers": HEADERS,
        "label": "label",
        **BIAS_ANALYSIS,
        "methods": {
            "report": {"name": "report", "title": "Analysis Report"},
            "pre_training_bias": {"methods": "all"},
            "post_training_bias": {"methods": "all"},
        },
        "predictor": predictor,
        **extra,
    }


def test_model_bias_uploads_both_analysis_configs_and_starts_clarify(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    dataset_header(stubs["s3"])
    endpoint_model(stubs["sagemaker"])
    uploads = Uploads(stubs["s3"], KMS)
    uploads.expect(
        "analysis_config.json", bias_job_config({**PREDICTOR, "probability": "score"}, probability_threshold=0.7)
    )
    uploads.expect("monitor/analysis_config.json", {**BIAS_ANALYSIS, "headers": HEADERS, "label": "label"})
    accepted(stubs["sagemaker"], clarify(kms=KMS))
    properties = {
        "BiasConfig": json.dumps(BIAS),
        "ModelPredictedLabelConfig": json.dumps({"probability": "score", "probability_threshold": 0.7}),
        "KmsKeyArn": KMS,
    }
    handler.lambda_handler(cfn_event("Create", "ModelBias", **properties), None)
    assert answers.only["Status"] == "SUCCESS"


def test_a_model_made_from_the_version_is_analysed_without_asking_the_endpoint(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    # No describe_endpoint stubbed: the Stubber fails the test if the handler asks the endpoint for its model.
    dataset_header(stubs["s3"])
    uploads = Uploads(stubs["s3"])
    uploads.expect("analysis_config.json", bias_job_config({**PREDICTOR, "model_name": "baselined-model-v2"}))
    uploads.expect("monitor/analysis_config.json", {**BIAS_ANALYSIS, "headers": HEADERS, "label": "label"})
    accepted(stubs["sagemaker"], clarify(package=PACKAGE))
    properties = {"BiasConfig": json.dumps(BIAS), "ModelPackageName": PACKAGE, "ModelName": "baselined-model-v2"}
    handler.lambda_handler(cfn_event("Create", "ModelBias", **properties), None)
    assert answers.only["Status"] == "SUCCESS"


def test_the_explainability_monitor_explains_with_the_model_made_from_the_version(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    dataset_header(stubs["s3"])
    uploads = Uploads(stubs["s3"])
    shap = {"use_logit": False, "save_local_shap_values": True, "baseline": [[30, 100]]}
    predictor = {**PREDICTOR, "model_name": "baselined-model-v2"}
    uploads.expect(
        "analysis_config.json",
        {
            "dataset_type": "text/csv",
            "headers": ["label", "age", "income"],
            "label": "label",
            "methods": {"report": {"name": "report", "title": "Analysis Report"}, "shap": shap},
            "predictor": predictor,
        },
    )
    uploads.expect(
        "monitor/analysis_config.json",
        {"methods": {"shap": shap}, "predictor": predictor, "headers": ["age", "income"]},
    )
    accepted(stubs["sagemaker"], clarify(package=PACKAGE))
    properties = {
        "SHAPConfig": json.dumps({"baseline": [[30, 100]]}),
        "ModelPackageName": PACKAGE,
        "ModelName": "baselined-model-v2",
    }
    handler.lambda_handler(cfn_event("Create", "ModelExplainability", **properties), None)
    assert answers.only["Status"] == "SUCCESS"


def test_model_explainability_resolves_the_shap_baseline_key_and_model_scores(
    answers: Answers, stubs: dict[str, Stubber]
) -> None:
    dataset_header(stubs["s3"])
    endpoint_model(stubs["sagemaker"])
    uploads = Uploads(stubs["s3"])
    shap = {
        "use_logit": False,
        "save_local_shap_values": True,
        "baseline": "s3://assets-bucket/shap/baseline.csv",
        "num_samples": 100,
        "agg_method": "mean_abs",
    }
    uploads.expect(
        "analysis_config.json",
        {
            "dataset_type": "text/csv",
            "headers": HEADERS,
            "label": "label",
            "methods": {"report": {"name": "report", "title": "Analysis Report"}, "shap": shap},
            "predictor": {**PREDICTOR, "label": 0},
        },
    )
    # The monitor reads captured requests (features only): no label column, and the scores' location is the job
    # definition's InferenceAttribute.
    uploads.expect(
        "monitor/analysis_config.json",
        {"methods": {"shap": shap}, "predictor": PREDICTOR, "headers": ["age", "income"]},
    )
    accepted(stubs["sagemaker"], clarify())
    properties = {
        "SHAPConfig": json.dumps({"baseline": "shap/baseline.csv", "num_samples": 100, "agg_method": "mean_abs"}),
        "ModelScores": "0",
    }
    handler.lambda_handler(cfn_event("Create", "ModelExplainability", **properties), None)
    assert answers.only["Status"] == "SUCCESS"


@pytest.mark.parametrize(
    ("monitoring_type", "changes", "reason"),
    [
        ("ModelBias", {"BiasConfig": "{not json"}, "BiasConfig must be a JSON object"),
        ("ModelBias", {"BiasConfig": '{"facet_name": "age"}'}, "BiasConfig must include label_values_or_threshold"),
        (
            "ModelBias",
            {"BiasConfig": json.dumps(BIAS), "ModelPredictedLabelConfig": '{"labl": 1}'},
            "ModelPredictedLabelConfig has unknown keys: labl",
        ),
        ("ModelExplainability", {"SHAPConfig": '{"num_samples": 1}'}, "SHAPConfig must include baseline"),
        ("ModelExplainability", {"SHAPConfig": "[1]"}, "SHAPConfig must be a JSON object, not list"),
    ],
)
def test_clarify_configuration_errors_fail_before_the_job(
    answers: Answers, stubs: dict[str, Stubber], monitoring_type: str, changes: dict[str, str], reason: str
) -> None:
    dataset_header(stubs["s3"])
    endpoint_model(stubs["sagemaker"])
    handler.lambda_handler(cfn_event("Create", monitoring_type, **changes), None)
    assert answers.only["Status"] == "FAILED"
    assert answers.only["Reason"].startswith(f"Invalid baseline properties: {reason}")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"MonitoringType": "Drift"}, "MonitoringType must be one of DataQuality, ModelQuality, ModelBias"),
        ({"BaselineJobName": ""}, "BaselineJobName is required"),
        ({"InstanceVolumeSize": "0"}, "InstanceVolumeSize must be a whole number from 1 to 16384, not '0'"),
        ({"InstanceCount": "x"}, "InstanceCount must be a whole number from 1 to 100, not 'x'"),
        ({"MaxRuntimeSeconds": "-1"}, "MaxRuntimeSeconds must be a whole number from 1 to 432000, not '-1'"),
    ],
)
def test_invalid_properties_fail_without_calling_aws(
    answers: Answers, stubs: dict[str, Stubber], changes: dict[str, str], reason: str
) -> None:
    handler.lambda_handler(cfn_event("Create", "DataQuality", **changes), None)
    assert answers.only["Status"] == "FAILED"
    assert reason in answers.only["Reason"]


def test_a_refused_job_fails_with_the_services_reason(answers: Answers, stubs: dict[str, Stubber]) -> None:
    stubs["sagemaker"].add_client_error("create_processing_job", "ResourceLimitExceeded", "No ml.m5.large left", 400)
    handler.lambda_handler(cfn_event("Create", "DataQuality"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("FAILED", "not-started-req-1")
    assert answers.only["Reason"] == "CreateProcessingJob was refused: ResourceLimitExceeded: No ml.m5.large left"


def test_a_failed_update_keeps_the_previous_physical_id(answers: Answers, stubs: dict[str, Stubber]) -> None:
    stubs["sagemaker"].add_client_error("create_processing_job", "ValidationException", "bad", 400)
    handler.lambda_handler(cfn_event("Update", "DataQuality"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("FAILED", "previous-job")


def test_delete_leaves_the_baseline_alone(answers: Answers, stubs: dict[str, Stubber]) -> None:
    handler.lambda_handler(cfn_event("Delete", "DataQuality"), None)
    assert (answers.only["Status"], answers.only["PhysicalResourceId"]) == ("SUCCESS", "previous-job")


def test_an_unknown_request_type_fails(answers: Answers, stubs: dict[str, Stubber]) -> None:
    handler.lambda_handler(cfn_event("Replace", "DataQuality"), None)
    assert answers.only["Reason"] == "Invalid baseline properties: unsupported request type 'Replace'"


def test_an_unexpected_error_still_answers(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(handler, "start_baseline", broken)
    handler.lambda_handler(cfn_event("Create", "DataQuality"), None)
    assert answers.only["Reason"] == "The baseline job could not be started; see the function's logs."


def test_the_reason_is_cut_to_fit_cloudformations_limit() -> None:
    event = cfn_event("Create", "DataQuality")
    sent = json.loads(cfn_response.body(event, "FAILED", "id", "x" * 5000, {}))
    assert len(sent["Reason"]) == cfn_response.REASON_LIMIT


def test_the_package_imports_boto3_only() -> None:
    loaded = zip_imports(BASELINE_LAMBDA, BASELINE_LAMBDA.handler)
    assert "boto3" in loaded

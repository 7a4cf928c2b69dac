"""Real-time and batch plans: the original's stack names, parameter names, order and values."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import ACCOUNT, MODEL_PACKAGE, CountingSuffix, make_settings
from tests.unit.request_bodies import CUSTOM_URI, realtime_body

XGBOOST_URI = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-2"
ECR_ARN = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/mlops-ecr"


def batch_body(kind: str = "builtin", **extra: object) -> dict[str, object]:
    body = realtime_body(kind)
    body.pop("data_capture_location")
    body.update(
        pipeline_type=f"byom_batch_{kind}",
        batch_inference_data="inference-bucket/data.csv",
        batch_job_output_location="bucket/output/",
    )
    body.update(extra)
    return body


def plan(body: dict[str, object], **mode: bool):  # type: ignore[no-untyped-def]
    settings = make_settings(**mode)
    return plan_request(validate_request(body, settings), settings, CountingSuffix())


def test_realtime_builtin_single_account_parameters_in_order() -> None:
    result = plan(realtime_body(endpoint_name="My-Endpoint"))
    assert result.pipeline_stack == "mlops-pipeline-testmodel-byompipelinerealtimebuiltin-codepipeline"
    assert result.provisioned_stack == "mlops-pipeline-testmodel-byompipelinerealtimebuiltin"
    assert result.blueprint_file == "byom_realtime_inference_pipeline.yaml"
    (stage,) = result.stages
    assert stage.stage is None and stage.params_file == "template_params.json"
    assert list(stage.parameters) == [
        ("AssetsBucket", "testassetsbucket"),
        ("KmsKeyArn", ""),
        ("BlueprintBucket", "testbucket"),
        ("ModelName", "testmodel"),
        ("ModelArtifactLocation", "model.tar.gz"),
        ("InferenceInstance", "ml.m5.large"),
        ("CustomAlgorithmsECRRepoArn", ECR_ARN),
        ("ImageUri", XGBOOST_URI),
        ("ModelPackageGroupName", ""),
        ("ModelPackageName", ""),
        ("DataCaptureLocation", "bucket/datacapture"),
        ("EndpointName", "my-endpoint"),
    ]


def test_realtime_custom_uses_the_custom_image_and_names_its_stack() -> None:
    result = plan(realtime_body("custom"))
    assert result.pipeline_stack == "mlops-pipeline-testmodel-byompipelinerealtimecustom-codepipeline"
    parameters = dict(result.stages[0].parameters)
    assert parameters["ImageUri"] == CUSTOM_URI
    assert parameters["EndpointName"] == ""


def test_model_name_is_lowercased_in_stack_names_only() -> None:
    result = plan(realtime_body(model_name="  TestModel "))
    assert result.provisioned_stack == "mlops-pipeline-testmodel-byompipelinerealtimebuiltin"
    assert dict(result.stages[0].parameters)["ModelName"] == "TestModel"


def test_registry_mode_uses_the_model_package_and_nothing_else() -> None:
    body = {
        "pipeline_type": "byom_realtime_builtin",
        "model_name": "testmodel",
        "model_package_name": MODEL_PACKAGE,
        "inference_instance": "ml.m5.large",
        "data_capture_location": "bucket/datacapture",
    }
    parameters = dict(plan(body, model_registry=True).stages[0].parameters)
    assert parameters["ImageUri"] == ""
    assert parameters["ModelArtifactLocation"] == ""
    assert parameters["ModelPackageGroupName"] == "xgboost"
    assert parameters["ModelPackageName"] == MODEL_PACKAGE


def test_model_package_is_not_forwarded_without_the_registry() -> None:
    settings = make_settings()
    validated = validate_request(realtime_body(model_package_name=MODEL_PACKAGE), settings)
    assert [warning.field for warning in validated.warnings] == ["model_package_name"]
    parameters = dict(plan_request(validated, settings).stages[0].parameters)
    assert parameters["ModelPackageName"] == "" and parameters["ModelPackageGroupName"] == ""


def test_batch_builtin_single_account_parameters_in_order() -> None:
    result = plan(batch_body(kms_key_arn=f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc-123"))
    assert result.pipeline_stack == "mlops-pipeline-testmodel-byompipelinebatchbuiltin-codepipeline"
    assert result.blueprint_file == "byom_batch_pipeline.yaml"
    assert list(result.stages[0].parameters) == [
        ("AssetsBucket", "testassetsbucket"),
        ("KmsKeyArn", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc-123"),
        ("BlueprintBucket", "testbucket"),
        ("ModelName", "testmodel"),
        ("ModelArtifactLocation", "model.tar.gz"),
        ("InferenceInstance", "ml.m5.large"),
        ("CustomAlgorithmsECRRepoArn", ECR_ARN),
        ("ImageUri", XGBOOST_URI),
        ("ModelPackageGroupName", ""),
        ("ModelPackageName", ""),
        ("BatchInputBucket", "inference-bucket"),
        ("BatchInferenceData", "inference-bucket/data.csv"),
        ("BatchOutputLocation", "bucket/output"),
    ]


def test_batch_custom_stack_name() -> None:
    assert plan(batch_body("custom")).pipeline_stack == "mlops-pipeline-testmodel-byompipelinebatchcustom-codepipeline"


def test_s3_scheme_is_accepted_and_removed() -> None:
    parameters = dict(plan(batch_body(batch_inference_data="s3://inference-bucket/data.csv")).stages[0].parameters)
    assert parameters["BatchInputBucket"] == "inference-bucket"
    assert parameters["BatchInferenceData"] == "inference-bucket/data.csv"


def test_multi_account_plans_one_stage_each_with_its_own_values() -> None:
    body = realtime_body(
        inference_instance={"dev": "ml.m5.large", "staging": "ml.m5.xlarge", "prod": "ml.m5.2xlarge"},
        data_capture_location={stage: f"bucket/{stage}_datacapture" for stage in ("dev", "staging", "prod")},
        endpoint_name="Shared-Endpoint",
    )
    result = plan(body, multi_account=True)
    assert [stage.stage for stage in result.stages] == ["dev", "staging", "prod"]
    assert [stage.params_file for stage in result.stages] == [
        "dev_template_params.json",
        "staging_template_params.json",
        "prod_template_params.json",
    ]
    by_stage = {stage.stage: dict(stage.parameters) for stage in result.stages}
    assert by_stage["staging"]["InferenceInstance"] == "ml.m5.xlarge"
    assert by_stage["prod"]["DataCaptureLocation"] == "bucket/prod_datacapture"
    assert {values["EndpointName"] for values in by_stage.values()} == {"shared-endpoint"}


def test_params_file_formats() -> None:
    single = plan(realtime_body()).stages[0]
    document = json.loads(single.params_file_body())
    assert list(document) == ["Parameters"] and document["Parameters"]["ModelName"] == "testmodel"
    staged = plan(realtime_body(), multi_account=True).stages[1]
    listed = json.loads(staged.params_file_body())
    assert listed[0] == {"ParameterKey": "AssetsBucket", "ParameterValue": "testassetsbucket"}
    assert [item["ParameterKey"] for item in listed] == [key for key, _ in staged.parameters]


def test_single_account_codepipeline_parameters() -> None:
    assert list(plan(realtime_body()).pipeline_parameters) == [
        ("NotificationsSNSTopicArn", f"arn:aws:sns:us-east-1:{ACCOUNT}:mlops-topic"),
        (
            "TemplateZipFileName",
            "mlops_provisioned_pipelines/mlops-pipeline-testmodel-byompipelinerealtimebuiltin/template.zip",
        ),
        ("TemplateFileName", "byom_realtime_inference_pipeline.yaml"),
        ("AssetsBucket", "testassetsbucket"),
        ("StackName", "mlops-pipeline-testmodel-byompipelinerealtimebuiltin"),
        ("TemplateParamsName", "template_params.json"),
    ]


def test_multi_account_codepipeline_parameters() -> None:
    result = plan(batch_body(), multi_account=True)
    assert result.pipeline_template_file == "multi_account_codepipeline.yaml"
    assert (
        result.pipeline_template_url
        == "https://testbucket.s3.us-east-1.amazonaws.com/blueprints/multi_account_codepipeline.yaml"
    )
    assert list(result.pipeline_parameters)[5:] == [
        ("DevParamsName", "dev_template_params.json"),
        ("StagingParamsName", "staging_template_params.json"),
        ("ProdParamsName", "prod_template_params.json"),
        ("DevAccountId", "111111111111"),
        ("DevOrgId", "ou-abcd-11111111"),
        ("StagingAccountId", "222222222222"),
        ("StagingOrgId", "ou-abcd-22222222"),
        ("ProdAccountId", "333333333333"),
        ("ProdOrgId", "ou-abcd-33333333"),
        ("BlueprintBucket", "testbucket"),
        ("DelegatedAdminAccount", "Yes"),
    ]


@pytest.mark.parametrize("kind", ["builtin", "custom"])
def test_dry_run_plan_lists_every_stage(kind: str) -> None:
    summary = plan(realtime_body(kind), multi_account=True).as_dict()
    assert summary["stack_name"].endswith("-codepipeline")
    assert sorted(summary["stages"]) == ["dev", "prod", "staging"]
    assert summary["template_zip"].endswith("/template.zip")

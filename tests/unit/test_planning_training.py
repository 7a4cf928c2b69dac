"""Training, tuning, Autopilot and image-builder plans."""

from __future__ import annotations

import json

from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import ACCOUNT, CountingSuffix, make_settings

TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:mlops-topic"


def training_body(**extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "pipeline_type": "model_training_builtin",
        "model_name": "TestModel",
        "model_framework": "xgboost",
        "model_framework_version": "1.2-2",
        "training_data": "training/data.csv",
        "job_output_location": "training/output/",
        "algo_hyperparamaters": {"eta": 0.2, "num_round": 10},
    }
    body.update(extra)
    return body


def plan(body: dict[str, object], **mode: bool):  # type: ignore[no-untyped-def]
    settings = make_settings(**mode)
    return plan_request(validate_request(body, settings), settings, CountingSuffix())


def test_training_defaults_in_the_original_order() -> None:
    result = plan(training_body())
    assert result.pipeline_stack == "mlops-pipeline-testmodel-modeltraining-codepipeline"
    assert result.blueprint_file == "model_training_pipeline.yaml"
    assert list(result.stages[0].parameters) == [
        ("AssetsBucket", "testassetsbucket"),
        ("KmsKeyArn", ""),
        ("BlueprintBucket", "testbucket"),
        ("NotificationsSNSTopicArn", TOPIC),
        ("JobName", "TestModel-training-s001"),
        ("ImageUri", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-2"),
        ("InstanceType", "ml.m4.xlarge"),
        ("JobInstanceCount", "1"),
        ("InstanceVolumeSize", "20"),
        ("JobOutputLocation", "training/output"),
        ("TrainingData", "training/data.csv"),
        ("ValidationData", ""),
        ("EncryptInnerTraffic", "True"),
        ("MaxRuntimePerJob", "86400"),
        ("UseSpotInstances", "True"),
        ("MaxWaitTimeForSpotInstances", "172800"),
        ("ContentType", "csv"),
        ("S3DataType", "S3Prefix"),
        ("DataDistribution", "FullyReplicated"),
        ("CompressionType", ""),
        ("DataInputMode", "File"),
        ("DataRecordWrapping", ""),
        ("AttributeNames", ""),
        ("AlgoHyperparameteres", json.dumps({"eta": 0.2, "num_round": 10})),
    ]


def test_training_stays_single_account_in_multi_account_mode() -> None:
    result = plan(training_body(), multi_account=True)
    assert result.pipeline_template_file == "single_account_codepipeline.yaml"
    assert [stage.stage for stage in result.stages] == [None]
    assert dict(result.pipeline_parameters)["TemplateParamsName"] == "template_params.json"


def test_training_options_are_normalised() -> None:
    values = dict(
        plan(
            training_body(
                use_spot_instances=False,
                encrypt_inner_traffic="false",
                instance_count="2",
                attribute_names=["source-ref", "class"],
                compression_type="Gzip",
                job_name="my-job",
            )
        )
        .stages[0]
        .parameters
    )
    assert values["UseSpotInstances"] == "False"
    assert values["EncryptInnerTraffic"] == "False"
    assert values["JobInstanceCount"] == "2"
    assert values["AttributeNames"] == '["source-ref", "class"]'
    assert values["CompressionType"] == "Gzip"
    assert values["JobName"] == "my-job"


def test_tuner_adds_config_and_ranges_and_fits_the_32_character_limit() -> None:
    body = training_body(
        pipeline_type="model_tuner_builtin",
        model_name="a-rather-long-model-name-for-tuning",
        tuner_configs={"objective_metric_name": "validation:auc", "max_jobs": 4},
        hyperparamaters_ranges={"eta": ["continuous", [0.1, 0.5]], "booster": ["categorical", ["gbtree"]]},
    )
    result = plan(body)
    parameters = result.stages[0].parameters
    assert len(parameters) == 26
    assert [name for name, _ in parameters][-2:] == [
        "HyperparametersTunerConfig",
        "AlgoHyperparameteresRange",
    ]
    values = dict(parameters)
    assert len(values["JobName"]) <= 32 and values["JobName"].endswith("-tuner-s001")
    assert result.pipeline_stack == "mlops-pipeline-a-rather-long-model-name-for-tuning-tunertraining-codepipeline"


def test_autopilot_parameters_in_order() -> None:
    body = {
        "pipeline_type": "model_autopilot_training",
        "model_name": "testmodel",
        "training_data": "training/data.csv",
        "job_output_location": "autopilot/",
        "target_attribute": "label",
        "compression_type": "Gzip",
        "generate_definition_only": True,
    }
    result = plan(body)
    assert result.pipeline_stack == "mlops-pipeline-testmodel-autopilottraining-codepipeline"
    assert list(result.stages[0].parameters) == [
        ("AssetsBucket", "testassetsbucket"),
        ("KmsKeyArn", ""),
        ("BlueprintBucket", "testbucket"),
        ("NotificationsSNSTopicArn", TOPIC),
        ("JobName", "testmodel-autopilot-s001"),
        ("ProblemType", ""),
        ("AutopilotJobObjective", ""),
        ("TrainingData", "training/data.csv"),
        ("TargetAttribute", "label"),
        ("JobOutputLocation", "autopilot"),
        ("CompressionType", "Gzip"),
        ("AutopilotMaxCandidates", "10"),
        ("EncryptInnerTraffic", "True"),
        ("MaxRuntimePerJob", "86400"),
        ("AutopilotTotalRuntime", "2592000"),
        ("GenerateDefinitionsOnly", "True"),
    ]


def test_image_builder_is_its_own_pipeline_stack_without_template_zip() -> None:
    body = {
        "pipeline_type": "byom_image_builder",
        "custom_algorithm_docker": "custom/custom_image.zip",
        "ecr_repo_name": "mlops-ecrrep",
        "image_tag": "Tree",
    }
    result = plan(body)
    assert result.pipeline_stack == "mlops-pipeline-tree-byompipelineimagebuilder"
    assert result.template_zip_key is None and result.stages == ()
    assert result.pipeline_template_url.endswith("/blueprints/byom_custom_algorithm_image_builder.yaml")
    assert list(result.pipeline_parameters) == [
        ("NotificationsSNSTopicArn", TOPIC),
        ("AssetsBucket", "testassetsbucket"),
        ("CustomImage", "custom/custom_image.zip"),
        ("ECRRepoName", "mlops-ecrrep"),
        ("ImageTag", "Tree"),
    ]

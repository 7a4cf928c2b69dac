"""The four monitor blueprints: parameters, conditions, baseline Lambda and custom resource, job definition,
schedule, IAM, outputs, cdk-nag (through synth) and cfn-lint. One synthesis per type per module."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.blueprints.model_monitor.kinds import KINDS, MonitorKind
from mlops_orchestrator.blueprints.model_monitor.runtime_package import BASELINE_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.cfn_parameters import parameter_problems
from tests.infra.blueprint_checks import BOUNDARY_CONDITION, all_actions, policy_statements, wildcard
from tests.infra.support import Synthesized, cfn_lint, synthesize
from tests.support import MODES, example, mode_settings

NO_VALUE = {"Ref": "AWS::NoValue"}
SM = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}"
S3 = "arn:${AWS::Partition}:s3:::"
RUNTIME_DEFAULTS = {"DataQuality": "3600", "ModelQuality": "1800", "ModelBias": "1800", "ModelExplainability": "3600"}
CONSOLE = "https://s3.console.aws.amazon.com/s3/buckets/"


@pytest.fixture(scope="module", params=KINDS, ids=[kind.monitoring_type for kind in KINDS])
def mon(request: pytest.FixtureRequest) -> tuple[MonitorKind, Synthesized]:
    kind: MonitorKind = request.param
    synthesized = synthesize(stack_of(kind.blueprint).build)
    assert synthesized.stack.node.id == f"{kind.monitoring_type}ModelMonitorStack"
    assert stack_of(kind.blueprint).options == {"kind": kind}
    return kind, synthesized


def sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


def provided(name: str) -> dict[str, Any]:
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


def binary_and(name: str) -> dict[str, Any]:
    return {"Fn::And": [{"Fn::Equals": [{"Ref": "ProblemType"}, "BinaryClassification"]}, provided(name)]}


def when(condition: str, value: Any) -> dict[str, Any]:
    return {"Fn::If": [condition, value, NO_VALUE]}


def test_parameters_are_the_catalogs_with_the_types_runtime_default(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    assert bp.json["Parameters"] == kind.blueprint.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [param.name for param in kind.blueprint.parameters]
    runtime = bp.json["Parameters"]["MonitorMaxRuntimeSeconds"]
    assert runtime == {
        "Type": "Number",
        "Description": "Maximum runtime of each monitoring job in seconds.",
        "Default": RUNTIME_DEFAULTS[kind.monitoring_type],
        "MinValue": 1,
        "MaxValue": 86400,
    }
    assert bp.json["Description"].endswith(f"({kind.tag})")


def test_conditions(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    expected: dict[str, Any] = {
        "KmsKeyProvided": provided("KmsKeyArn"),
        "ModelPackageGiven": provided("ModelPackageName"),
    }
    if kind.monitoring_type != "DataQuality":
        expected["InferenceAttributeProvided"] = provided("MonitorInferenceAttribute")
        expected["ProblemTypeBinaryClassificationProbabilityAttributeProvided"] = binary_and(
            "MonitorProbabilityAttribute"
        )
    if kind.monitoring_type in ("ModelQuality", "ModelBias"):
        expected["ProblemTypeBinaryClassificationProbabilityThresholdProvided"] = binary_and(
            "ProbabilityThresholdAttribute"
        )
    if kind.clarify:
        expected["FeaturesAttributeProvided"] = provided("FeaturesAttribute")
    assert bp.json["Conditions"] == BOUNDARY_CONDITION | expected


def test_baseline_function_from_the_blueprint_bucket_without_retries(mon: tuple[MonitorKind, Synthesized]) -> None:
    _, bp = mon
    function = bp.only("AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": BASELINE_LAMBDA.key}
    assert BASELINE_LAMBDA.key == "blueprints/lambdas/create_baseline_job.zip"
    assert props["Handler"] == "mlops_orchestrator.blueprints.model_monitor.runtime.handler.lambda_handler"
    assert (props["Runtime"], props["Architectures"], props["Timeout"], props["MemorySize"]) == (
        "python3.14",
        ["arm64"],
        120,
        256,
    )
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["Role"] == bp.get_att("BaselineFunctionRole", "Arn")
    assert function["Metadata"]["cfn-lint"] == {"config": {"ignore_checks": ["W3005"]}}
    assert bp.only("AWS::Lambda::EventInvokeConfig")["Properties"]["MaximumRetryAttempts"] == 0
    assert "cdk-hnb659fds" not in json.dumps(bp.json)


def test_the_custom_resource_carries_every_baseline_input(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    resource = bp.only("Custom::MonitorBaselineJob")
    ref = {name: {"Ref": name} for name in bp.json["Parameters"]}
    expected = {
        "ServiceToken": bp.get_att("BaselineFunction", "Arn"),
        "MonitoringType": kind.monitoring_type,
        "BaselineJobName": ref["BaselineJobName"],
        "AssetsBucket": ref["AssetsBucket"],
        "BaselineData": ref["BaselineData"],
        "BaselineJobOutputLocation": ref["BaselineJobOutputLocation"],
        "ImageUri": ref["ImageUri"],
        "RoleArn": bp.get_att("BaselineExecution/Role", "Arn"),
        "InstanceType": ref["InstanceType"],
        "InstanceCount": ref["JobInstanceCount"],
        "InstanceVolumeSize": ref["InstanceVolumeSize"],
        "MaxRuntimeSeconds": ref["BaselineMaxRuntimeSeconds"],
        "KmsKeyArn": ref["KmsKeyArn"],
        "EndpointName": ref["EndpointName"],
        "StackName": {"Ref": "AWS::StackName"},
        "ModelPackageName": ref["ModelPackageName"],
        **{prop: ref[param] for prop, param in kind.baseline_attributes},
    }
    if kind.clarify:
        # Clarify serves the model made from the version when one is given, else the endpoint's ("").
        expected["ModelName"] = {"Fn::If": ["ModelPackageGiven", bp.get_att("BaselinedModel", "ModelName"), ""]}
    assert resource["Properties"] == expected
    assert sorted(resource["DependsOn"]) == sorted(
        [bp.logical_id("BaselineFunctionPolicy"), bp.logical_id("BaselineFunctionRole/DefaultPolicy")]
    )


def expected_job_input(kind: MonitorKind) -> dict[str, Any]:
    endpoint: dict[str, Any] = {
        "EndpointName": {"Ref": "EndpointName"},
        "LocalPath": f"/opt/ml/processing/input/{kind.snake}_input",
        "S3InputMode": "File",
        "S3DataDistributionType": "FullyReplicated",
    }
    if kind.monitoring_type != "DataQuality":
        if kind.clarify:
            endpoint["FeaturesAttribute"] = when("FeaturesAttributeProvided", {"Ref": "FeaturesAttribute"})
        endpoint["InferenceAttribute"] = when("InferenceAttributeProvided", {"Ref": "MonitorInferenceAttribute"})
        endpoint["ProbabilityAttribute"] = when(
            "ProblemTypeBinaryClassificationProbabilityAttributeProvided", {"Ref": "MonitorProbabilityAttribute"}
        )
    if kind.ground_truth:
        endpoint["ProbabilityThresholdAttribute"] = when(
            "ProblemTypeBinaryClassificationProbabilityThresholdProvided", {"Ref": "ProbabilityThresholdAttribute"}
        )
    job_input: dict[str, Any] = {"EndpointInput": endpoint}
    if kind.ground_truth:
        job_input["GroundTruthS3Input"] = {"S3Uri": sub("s3://${MonitorGroundTruthInput}")}
    return job_input


def test_job_definition_of_the_type(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    t = kind.monitoring_type
    definition = bp.only(f"AWS::SageMaker::{t}JobDefinition")
    props = definition["Properties"]
    baseline = "s3://${BaselineJobOutputLocation}"
    app: dict[str, Any] = {"ImageUri": {"Ref": "ImageUri"}}
    if t == "ModelQuality":
        app["ProblemType"] = {"Ref": "ProblemType"}
    if kind.clarify:
        app["ConfigUri"] = sub(f"{baseline}/monitor/analysis_config.json")
        baseline_config: dict[str, Any] = {"ConstraintsResource": {"S3Uri": sub(f"{baseline}/analysis.json")}}
    else:
        baseline_config = {"ConstraintsResource": {"S3Uri": sub(f"{baseline}/constraints.json")}}
    if t == "DataQuality":
        baseline_config["StatisticsResource"] = {"S3Uri": sub(f"{baseline}/statistics.json")}
    kms = when("KmsKeyProvided", {"Ref": "KmsKeyArn"})
    assert props == {
        f"{t}AppSpecification": app,
        f"{t}BaselineConfig": baseline_config,
        f"{t}JobInput": expected_job_input(kind),
        f"{t}JobOutputConfig": {
            "MonitoringOutputs": [
                {
                    "S3Output": {
                        "S3Uri": sub("s3://${MonitoringOutputLocation}"),
                        "LocalPath": f"/opt/ml/processing/output/{kind.snake}_output",
                        "S3UploadMode": "EndOfJob",
                    }
                }
            ],
            "KmsKeyId": kms,
        },
        "JobResources": {
            "ClusterConfig": {
                "InstanceCount": {"Ref": "JobInstanceCount"},
                "InstanceType": {"Ref": "InstanceType"},
                "VolumeSizeInGB": {"Ref": "InstanceVolumeSize"},
                "VolumeKmsKeyId": kms,
            }
        },
        "RoleArn": bp.get_att("MonitorExecution/Role", "Arn"),
        "StoppingCondition": {"MaxRuntimeInSeconds": {"Ref": "MonitorMaxRuntimeSeconds"}},
        "Tags": [{"Key": "stack-name", "Value": {"Ref": "AWS::StackName"}}],
    }
    assert sorted(definition["DependsOn"]) == sorted(
        [bp.logical_id("BaselineJob"), bp.logical_id("MonitorExecution/Policy")]
    )


def test_schedule_runs_the_job_definition_on_the_expression(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    t = kind.monitoring_type
    schedule = bp.only("AWS::SageMaker::MonitoringSchedule")
    assert schedule["Properties"] == {
        "MonitoringScheduleName": {"Ref": "MonitoringScheduleName"},
        "MonitoringScheduleConfig": {
            "ScheduleConfig": {"ScheduleExpression": {"Ref": "ScheduleExpression"}},
            "MonitoringJobDefinitionName": {"Fn::GetAtt": [f"{t}JobDefinition", "JobDefinitionName"]},
            "MonitoringType": t,
        },
        "Tags": [{"Key": "stack-name", "Value": {"Ref": "AWS::StackName"}}],
    }
    assert schedule["DependsOn"] == [bp.logical_id("MonitorExecution/Policy")]


def test_outputs(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    outputs = {name: output["Value"] for name, output in bp.json["Outputs"].items()}
    assert outputs == {
        "BaselineName": bp.get_att("BaselineJob", "JobName"),
        "BaselineModelPackageName": {"Ref": "ModelPackageName"},
        "MonitoringScheduleJobName": {"Ref": "MonitoringScheduleName"},
        "MonitoringScheduleType": kind.monitoring_type,
        "BaselineJobOutput": sub(f"{CONSOLE}${{BaselineJobOutputLocation}}/"),
        "MonitoringScheduleOutput": sub(
            f"{CONSOLE}${{MonitoringOutputLocation}}/${{EndpointName}}/${{MonitoringScheduleName}}/"
        ),
        "MonitoredSagemakerEndpoint": {"Ref": "EndpointName"},
        "DataCaptureS3Location": sub(f"{CONSOLE}${{DataCaptureLocation}}/${{EndpointName}}/"),
    }
    # Listed only when a version is given: an empty output would say nothing.
    conditional = {name: output["Condition"] for name, output in bp.json["Outputs"].items() if "Condition" in output}
    assert conditional == {"BaselineModelPackageName": "ModelPackageGiven"}


def s3_statement(sid: str, actions: list[str] | str, path: str) -> tuple[str | None, dict[str, Any]]:
    return None, {"Action": actions, "Effect": "Allow", "Resource": sub(f"{S3}{path}"), "Sid": sid}


CLARIFY_ACTIONS = [
    "sagemaker:AddTags",
    "sagemaker:CreateEndpoint",
    "sagemaker:CreateEndpointConfig",
    "sagemaker:DeleteEndpoint",
    "sagemaker:DeleteEndpointConfig",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:InvokeEndpoint",
]


def common_job_statements() -> dict[str, tuple[str | None, dict[str, Any]]]:
    return {
        "ClarifyShadowEndpoint": (
            None,
            {
                "Action": CLARIFY_ACTIONS,
                "Effect": "Allow",
                "Resource": [sub(f"{SM}:endpoint/sm-clarify-*"), sub(f"{SM}:endpoint-config/sm-clarify-*")],
                "Sid": "ClarifyShadowEndpoint",
            },
        ),
        "WriteLogs": (
            None,
            {
                "Action": [
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                ],
                "Effect": "Allow",
                "Resource": sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/ProcessingJobs*"
                ),
                "Sid": "WriteLogs",
            },
        ),
        "PublishMetrics": (
            None,
            {
                "Action": "cloudwatch:PutMetricData",
                "Condition": {"StringLike": {"cloudwatch:namespace": ["/aws/sagemaker/*", "aws/sagemaker/*"]}},
                "Effect": "Allow",
                "Resource": "*",
                "Sid": "PublishMetrics",
            },
        ),
        "UseKmsKey": (
            "KmsKeyProvided",
            {
                "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
                "Effect": "Allow",
                "Resource": {"Ref": "KmsKeyArn"},
                "Sid": "UseKmsKey",
            },
        ),
    }


def test_baseline_job_role_reads_the_data_and_writes_the_baseline_only(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    role = bp.resource("BaselineExecution/Role")["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    common = common_job_statements()
    expected = {
        "ListBaselineData": s3_statement("ListBaselineData", "s3:ListBucket", "${AssetsBucket}"),
        "ReadBaselineData": s3_statement("ReadBaselineData", "s3:GetObject", "${AssetsBucket}/${BaselineData}*"),
        "WriteBaseline": s3_statement(
            "WriteBaseline", ["s3:AbortMultipartUpload", "s3:PutObject"], "${BaselineJobOutputLocation}/*"
        ),
    }
    if kind.clarify:
        expected["ListAnalysisConfig"] = s3_statement("ListAnalysisConfig", "s3:ListBucket", "${BaselineOutputBucket}")
        expected["ReadAnalysisConfig"] = s3_statement(
            "ReadAnalysisConfig", "s3:GetObject", "${BaselineJobOutputLocation}/*"
        )
        expected["ClarifyShadowEndpoint"] = common["ClarifyShadowEndpoint"]
    if kind.monitoring_type == "ModelExplainability":
        expected["ReadShapBaseline"] = s3_statement("ReadShapBaseline", "s3:GetObject", "${AssetsBucket}/*")
    for sid in ("WriteLogs", "PublishMetrics", "UseKmsKey"):
        expected[sid] = common[sid]
    assert policy_statements(bp.resource("BaselineExecution/Policy")) == expected


def test_monitor_role_reads_capture_baseline_ground_truth_and_writes_reports(
    mon: tuple[MonitorKind, Synthesized],
) -> None:
    kind, bp = mon
    common = common_job_statements()
    expected = {
        "ListDataCapture": s3_statement("ListDataCapture", "s3:ListBucket", "${DataCaptureBucket}"),
        "ReadDataCapture": s3_statement("ReadDataCapture", "s3:GetObject", "${DataCaptureLocation}/*"),
        "ListBaseline": s3_statement("ListBaseline", "s3:ListBucket", "${BaselineOutputBucket}"),
        "ReadBaseline": s3_statement("ReadBaseline", "s3:GetObject", "${BaselineJobOutputLocation}/*"),
        "WriteMonitoringReports": s3_statement(
            "WriteMonitoringReports", ["s3:AbortMultipartUpload", "s3:PutObject"], "${MonitoringOutputLocation}/*"
        ),
    }
    if kind.ground_truth:
        expected["ListGroundTruth"] = s3_statement("ListGroundTruth", "s3:ListBucket", "${GroundTruthBucket}")
        expected["ReadGroundTruth"] = s3_statement("ReadGroundTruth", "s3:GetObject", "${MonitorGroundTruthInput}/*")
    if kind.clarify:
        expected["ClarifyShadowEndpoint"] = common["ClarifyShadowEndpoint"]
    for sid in ("WriteLogs", "PublishMetrics", "UseKmsKey"):
        expected[sid] = common[sid]
    assert policy_statements(bp.resource("MonitorExecution/Policy")) == expected


def test_baseline_function_may_only_start_this_baseline(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    policy = bp.resource("BaselineFunctionPolicy")
    assert policy["Properties"]["Roles"] == [bp.ref("BaselineFunctionRole")]
    expected: dict[str, tuple[str | None, dict[str, Any]]] = {
        "CreateBaselineJob": (
            None,
            {
                "Action": ["sagemaker:AddTags", "sagemaker:CreateProcessingJob"],
                "Effect": "Allow",
                "Resource": sub(f"{SM}:processing-job/${{BaselineJobName}}*"),
                "Sid": "CreateBaselineJob",
            },
        ),
        "PassJobRole": (
            None,
            {
                "Action": "iam:PassRole",
                "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
                "Effect": "Allow",
                "Resource": bp.get_att("BaselineExecution/Role", "Arn"),
                "Sid": "PassJobRole",
            },
        ),
    }
    if kind.clarify:
        expected["ReadDatasetHeader"] = s3_statement(
            "ReadDatasetHeader", "s3:GetObject", "${AssetsBucket}/${BaselineData}"
        )
        expected["WriteAnalysisConfigs"] = (
            None,
            {
                "Action": "s3:PutObject",
                "Effect": "Allow",
                "Resource": [
                    sub(f"{S3}${{BaselineJobOutputLocation}}/analysis_config.json"),
                    sub(f"{S3}${{BaselineJobOutputLocation}}/monitor/analysis_config.json"),
                ],
                "Sid": "WriteAnalysisConfigs",
            },
        )
        expected["FindEndpointModel"] = (
            None,
            {
                "Action": ["sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig"],
                "Effect": "Allow",
                "Resource": [sub(f"{SM}:endpoint/${{EndpointName}}"), sub(f"{SM}:endpoint-config/*")],
                "Sid": "FindEndpointModel",
            },
        )
    expected["UseKmsKey"] = (
        "KmsKeyProvided",
        {
            "Action": ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": {"Ref": "KmsKeyArn"},
            "Sid": "UseKmsKey",
        },
    )
    assert policy_statements(policy) == expected


def test_no_wildcard_actions_and_every_resource_accounted_for(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    assert not [action for action in all_actions(bp.json) if wildcard(action)]
    # Clarify kinds: the baselined model, its role and policy (registry mode only, see below).
    baselined_model = ["AWS::IAM::Policy", "AWS::IAM::Role", "AWS::SageMaker::Model"] if kind.clarify else []
    assert sorted(resource["Type"] for resource in bp.json["Resources"].values()) == sorted(
        [
            *baselined_model,
            "AWS::IAM::Policy",
            "AWS::IAM::Policy",
            "AWS::IAM::Policy",
            "AWS::IAM::Policy",
            "AWS::IAM::Role",
            "AWS::IAM::Role",
            "AWS::IAM::Role",
            "AWS::Lambda::EventInvokeConfig",
            "AWS::Lambda::Function",
            "AWS::Logs::LogGroup",
            "Custom::MonitorBaselineJob",
            f"AWS::SageMaker::{kind.monitoring_type}JobDefinition",
            "AWS::SageMaker::MonitoringSchedule",
        ]
    )


def test_only_clarify_kinds_make_a_model_from_the_given_version(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    conditional = {
        resource["Type"]
        for resource in bp.json["Resources"].values()
        if resource.get("Condition") == "ModelPackageGiven"
    }
    if not kind.clarify:
        assert conditional == set()
        assert not bp.resources("AWS::SageMaker::Model")
        return
    assert conditional == {"AWS::IAM::Role", "AWS::IAM::Policy", "AWS::SageMaker::Model"}
    model = bp.only("AWS::SageMaker::Model")
    assert model["Condition"] == "ModelPackageGiven"
    assert model["Properties"] == {
        "ExecutionRoleArn": bp.get_att("BaselinedModelExecution/Role", "Arn"),
        "PrimaryContainer": {"ModelPackageName": {"Ref": "ModelPackageName"}},
        "Tags": [{"Key": "stack-name", "Value": {"Ref": "AWS::StackName"}}],
    }
    # SageMaker checks the package and its image with the role when it creates the model.
    assert model["DependsOn"] == [bp.logical_id("BaselinedModelExecution/Policy")]
    role = bp.resource("BaselinedModelExecution/Role")
    assert role["Condition"] == "ModelPackageGiven"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "sagemaker.amazonaws.com"
    }
    assert role["Properties"]["PermissionsBoundary"] == {
        "Fn::If": ["PermissionsBoundaryGiven", {"Ref": "PermissionsBoundaryArn"}, NO_VALUE]
    }


def package_arn_part(index: int) -> dict[str, Any]:
    return {"Fn::Select": [index, {"Fn::Split": [":", {"Ref": "ModelPackageName"}]}]}


def test_the_baselined_models_role_may_serve_that_package_only(mon: tuple[MonitorKind, Synthesized]) -> None:
    kind, bp = mon
    if not kind.clarify:
        names = [policy["Properties"]["PolicyName"] for policy in bp.resources("AWS::IAM::Policy").values()]
        assert "baselined-model-execution" not in names, "the analyzer kinds serve no model"
        return
    policy = bp.resource("BaselinedModelExecution/Policy")
    assert policy["Condition"] == "ModelPackageGiven"
    assert policy["Properties"]["Roles"] == [bp.ref("BaselinedModelExecution/Role")]
    package = {"Ref": "ModelPackageName"}
    group = {
        "Fn::Join": [
            "",
            [
                {"Fn::Select": [0, {"Fn::Split": ["model-package/", package]}]},
                "model-package-group/",
                {"Fn::Select": [1, {"Fn::Split": ["/", package]}]},
            ],
        ]
    }
    repositories = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":ecr:",
                package_arn_part(3),
                ":",
                package_arn_part(4),
                ":repository/*",
            ],
        ]
    }
    assert policy_statements(policy) == {
        "ReadModelPackage": (
            None,
            {
                "Action": ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup"],
                "Effect": "Allow",
                "Resource": [package, group],
                "Sid": "ReadModelPackage",
            },
        ),
        "ReadRegisteredArtifacts": s3_statement("ReadRegisteredArtifacts", "s3:GetObject", "${AssetsBucket}/*"),
        "PullPackageImage": (
            None,
            {
                "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Effect": "Allow",
                "Resource": repositories,
                "Sid": "PullPackageImage",
            },
        ),
        "EcrLogin": (
            None,
            {"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*", "Sid": "EcrLogin"},
        ),
        "WriteLogs": (
            None,
            {
                "Action": [
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                ],
                "Effect": "Allow",
                # Clarify's shadow endpoints only: the model is served nowhere else.
                "Resource": sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                    "/aws/sagemaker/Endpoints/sm-clarify-*"
                ),
                "Sid": "WriteLogs",
            },
        ),
        "PublishInstanceMetrics": (
            None,
            {
                "Action": "cloudwatch:PutMetricData",
                "Condition": {"StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/Endpoints"}},
                "Effect": "Allow",
                "Resource": "*",
                "Sid": "PublishInstanceMetrics",
            },
        ),
        "UseKmsKey": common_job_statements()["UseKmsKey"],
    }


def test_cfn_lint_finds_nothing(mon: tuple[MonitorKind, Synthesized]) -> None:
    _, bp = mon
    assert cfn_lint(bp.json) == []


# The modes without the model registry: a monitor's plan is the same with it (tests/golden/*_monitor.*.json).
@pytest.mark.parametrize("mode", [name for name, mode in MODES.items() if not mode.model_registry])
def test_the_example_requests_satisfy_the_template(mon: tuple[MonitorKind, Synthesized], mode: str) -> None:
    kind, bp = mon
    settings = mode_settings(MODES[mode])
    plan = plan_request(validate_request(example(kind.blueprint.file_name.removesuffix(".yaml")), settings), settings)
    for stage in plan.stages:
        assert parameter_problems(bp.json, dict(stage.parameters)) == []

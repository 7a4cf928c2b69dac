"""byom_realtime_inference_pipeline.yaml: parameters, conditions, model, endpoint, extras, inference API, IAM, outputs."""

from __future__ import annotations

import pytest

from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import REALTIME
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.cfn_parameters import parameter_problems
from tests.infra.blueprint_checks import BOUNDARY_CONDITION, all_actions, policy_statements, wildcard
from tests.infra.support import Synthesized, cfn_lint, synthesize
from tests.support import example, make_settings

NO_VALUE = {"Ref": "AWS::NoValue"}
ROLE = "MLOpsRealtimeSagemakerRole/Role"
POLICY = "MLOpsRealtimeSagemakerRole/Policy"

# The pipelines' deploy role changes or deletes only SageMaker resources with this tag (an mlops-pipeline* stack).
OWNER_TAG = {"Key": "stack-name", "Value": {"Ref": "AWS::StackName"}}


def provided(name: str) -> dict[str, object]:
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    synthesized = synthesize(stack_of(REALTIME).build)
    assert synthesized.stack.node.id == "BYOMRealtimePipelineStack"
    return synthesized


def test_parameters_are_the_catalogs_in_order(bp: Synthesized) -> None:
    assert bp.json["Parameters"] == REALTIME.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [param.name for param in REALTIME.parameters]
    optional = list(bp.json["Parameters"])[12:]
    assert all("Default" in bp.json["Parameters"][name] for name in optional)


def test_conditions(bp: Synthesized) -> None:
    assert bp.json["Conditions"] == BOUNDARY_CONDITION | {
        "CustomECRRepoProvided": provided("CustomAlgorithmsECRRepoArn"),
        "KmsKeyProvided": provided("KmsKeyArn"),
        "ModelRegistryProvided": provided("ModelPackageName"),
        "EndpointNameProvided": provided("EndpointName"),
        "DeploymentGuardrailEnabled": provided("DeploymentStrategy"),
        "CanaryDeployment": {"Fn::Equals": [{"Ref": "DeploymentStrategy"}, "CANARY"]},
        "LinearDeployment": {"Fn::Equals": [{"Ref": "DeploymentStrategy"}, "LINEAR"]},
        "RollbackAlarmProvided": provided("RollbackAlarmName"),
        "ImageUriProvided": provided("ImageUri"),
        "AutoscalingEnabled": {"Fn::Not": [{"Fn::Equals": [{"Ref": "AutoscalingMaxCapacity"}, "0"]}]},
    }


def test_an_image_is_required_unless_a_model_package_is_given(bp: Synthesized) -> None:
    assert bp.json["Rules"] == {
        "ImageOrModelPackage": {
            "RuleCondition": {"Fn::Equals": [{"Ref": "ModelPackageName"}, ""]},
            "Assertions": [
                {
                    "Assert": provided("ImageUri"),
                    "AssertDescription": "ImageUri is required unless ModelPackageName (registry mode) is given.",
                }
            ],
        }
    }


def test_model_from_the_image_and_artifact_or_from_the_model_package(bp: Synthesized) -> None:
    model = bp.only("AWS::SageMaker::Model")
    assert model["DependsOn"] == [bp.logical_id(POLICY)]
    assert model["Properties"] == {
        "ExecutionRoleArn": bp.get_att(ROLE, "Arn"),
        "PrimaryContainer": {
            "Fn::If": [
                "ModelRegistryProvided",
                {"ModelPackageName": {"Ref": "ModelPackageName"}},
                {
                    "Image": {"Fn::If": ["ImageUriProvided", {"Ref": "ImageUri"}, NO_VALUE]},
                    "ModelDataUrl": {"Fn::Sub": "s3://${AssetsBucket}/${ModelArtifactLocation}"},
                },
            ]
        },
        "Tags": [{"Key": "model_name", "Value": {"Ref": "ModelName"}}, OWNER_TAG],
    }


def test_endpoint_config_one_variant_with_data_capture_and_kms(bp: Synthesized) -> None:
    kms = {"Fn::If": ["KmsKeyProvided", {"Ref": "KmsKeyArn"}, NO_VALUE]}
    assert bp.only("AWS::SageMaker::EndpointConfig")["Properties"] == {
        "ProductionVariants": [
            {
                "VariantName": "AllTraffic",
                "ModelName": bp.get_att("MLOpsSagemakerModel", "ModelName"),
                "InitialInstanceCount": {"Ref": "InitialInstanceCount"},
                "InstanceType": {"Ref": "InferenceInstance"},
                "InitialVariantWeight": 1,
            }
        ],
        "DataCaptureConfig": {
            "EnableCapture": True,
            "InitialSamplingPercentage": {"Ref": "DataCaptureSamplingPercentage"},
            "DestinationS3Uri": {"Fn::Sub": "s3://${DataCaptureLocation}"},
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
            "CaptureContentTypeHeader": {
                "CsvContentTypes": ["text/csv"],
                "JsonContentTypes": ["application/json", "application/jsonlines"],
            },
            "KmsKeyId": kms,
        },
        "KmsKeyId": kms,
        "Tags": [{"Key": "endpoint-config-name", "Value": {"Fn::Sub": "${ModelName}-endpoint-config"}}, OWNER_TAG],
    }


def test_endpoint_named_when_asked_with_an_optional_blue_green_guardrail(bp: Synthesized) -> None:
    step = {"Type": {"Ref": "TrafficShiftSizeType"}, "Value": {"Ref": "TrafficShiftSize"}}
    guardrail = {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": {"Ref": "DeploymentStrategy"},
                "WaitIntervalInSeconds": {"Ref": "TrafficShiftWaitSeconds"},
                "CanarySize": {"Fn::If": ["CanaryDeployment", step, NO_VALUE]},
                "LinearStepSize": {"Fn::If": ["LinearDeployment", step, NO_VALUE]},
            },
            "TerminationWaitInSeconds": {"Ref": "TerminationWaitSeconds"},
        },
        "AutoRollbackConfiguration": {
            "Alarms": [
                {"AlarmName": {"Fn::Sub": "${AWS::StackName}-endpoint-5xx-errors"}},
                {"Fn::If": ["RollbackAlarmProvided", {"AlarmName": {"Ref": "RollbackAlarmName"}}, NO_VALUE]},
            ]
        },
    }
    assert bp.only("AWS::SageMaker::Endpoint")["Properties"] == {
        "EndpointConfigName": bp.get_att("MLOpsSagemakerEndpointConfig", "EndpointConfigName"),
        "EndpointName": {"Fn::If": ["EndpointNameProvided", {"Ref": "EndpointName"}, NO_VALUE]},
        "DeploymentConfig": {"Fn::If": ["DeploymentGuardrailEnabled", guardrail, NO_VALUE]},
        "Tags": [{"Key": "endpoint-name", "Value": {"Fn::Sub": "${ModelName}-endpoint"}}, OWNER_TAG],
    }


def test_the_guardrails_own_alarm_watches_server_errors(bp: Synthesized) -> None:
    alarm = bp.only("AWS::CloudWatch::Alarm")
    assert alarm["Condition"] == "DeploymentGuardrailEnabled"
    assert alarm["Properties"] == {
        "AlarmName": {"Fn::Sub": "${AWS::StackName}-endpoint-5xx-errors"},
        "AlarmDescription": "Rolls back a blue/green endpoint deployment when the endpoint answers with 5xx errors.",
        "Namespace": "AWS/SageMaker",
        "MetricName": "Invocation5XXErrors",
        "Dimensions": [
            {"Name": "EndpointName", "Value": bp.get_att("MLOpsSagemakerEndpoint", "EndpointName")},
            {"Name": "VariantName", "Value": "AllTraffic"},
        ],
        "Statistic": "Sum",
        "Period": 60,
        "EvaluationPeriods": 1,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
    }


def test_autoscaling_is_off_unless_a_maximum_is_given(bp: Synthesized) -> None:
    target = bp.only("AWS::ApplicationAutoScaling::ScalableTarget")
    assert target["Condition"] == "AutoscalingEnabled"
    assert target["Properties"] == {
        "ServiceNamespace": "sagemaker",
        "ScalableDimension": "sagemaker:variant:DesiredInstanceCount",
        "ResourceId": {
            "Fn::Join": ["", ["endpoint/", bp.get_att("MLOpsSagemakerEndpoint", "EndpointName"), "/variant/AllTraffic"]]
        },
        "MinCapacity": {"Ref": "AutoscalingMinCapacity"},
        "MaxCapacity": {"Ref": "AutoscalingMaxCapacity"},
    }
    policy = bp.only("AWS::ApplicationAutoScaling::ScalingPolicy")
    assert policy["Condition"] == "AutoscalingEnabled"
    assert policy["Properties"] == {
        "PolicyName": {"Fn::Sub": "${AWS::StackName}-invocations-per-instance"},
        "PolicyType": "TargetTrackingScaling",
        "ScalingTargetId": bp.ref("EndpointScalableTarget"),
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": {"Ref": "AutoscalingTargetInvocations"},
            "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
            "ScaleOutCooldown": 60,
            "ScaleInCooldown": 300,
        },
    }


def test_execution_role_is_scoped_to_serving(bp: Synthesized) -> None:
    trust = bp.resource(ROLE)["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}}
    ]
    policy = bp.resource(POLICY)
    assert policy["Properties"]["Roles"] == [bp.ref(ROLE)]
    statements = policy_statements(policy)
    arn = "arn:${AWS::Partition}"
    expected = {
        "ReadModelArtifact": (
            None,
            ["s3:GetObject"],
            {"Fn::Sub": f"{arn}:s3:::${{AssetsBucket}}/${{ModelArtifactLocation}}"},
        ),
        "WriteLogs": (
            None,
            ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
            {"Fn::Sub": f"{arn}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/sagemaker/Endpoints/*"},
        ),
        "PublishInstanceMetrics": (None, ["cloudwatch:PutMetricData"], "*"),
        "WriteDataCapture": (None, ["s3:PutObject"], {"Fn::Sub": f"{arn}:s3:::${{DataCaptureLocation}}/*"}),
        "UseKmsKey": ("KmsKeyProvided", ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], {"Ref": "KmsKeyArn"}),
        "PullCustomImage": (
            "CustomECRRepoProvided",
            ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            {"Ref": "CustomAlgorithmsECRRepoArn"},
        ),
        "EcrLogin": ("CustomECRRepoProvided", ["ecr:GetAuthorizationToken"], "*"),
        "ReadModelPackage": (
            "ModelRegistryProvided",
            ["sagemaker:DescribeModelPackage", "sagemaker:DescribeModelPackageGroup"],
            [
                {"Ref": "ModelPackageName"},
                {
                    "Fn::Join": [
                        "",
                        [
                            {"Fn::Select": [0, {"Fn::Split": ["model-package/", {"Ref": "ModelPackageName"}]}]},
                            "model-package-group/",
                            {"Ref": "ModelPackageGroupName"},
                        ],
                    ]
                },
            ],
        ),
        "ReadRegisteredArtifacts": (
            "ModelRegistryProvided",
            ["s3:GetObject"],
            {"Fn::Sub": f"{arn}:s3:::${{AssetsBucket}}/*"},
        ),
    }
    assert set(statements) == set(expected)
    for sid, (condition, actions, resource) in expected.items():
        found_condition, statement = statements[sid]
        listed = statement["Action"]
        assert (found_condition, [listed] if isinstance(listed, str) else listed, statement["Resource"]) == (
            condition,
            actions,
            resource,
        ), sid
        assert statement["Effect"] == "Allow"
    assert statements["PublishInstanceMetrics"][1]["Condition"] == {
        "StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/Endpoints"}
    }


def test_outputs(bp: Synthesized) -> None:
    api = bp.logical_id("InferenceApi")
    stage = bp.logical_id("InferenceApi/DeploymentStage.prod")
    assert bp.json["Outputs"] == {
        "SageMakerModelName": {"Value": bp.get_att("MLOpsSagemakerModel", "ModelName")},
        "SageMakerEndpointConfigName": {"Value": bp.get_att("MLOpsSagemakerEndpointConfig", "EndpointConfigName")},
        "SageMakerEndpointName": {"Value": bp.get_att("MLOpsSagemakerEndpoint", "EndpointName")},
        "EndpointDataCaptureLocation": {
            "Description": "Endpoint data capture location (to be used by Model Monitor)",
            "Value": {"Fn::Sub": "https://s3.console.aws.amazon.com/s3/buckets/${DataCaptureLocation}/"},
        },
        "InferenceApiUrl": {
            "Value": {
                "Fn::Join": [
                    "",
                    [
                        "https://",
                        {"Ref": api},
                        ".execute-api.",
                        {"Ref": "AWS::Region"},
                        ".",
                        {"Ref": "AWS::URLSuffix"},
                        "/",
                        {"Ref": stage},
                        "/inference",
                    ],
                ]
            }
        },
    }


def test_no_wildcard_actions_and_every_resource_accounted_for(bp: Synthesized) -> None:
    assert not [action for action in all_actions(bp.json) if wildcard(action)]
    bp.template.resource_count_is("AWS::IAM::Role", 3)
    bp.template.resource_count_is("AWS::IAM::Policy", 2)
    assert len(bp.json["Resources"]) == 24


def test_cfn_lint_finds_nothing(bp: Synthesized) -> None:
    assert cfn_lint(bp.json) == []


def test_every_option_of_a_request_satisfies_the_template(bp: Synthesized) -> None:
    settings = make_settings(multi_account=True)
    body = {
        **example("byom_realtime_builtin"),
        "initial_instance_count": {"dev": 1, "staging": 2, "prod": 4},
        "autoscaling": {"min_capacity": 2, "max_capacity": 8, "target_invocations_per_instance": 750},
        "data_capture_sampling_percentage": 25,
        "deployment_config": {
            "traffic_routing": "LINEAR",
            "step_type": "INSTANCE_COUNT",
            "step_size": 1,
            "wait_seconds": 600,
            "termination_wait_seconds": 120,
            "rollback_alarm_name": "latency",
        },
    }
    plan = plan_request(validate_request(body, settings), settings)
    for stage in plan.stages:
        values = dict(stage.parameters)
        # The permissions boundary is supplied by the single-account pipeline, not by the plan.
        assert len(values) == len(REALTIME.parameters) - 1
        assert parameter_problems(bp.json, values) == []
    assert dict(plan.stages[2].parameters)["InitialInstanceCount"] == "4"
    assert dict(plan.stages[0].parameters)["AutoscalingTargetInvocations"] == "750"

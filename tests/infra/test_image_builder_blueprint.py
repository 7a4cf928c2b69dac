"""byom_custom_algorithm_image_builder.yaml: parameters, pipeline, CodeBuild project and role, notifications, outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import IMAGE_BUILDER
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.cfn_parameters import parameter_problems
from tests.infra.blueprint_checks import all_actions, wildcard
from tests.infra.support import Synthesized, cfn_lint, synthesize
from tests.support import example, make_settings

IMAGE_URI = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/${ECRRepoName}:${ImageTag}"
PUSH = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
]


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    synthesized = synthesize(stack_of(IMAGE_BUILDER).build)
    assert synthesized.stack.node.id == "BYOMCustomAlgorithmImageBuilderStack"
    return synthesized


def statements_of(bp: Synthesized, path: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = bp.resource(path)["Properties"]["PolicyDocument"]["Statement"]
    return found


def test_parameters_are_the_catalogs(bp: Synthesized) -> None:
    assert bp.json["Parameters"] == IMAGE_BUILDER.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [
        "AssetsBucket",
        "CustomImage",
        "ECRRepoName",
        "ImageTag",
        "NotificationsSNSTopicArn",
    ]
    assert "Conditions" not in bp.json


def test_pipeline_source_then_build(bp: Synthesized) -> None:
    pipeline = bp.only("AWS::CodePipeline::Pipeline")["Properties"]
    assert pipeline["ArtifactStore"] == {"Type": "S3", "Location": bp.ref("PipelineArtifacts")}
    assert pipeline["PipelineType"] == "V2"
    assert pipeline["RoleArn"] == bp.get_att("BYOMPipelineRealtimeBuild/Role", "Arn")
    source, build = pipeline["Stages"]
    assert source == {
        "Name": "Source",
        "Actions": [
            {
                "Name": "S3Source",
                "ActionTypeId": {"Category": "Source", "Owner": "AWS", "Provider": "S3", "Version": "1"},
                "Configuration": {
                    "S3Bucket": {"Ref": "AssetsBucket"},
                    "S3ObjectKey": {"Ref": "CustomImage"},
                    "PollForSourceChanges": True,
                },
                "OutputArtifacts": [{"Name": "Artifact_Source_S3Source"}],
                "RoleArn": bp.get_att("BYOMPipelineRealtimeBuild/Source/S3Source/CodePipelineActionRole", "Arn"),
                "RunOrder": 1,
            }
        ],
    }
    assert build == {
        "Name": "Build",
        "Actions": [
            {
                "Name": "CodeBuild",
                "ActionTypeId": {"Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"},
                "Configuration": {"ProjectName": bp.ref("ContainerFactory")},
                "InputArtifacts": [{"Name": "Artifact_Source_S3Source"}],
                "RoleArn": bp.get_att("BYOMPipelineRealtimeBuild/Build/CodeBuild/CodePipelineActionRole", "Arn"),
                "RunOrder": 1,
            }
        ],
    }


def test_artifact_bucket_is_secure_and_expires_old_versions(bp: Synthesized) -> None:
    bucket = bp.only("AWS::S3::Bucket")
    assert bucket["DeletionPolicy"] == "Retain"
    props = bucket["Properties"]
    assert props["BucketEncryption"] == {
        "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    }
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert props["LifecycleConfiguration"] == {
        "Rules": [
            {
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                "Status": "Enabled",
            }
        ]
    }
    [deny] = bp.only("AWS::S3::BucketPolicy")["Properties"]["PolicyDocument"]["Statement"]
    assert (deny["Effect"], deny["Condition"]) == ("Deny", {"Bool": {"aws:SecureTransport": "false"}})


def test_codebuild_builds_privileged_and_pushes_the_tagged_image(bp: Synthesized) -> None:
    project = bp.only("AWS::CodeBuild::Project")["Properties"]
    assert project["Name"] == {"Fn::Sub": "${AWS::StackName}-image-builder"}
    assert project["ServiceRole"] == bp.get_att("ContainerFactory/Role", "Arn")
    assert project["Environment"] == {
        "ComputeType": "BUILD_GENERAL1_SMALL",
        "Image": "aws/codebuild/standard:7.0",
        "ImagePullCredentialsType": "CODEBUILD",
        "PrivilegedMode": True,
        "Type": "LINUX_CONTAINER",
        "EnvironmentVariables": [
            {
                "Name": "REGISTRY",
                "Type": "PLAINTEXT",
                "Value": {"Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"},
            },
            {"Name": "IMAGE_URI", "Type": "PLAINTEXT", "Value": {"Fn::Sub": IMAGE_URI}},
        ],
    }
    assert project["TimeoutInMinutes"] == 60
    spec = json.loads(project["Source"]["BuildSpec"])
    assert spec["phases"]["pre_build"]["commands"] == [
        'aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin "$REGISTRY"'
    ]
    assert spec["phases"]["build"]["commands"] == [
        r"find . -type f \( -name serve -o -name train \) -exec chmod +x {} +",
        'docker build --tag "$IMAGE_URI" .',
        'docker push "$IMAGE_URI"',
    ]
    assert "post_build" not in spec["phases"]


def test_codebuild_may_push_to_one_repository_only(bp: Synthesized) -> None:
    statements = statements_of(bp, "ContainerFactory/Role/DefaultPolicy")
    push = {
        "Sid": "PushToOneRepository",
        "Action": PUSH,
        "Effect": "Allow",
        "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/${ECRRepoName}"},
    }
    login = {"Sid": "EcrLogin", "Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*"}
    assert push in statements and login in statements
    ecr = [s for s in statements if any(str(a).startswith("ecr:") for a in _actions(s))]
    assert ecr == [push, login]
    star = [s for s in statements if s["Resource"] == "*"]
    assert star == [login]


def _actions(statement: dict[str, Any]) -> list[str]:
    listed = statement["Action"]
    return [listed] if isinstance(listed, str) else list(listed)


def test_source_action_reads_only_the_custom_image_zip(bp: Synthesized) -> None:
    statements = statements_of(bp, "BYOMPipelineRealtimeBuild/Source/S3Source/CodePipelineActionRole/DefaultPolicy")
    read_assets = statements[0]
    assert read_assets["Action"] == ["s3:GetBucket*", "s3:GetObject*", "s3:List*"]
    assert read_assets["Resource"] == [
        {
            "Fn::Join": [
                "",
                ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "AssetsBucket"}, "/", {"Ref": "CustomImage"}],
            ]
        },
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": "AssetsBucket"}]]},
    ]
    artifacts = bp.get_att("PipelineArtifacts", "Arn")
    assert all(artifacts in s["Resource"] for s in statements[1:])


def test_pipeline_role_may_only_use_its_bucket_and_action_roles(bp: Synthesized) -> None:
    statements = statements_of(bp, "BYOMPipelineRealtimeBuild/Role/DefaultPolicy")
    assert statements[1] == {
        "Action": "sts:AssumeRole",
        "Effect": "Allow",
        "Resource": [
            bp.get_att("BYOMPipelineRealtimeBuild/Build/CodeBuild/CodePipelineActionRole", "Arn"),
            bp.get_att("BYOMPipelineRealtimeBuild/Source/S3Source/CodePipelineActionRole", "Arn"),
        ],
    }
    assert bp.get_att("PipelineArtifacts", "Arn") in statements[0]["Resource"]
    build_action = statements_of(bp, "BYOMPipelineRealtimeBuild/Build/CodeBuild/CodePipelineActionRole/DefaultPolicy")
    assert build_action == [
        {
            "Action": ["codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"],
            "Effect": "Allow",
            "Resource": bp.get_att("ContainerFactory", "Arn"),
        }
    ]


def test_pipeline_results_go_to_the_notifications_topic(bp: Synthesized) -> None:
    rule = bp.only("AWS::Events::Rule")["Properties"]
    assert rule["EventPattern"]["detail"] == {"state": ["SUCCEEDED", "FAILED"]}
    assert rule["EventPattern"]["source"] == ["aws.codepipeline"]
    assert rule["EventPattern"]["detail-type"] == ["CodePipeline Pipeline Execution State Change"]
    [target] = rule["Targets"]
    assert target["Arn"] == {"Ref": "NotificationsSNSTopicArn"}
    assert target["InputTransformer"] == {
        "InputPathsMap": {"detail-pipeline": "$.detail.pipeline", "detail-state": "$.detail.state"},
        "InputTemplate": '"Pipeline <detail-pipeline> finished executing. Pipeline execution result is <detail-state>"',
    }


def test_outputs(bp: Synthesized) -> None:
    assert bp.json["Outputs"] == {
        "Pipelines": {
            "Value": {
                "Fn::Sub": [
                    "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/${Pipeline}/view?region=${AWS::Region}",
                    {"Pipeline": bp.ref("BYOMPipelineRealtimeBuild")},
                ]
            }
        },
        "CustomAlgorithmImageURI": {"Value": {"Fn::Sub": IMAGE_URI}},
        "PipelineName": {"Description": "The CodePipeline's name.", "Value": bp.ref("BYOMPipelineRealtimeBuild")},
    }


def test_no_wildcard_actions(bp: Synthesized) -> None:
    assert not [action for action in all_actions(bp.json) if wildcard(action)]


def test_cfn_lint_finds_nothing(bp: Synthesized) -> None:
    assert cfn_lint(bp.json) == []


def test_the_orchestrators_stack_parameters_satisfy_the_template(bp: Synthesized) -> None:
    settings = make_settings()
    plan = plan_request(validate_request(example("byom_image_builder"), settings), settings)
    assert plan.pipeline_template_file == IMAGE_BUILDER.file_name
    assert parameter_problems(bp.json, dict(plan.pipeline_parameters)) == []

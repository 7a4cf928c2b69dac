"""byom_batch_pipeline.yaml: parameters, conditions, model, batch Lambda and its custom resource, IAM, outputs."""

from __future__ import annotations

import json

import pytest

from mlops_orchestrator.blueprints.batch_transform.runtime_package import BATCH_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import BATCH
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from mlops_orchestrator.local.cfn_parameters import parameter_problems
from tests.infra.blueprint_checks import BOUNDARY_CONDITION, all_actions, policy_statements, wildcard
from tests.infra.support import Synthesized, cfn_lint, synthesize
from tests.support import MODES, example, mode_settings

NO_VALUE = {"Ref": "AWS::NoValue"}
ARN = "arn:${AWS::Partition}"
ROLE = "MLOpsSagemakerBatchRole/Role"
POLICY = "MLOpsSagemakerBatchRole/Policy"


def provided(name: str) -> dict[str, object]:
    return {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}


@pytest.fixture(scope="module")
def bp() -> Synthesized:
    synthesized = synthesize(stack_of(BATCH).build)
    assert synthesized.stack.node.id == "BYOMBatchStack"
    return synthesized


def test_parameters_are_the_catalogs_in_order(bp: Synthesized) -> None:
    assert bp.json["Parameters"] == BATCH.cloudformation_parameters()
    assert list(bp.json["Parameters"]) == [param.name for param in BATCH.parameters]
    assert bp.json["Parameters"]["JobInstanceCount"]["Default"] == "1"
    assert bp.json["Parameters"]["BatchContentType"] == {
        "Type": "String",
        "Description": "MIME type of the batch input records, one per line (the output uses the same type).",
        "Default": "text/csv",
        "AllowedValues": ["text/csv", "application/jsonlines"],
    }


def test_conditions_and_rule(bp: Synthesized) -> None:
    assert bp.json["Conditions"] == BOUNDARY_CONDITION | {
        "CustomECRRepoProvided": provided("CustomAlgorithmsECRRepoArn"),
        "KmsKeyProvided": provided("KmsKeyArn"),
        "ModelRegistryProvided": provided("ModelPackageName"),
        "ImageUriProvided": provided("ImageUri"),
    }
    assert list(bp.json["Rules"]) == ["ImageOrModelPackage"]


def test_model_from_the_image_and_artifact_or_from_the_model_package(bp: Synthesized) -> None:
    model = bp.only("AWS::SageMaker::Model")
    assert model["DependsOn"] == [bp.logical_id(POLICY)]
    assert model["Properties"]["ExecutionRoleArn"] == bp.get_att(ROLE, "Arn")
    assert model["Properties"]["PrimaryContainer"] == {
        "Fn::If": [
            "ModelRegistryProvided",
            {"ModelPackageName": {"Ref": "ModelPackageName"}},
            {
                "Image": {"Fn::If": ["ImageUriProvided", {"Ref": "ImageUri"}, NO_VALUE]},
                "ModelDataUrl": {"Fn::Sub": "s3://${AssetsBucket}/${ModelArtifactLocation}"},
            },
        ]
    }


def test_execution_role_reads_the_input_and_writes_the_output_only(bp: Synthesized) -> None:
    statements = policy_statements(bp.resource(POLICY))
    assert set(statements) == {
        "ReadModelArtifact",
        "WriteLogs",
        "PublishInstanceMetrics",
        "ListBatchInput",
        "ReadBatchInput",
        "WriteBatchOutput",
        "UseKmsKey",
        "PullCustomImage",
        "EcrLogin",
        "ReadModelPackage",
        "ReadRegisteredArtifacts",
    }
    data = {sid: (statements[sid][1]["Action"], statements[sid][1]["Resource"]) for sid in statements}
    assert data["ListBatchInput"] == ("s3:ListBucket", {"Fn::Sub": f"{ARN}:s3:::${{BatchInputBucket}}"})
    assert data["ReadBatchInput"] == ("s3:GetObject", {"Fn::Sub": f"{ARN}:s3:::${{BatchInferenceData}}*"})
    assert data["WriteBatchOutput"] == (
        ["s3:AbortMultipartUpload", "s3:PutObject"],
        {"Fn::Sub": f"{ARN}:s3:::${{BatchOutputLocation}}/*"},
    )
    assert data["WriteLogs"][1] == {
        "Fn::Sub": f"{ARN}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/sagemaker/TransformJobs*"
    }
    assert statements["PublishInstanceMetrics"][1]["Condition"] == {
        "StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/TransformJobs"}
    }
    conditions = {sid: condition for sid, (condition, _) in statements.items() if condition}
    assert conditions == {
        "UseKmsKey": "KmsKeyProvided",
        "PullCustomImage": "CustomECRRepoProvided",
        "EcrLogin": "CustomECRRepoProvided",
        "ReadModelPackage": "ModelRegistryProvided",
        "ReadRegisteredArtifacts": "ModelRegistryProvided",
    }


def test_batch_function_has_a_real_timeout_and_no_retries(bp: Synthesized) -> None:
    function = bp.only("AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": "blueprints/lambdas/batch_transform.zip"}
    assert BATCH_LAMBDA.key == props["Code"]["S3Key"]
    assert props["Handler"] == "mlops_orchestrator.blueprints.batch_transform.runtime.handler.lambda_handler"
    assert (props["Runtime"], props["Timeout"], props["MemorySize"]) == ("python3.14", 120, 256)
    assert props["TracingConfig"] == {"Mode": "Active"}
    assert props["Role"] == bp.get_att("BatchTransformFunctionRole", "Arn")
    assert "Environment" not in props
    assert function["Metadata"]["cfn-lint"] == {"config": {"ignore_checks": ["W3005"]}}
    assert bp.only("AWS::Lambda::EventInvokeConfig")["Properties"] == {
        "FunctionName": bp.ref("BatchTransformFunction"),
        "MaximumRetryAttempts": 0,
        "Qualifier": "$LATEST",
    }
    assert "cdk-hnb659fds" not in json.dumps(bp.json)


def test_batch_function_may_only_create_this_blueprints_jobs(bp: Synthesized) -> None:
    policy = bp.resource("BatchTransformFunctionPolicy")
    assert policy["Properties"]["Roles"] == [bp.ref("BatchTransformFunctionRole")]
    statements = policy_statements(policy)
    assert statements == {
        "CreateTransformJob": (
            None,
            {
                "Action": "sagemaker:CreateTransformJob",
                "Effect": "Allow",
                "Resource": {
                    "Fn::Sub": f"{ARN}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:transform-job/*-batch-transform-*"
                },
                "Sid": "CreateTransformJob",
            },
        ),
        "GrantVolumeKey": (
            "KmsKeyProvided",
            {
                "Action": "kms:CreateGrant",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
                "Effect": "Allow",
                "Resource": {"Ref": "KmsKeyArn"},
                "Sid": "GrantVolumeKey",
            },
        ),
        # Not under the grant's condition: kms:GrantIsForAWSResource never applies to DescribeKey.
        "DescribeVolumeKey": (
            "KmsKeyProvided",
            {
                "Action": "kms:DescribeKey",
                "Effect": "Allow",
                "Resource": {"Ref": "KmsKeyArn"},
                "Sid": "DescribeVolumeKey",
            },
        ),
    }
    default = bp.resource("BatchTransformFunctionRole/DefaultPolicy")["Properties"]["PolicyDocument"]["Statement"]
    assert default == [
        {"Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "Effect": "Allow", "Resource": "*"},
        {
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Effect": "Allow",
            "Resource": bp.get_att("BatchTransformFunctionLogs", "Arn"),
        },
    ]


def test_the_custom_resource_starts_the_job_with_every_input(bp: Synthesized) -> None:
    job = bp.only("Custom::BatchTransformJob")
    assert job["Properties"] == {
        "ServiceToken": bp.get_att("BatchTransformFunction", "Arn"),
        "ModelName": bp.get_att("MLOpsSagemakerModel", "ModelName"),
        "InstanceType": {"Ref": "InferenceInstance"},
        "InstanceCount": {"Ref": "JobInstanceCount"},
        "ContentType": {"Ref": "BatchContentType"},
        "InputLocation": {"Ref": "BatchInferenceData"},
        "OutputLocation": {"Ref": "BatchOutputLocation"},
        "KmsKeyArn": {"Ref": "KmsKeyArn"},
    }
    assert sorted(job["DependsOn"]) == sorted(
        [bp.logical_id("BatchTransformFunctionPolicy"), bp.logical_id("BatchTransformFunctionRole/DefaultPolicy")]
    )
    assert job["DeletionPolicy"] == "Delete"


def test_outputs(bp: Synthesized) -> None:
    assert bp.json["Outputs"] == {
        "SageMakerModelName": {"Value": bp.get_att("MLOpsSagemakerModel", "ModelName")},
        "BatchTransformJobName": {"Value": bp.get_att("BatchTransformJob", "JobName")},
        "BatchTransformOutputLocation": {
            "Description": "Output location of the batch transform job",
            "Value": {"Fn::Sub": "https://s3.console.aws.amazon.com/s3/buckets/${BatchOutputLocation}/"},
        },
    }


def test_no_wildcard_actions_and_every_resource_accounted_for(bp: Synthesized) -> None:
    assert not [action for action in all_actions(bp.json) if wildcard(action)]
    assert sorted(resource["Type"] for resource in bp.json["Resources"].values()) == [
        "AWS::IAM::Policy",
        "AWS::IAM::Policy",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::IAM::Role",
        "AWS::Lambda::EventInvokeConfig",
        "AWS::Lambda::Function",
        "AWS::Logs::LogGroup",
        "AWS::SageMaker::Model",
        "Custom::BatchTransformJob",
    ]


def test_cfn_lint_finds_nothing(bp: Synthesized) -> None:
    assert cfn_lint(bp.json) == []


# Each orchestrator option on its own; test_blueprint_contract checks every example in every mode (multi-registry
# too) against this template, this test adds the batch options.
@pytest.mark.parametrize(
    "mode", [name for name, mode in MODES.items() if not (mode.multi_account and mode.model_registry)]
)
def test_requests_with_the_options_satisfy_the_template(bp: Synthesized, mode: str) -> None:
    settings = mode_settings(MODES[mode])
    body = {**example("byom_batch_builtin"), "instance_count": 3, "content_type": "application/jsonlines"}
    if settings.model_registry:
        for key in ("model_framework", "model_framework_version", "model_artifact_location"):
            body.pop(key)
        body["model_package_name"] = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/2"
    plan = plan_request(validate_request(body, settings), settings)
    for stage in plan.stages:
        values = dict(stage.parameters)
        assert (values["JobInstanceCount"], values["BatchContentType"]) == ("3", "application/jsonlines")
        assert parameter_problems(bp.json, values) == []

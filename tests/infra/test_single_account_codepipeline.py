"""single_account_codepipeline.yaml: parameters, pipeline, least-privilege deploy role, notifications, output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import SINGLE_ACCOUNT_CODEPIPELINE
from mlops_orchestrator.infrastructure.permissions_boundary import ROLE_WRITES
from tests.infra.cfn_eval import evaluate
from tests.infra.support import cfn_lint, statements, synth, wildcard_actions

SOURCE = "Artifact_Source_S3Source"
# The longest stack name the orchestrator may create: the role's policy must still fit IAM's limits.
LONGEST_STACK = "mlops-pipeline-" + "m" * 113
BOUNDARY = "arn:aws:iam::123456789012:policy/mlops-orchestrator/mlops-pipeline-boundary-eu-west-1"
SAGEMAKER_TYPES = (
    "model", "endpoint-config", "endpoint", "data-quality-job-definition", "model-quality-job-definition",
    "model-bias-job-definition", "model-explainability-job-definition", "monitoring-schedule",
)  # fmt: skip


@pytest.fixture(scope="module")
def template() -> Template:
    stack, template = synth(stack_of(SINGLE_ACCOUNT_CODEPIPELINE).build)
    assert stack.node.id == "SingleAccountCodePipelineStack"
    return template


@pytest.fixture(scope="module")
def resources(template: Template) -> dict[str, Any]:
    found: dict[str, Any] = template.to_json()["Resources"]
    return found


def one(template: Template, kind: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
    found = template.find_resources(kind, {"Properties": props} if props else None)
    assert len(found) == 1, f"{len(found)} {kind} match"
    return next(iter(found.values()))


def deploy_role_id(template: Template) -> str:
    trust = {"Statement": [Match.object_like({"Principal": {"Service": "cloudformation.amazonaws.com"}})]}
    found = template.find_resources(
        "AWS::IAM::Role", {"Properties": {"AssumeRolePolicyDocument": Match.object_like(trust)}}
    )
    [logical_id] = found
    return logical_id


def deploy_role(template: Template) -> dict[str, Any]:
    role: dict[str, Any] = template.to_json()["Resources"][deploy_role_id(template)]
    return role


def deploy_statements(template: Template) -> dict[str, dict[str, Any]]:
    [policy] = deploy_role(template)["Properties"]["Policies"]
    return {statement["Sid"]: statement for statement in policy["PolicyDocument"]["Statement"]}


def test_parameters_are_the_catalogs_exactly(template: Template) -> None:
    assert template.to_json()["Parameters"] == SINGLE_ACCOUNT_CODEPIPELINE.cloudformation_parameters()
    assert "Conditions" not in template.to_json()
    assert "Rules" not in template.to_json()


def test_the_pipeline_sources_template_zip_and_deploys_the_blueprint(template: Template) -> None:
    pipeline = one(template, "AWS::CodePipeline::Pipeline")["Properties"]
    source, deploy = pipeline["Stages"]
    assert source["Name"] == "Source"
    [s3_source] = source["Actions"]
    assert s3_source["Name"] == "S3Source"
    assert s3_source["ActionTypeId"] == {"Category": "Source", "Owner": "AWS", "Provider": "S3", "Version": "1"}
    assert s3_source["Configuration"] == {
        "S3Bucket": {"Ref": "AssetsBucket"},
        "S3ObjectKey": {"Ref": "TemplateZipFileName"},
        "PollForSourceChanges": True,
    }
    assert s3_source["OutputArtifacts"] == [{"Name": SOURCE}]

    assert deploy["Name"] == "DeployCloudFormation"
    [action] = deploy["Actions"]
    assert action["Name"] == "deploy_stack"
    assert action["Namespace"] == "deploy_stack-namespace"
    assert action["ActionTypeId"] == {
        "Category": "Deploy",
        "Owner": "AWS",
        "Provider": "CloudFormation",
        "Version": "1",
    }
    assert action["InputArtifacts"] == [{"Name": SOURCE}]
    config = action["Configuration"]
    assert config["ActionMode"] == "REPLACE_ON_FAILURE"
    assert config["StackName"] == {"Ref": "StackName"}
    assert config["Capabilities"] == "CAPABILITY_NAMED_IAM"
    refs = {"TemplateFileName": "byom_batch_pipeline.yaml", "TemplateParamsName": "template_params.json"}
    assert evaluate(config["TemplatePath"], refs) == f"{SOURCE}::byom_batch_pipeline.yaml"
    assert evaluate(config["TemplateConfiguration"], refs) == f"{SOURCE}::template_params.json"
    assert config["RoleArn"] == {"Fn::GetAtt": [deploy_role_id(template), "Arn"]}


def test_artifacts_are_kept_in_a_secure_bucket(template: Template) -> None:
    pipeline = one(template, "AWS::CodePipeline::Pipeline")["Properties"]
    bucket_id = pipeline["ArtifactStore"]["Location"]["Ref"]
    bucket = template.to_json()["Resources"][bucket_id]
    assert bucket["DeletionPolicy"] == "Retain"
    props = bucket["Properties"]
    assert props["BucketEncryption"] == {
        "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    }
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    assert props["LifecycleConfiguration"] == {
        "Rules": [
            {
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                "Status": "Enabled",
            }
        ]
    }
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": bucket_id},
            "PolicyDocument": Match.object_like(
                {
                    "Statement": Match.array_with(
                        [Match.object_like({"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})]
                    )
                }
            ),
        },
    )


def test_success_and_failure_are_announced_on_the_topic(template: Template) -> None:
    rule = one(template, "AWS::Events::Rule")["Properties"]
    assert rule["EventPattern"]["source"] == ["aws.codepipeline"]
    assert rule["EventPattern"]["detail-type"] == ["CodePipeline Pipeline Execution State Change"]
    assert rule["EventPattern"]["detail"] == {"state": ["SUCCEEDED", "FAILED"]}
    [target] = rule["Targets"]
    assert target["Arn"] == {"Ref": "NotificationsSNSTopicArn"}
    assert json.loads(target["InputTransformer"]["InputTemplate"]) == (
        "Pipeline <detail-pipeline> finished executing. Pipeline execution result is <detail-state>"
    )
    assert target["InputTransformer"]["InputPathsMap"] == {
        "detail-pipeline": "$.detail.pipeline",
        "detail-state": "$.detail.state",
    }


def test_the_output_links_the_pipeline_in_the_console(template: Template, resources: dict[str, Any]) -> None:
    outputs = template.to_json()["Outputs"]
    assert sorted(outputs) == ["PipelineName", "Pipelines"]
    [pipeline_id] = [key for key, value in resources.items() if value["Type"] == "AWS::CodePipeline::Pipeline"]
    assert evaluate(outputs["PipelineName"]["Value"], {pipeline_id: "the-pipeline"}) == "the-pipeline"
    url = evaluate(outputs["Pipelines"]["Value"], {pipeline_id: "the-pipeline"})
    assert url == "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/the-pipeline/view?region=eu-west-1"


def test_no_role_is_admin_or_has_wildcard_actions(template: Template) -> None:
    assert wildcard_actions(template) == []
    text = json.dumps(template.to_json())
    assert "AdministratorAccess" not in text
    assert "ManagedPolicyArns" not in text


def test_the_deploy_role_grants_only_what_the_blueprints_create(template: Template) -> None:
    granted = deploy_statements(template)
    assert set(granted) == {
        "SageMakerCreateTagged",
        "SageMakerTagOnCreate",
        "SageMakerChangeOwned",
        "SageMakerRead",
        "SageMakerRegistryRead",
        "WriteOnlyBoundedRoles",
        "MaintainRoles",
        "AttachOnlyKnownPolicies",
        "PassBlueprintRoles",
        "EndpointAutoscalingServiceRole",
        "BlueprintFunctions",
        "BlueprintLambdaCode",
        "BlueprintLogGroups",
        "DescribeLogGroups",
        "BlueprintRestApis",
        "BlueprintRules",
        "EndpointAutoscaling",
        "DescribeAutoscaling",
        "Alarms",
        "KmsGrantsThroughSageMaker",
        "DescribeKeysThroughSageMaker",
    }
    services = {action.split(":")[0] for statement in granted.values() for action in _list(statement["Action"])}
    assert services == {
        "sagemaker", "iam", "lambda", "s3", "logs", "apigateway", "events", "application-autoscaling",
        "cloudwatch", "kms",
    }  # fmt: skip
    # "*" only where the service authorization reference lists no resource type (DescribeLogGroups, Application
    # Auto Scaling's Describe actions), and for scalable targets, whose ARN is generated (their writes are
    # conditioned to SageMaker endpoint variants).
    wide = [sid for sid, statement in granted.items() if statement["Resource"] == "*"]
    assert wide == ["DescribeLogGroups", "EndpointAutoscaling", "DescribeAutoscaling"]
    assert granted["EndpointAutoscaling"]["Condition"] == {
        "StringEquals": {
            "application-autoscaling:service-namespace": "sagemaker",
            "application-autoscaling:scalable-dimension": "sagemaker:variant:DesiredInstanceCount",
        }
    }


def resolved(statement: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = evaluate(statement, {"StackName": LONGEST_STACK})
    return value


@pytest.mark.parametrize(
    ("sid", "resources"),
    [
        ("WriteOnlyBoundedRoles", ["arn:aws:iam::123456789012:role/mlops-pipeline*"]),
        ("MaintainRoles", ["arn:aws:iam::123456789012:role/mlops-pipeline*"]),
        ("BlueprintFunctions", ["arn:aws:lambda:eu-west-1:123456789012:function:mlops-pipeline*"]),
        ("BlueprintRules", ["arn:aws:events:eu-west-1:123456789012:rule/mlops-pipeline*"]),
        (
            "BlueprintLogGroups",
            [
                f"arn:aws:logs:eu-west-1:123456789012:log-group:{LONGEST_STACK}*",
                "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/mlops-pipeline*",
            ],
        ),
        *(
            (sid, [f"arn:aws:sagemaker:eu-west-1:123456789012:{kind}/*" for kind in SAGEMAKER_TYPES])
            for sid in ("SageMakerCreateTagged", "SageMakerTagOnCreate", "SageMakerChangeOwned", "SageMakerRead")
        ),
        ("BlueprintLambdaCode", ["arn:aws:s3:::*/blueprints/lambdas/*"]),
        (
            "BlueprintRestApis",
            [
                "arn:aws:apigateway:eu-west-1::/restapis",
                "arn:aws:apigateway:eu-west-1::/restapis/*",
                "arn:aws:apigateway:eu-west-1::/tags/*",
                "arn:aws:apigateway:eu-west-1::/account",
            ],
        ),
        ("Alarms", ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*"]),
    ],
)
def test_deploy_role_resources_are_scoped(template: Template, sid: str, resources: list[str]) -> None:
    assert sorted(_list(resolved(deploy_statements(template)[sid])["Resource"])) == sorted(resources)


def test_deploy_role_conditions_close_the_escalation_paths(template: Template) -> None:
    granted = {sid: resolved(statement) for sid, statement in deploy_statements(template).items()}
    assert granted["PassBlueprintRoles"]["Condition"] == {
        "StringEquals": {
            "iam:PassedToService": ["sagemaker.amazonaws.com", "lambda.amazonaws.com", "apigateway.amazonaws.com"]
        }
    }
    bounded = {"iam:PermissionsBoundary": BOUNDARY}
    assert granted["AttachOnlyKnownPolicies"]["Condition"] == {
        "ArnLike": {
            "iam:PolicyARN": [
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            ]
        },
        "StringEquals": bounded,
    }
    # Every role-writing action is conditioned on the boundary; no managed policy may be written at all.
    assert granted["WriteOnlyBoundedRoles"]["Condition"] == {"StringEquals": bounded}
    role_writes = {
        action
        for sid, statement in granted.items()
        for action in _list(statement["Action"])
        if action in ROLE_WRITES and sid not in ("WriteOnlyBoundedRoles", "AttachOnlyKnownPolicies")
    }
    assert role_writes == set()
    assert {"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"} <= {
        action for sid in ("WriteOnlyBoundedRoles", "AttachOnlyKnownPolicies") for action in granted[sid]["Action"]
    }
    iam_actions = [action for statement in granted.values() for action in _list(statement["Action"])]
    assert not [a for a in iam_actions if a.startswith("iam:") and "Policy" in a and "Role" not in a]
    assert granted["EndpointAutoscalingServiceRole"]["Condition"] == {
        "StringEquals": {"iam:AWSServiceName": "sagemaker.application-autoscaling.amazonaws.com"}
    }
    assert granted["BlueprintLambdaCode"]["Condition"] == {"StringEquals": {"aws:ResourceAccount": "123456789012"}}
    via_sagemaker = {"kms:ViaService": "sagemaker.eu-west-1.amazonaws.com"}
    assert granted["KmsGrantsThroughSageMaker"]["Condition"] == {
        "StringEquals": via_sagemaker,
        "Bool": {"kms:GrantIsForAWSResource": "true"},
    }
    assert granted["DescribeKeysThroughSageMaker"]["Condition"] == {"StringEquals": via_sagemaker}


def test_sagemaker_resources_are_changed_only_when_a_pipeline_stack_owns_them(template: Template) -> None:
    granted = {sid: resolved(statement) for sid, statement in deploy_statements(template).items()}
    assert granted["SageMakerCreateTagged"]["Condition"] == {
        "StringLike": {"aws:RequestTag/stack-name": "mlops-pipeline*"}
    }
    assert granted["SageMakerChangeOwned"]["Condition"] == {
        "StringLike": {"aws:ResourceTag/stack-name": "mlops-pipeline*"}
    }
    # Tags are added unconditionally only while creating: the owner tag cannot be put on someone else's endpoint.
    assert granted["SageMakerTagOnCreate"]["Action"] == "sagemaker:AddTags"
    creates = granted["SageMakerTagOnCreate"]["Condition"]["StringEquals"]["sagemaker:TaggingAction"]
    assert sorted(f"sagemaker:{action}" for action in creates) == sorted(granted["SageMakerCreateTagged"]["Action"])
    writes = [
        action
        for sid, statement in granted.items()
        if sid != "SageMakerCreateTagged"
        for action in _list(statement["Action"])
        if action.startswith("sagemaker:") and action.split(":")[1].startswith(("Delete", "Update", "Stop", "Start"))
    ]
    assert writes and all(action in granted["SageMakerChangeOwned"]["Action"] for action in writes)
    assert "sagemaker:AddTags" not in granted["SageMakerRead"]["Action"]


def test_the_deploy_role_policy_fits_iams_inline_limit(template: Template) -> None:
    [policy] = deploy_role(template)["Properties"]["Policies"]
    document = evaluate(policy["PolicyDocument"], {"StackName": LONGEST_STACK})
    assert len(json.dumps(document, separators=(",", ":"))) < 10_240


def test_the_pipeline_may_only_pass_the_deploy_role(template: Template) -> None:
    passes = [statement for statement in statements(template) if "iam:PassRole" in _list(statement["Action"])]
    # The deploy role's own PassRole (to blueprint roles) is conditioned; the pipeline's names the deploy role.
    unconditioned = [statement["Resource"] for statement in passes if "Condition" not in statement]
    assert unconditioned == [{"Fn::GetAtt": [deploy_role_id(template), "Arn"]}]


def test_the_template_passes_cfn_lint(template: Template) -> None:
    assert cfn_lint(template.to_json()) == []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_deploy_role_and_every_role_of_the_pipeline_carry_the_boundary(template: Template) -> None:
    for role in template.find_resources("AWS::IAM::Role").values():
        assert evaluate(role["Properties"]["PermissionsBoundary"], {}) == BOUNDARY
    # Out of reach of the roles it creates: the boundary denies every IAM write below this path.
    assert deploy_role(template)["Properties"]["Path"] == "/mlops-orchestrator/"


def test_the_deployed_blueprint_gets_the_boundary_as_a_parameter(template: Template) -> None:
    [pipeline] = template.find_resources("AWS::CodePipeline::Pipeline").values()
    [deploy] = [action for stage in pipeline["Properties"]["Stages"] for action in stage["Actions"]
                if action["ActionTypeId"]["Provider"] == "CloudFormation"]  # fmt: skip
    overrides = json.loads(evaluate(deploy["Configuration"]["ParameterOverrides"], {}))
    assert overrides == {"PermissionsBoundaryArn": BOUNDARY}

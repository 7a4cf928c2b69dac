"""multi_account_codepipeline.yaml: parameters, condition, stages, StackSet Lambda and role, notifications."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Template

from mlops_orchestrator.blueprints.multi_account_codepipeline.runtime_package import STACKSET_LAMBDA
from mlops_orchestrator.blueprints.stacks import stack_of
from mlops_orchestrator.core.catalog.blueprints import MULTI_ACCOUNT_CODEPIPELINE
from tests.infra.cfn_eval import evaluate
from tests.infra.support import cfn_lint, statements, synth, wildcard_actions

SOURCE = "Artifact_Source_S3Source"
UNIQUE = "1a2b3c4d"  # first chunk of the uuid in cfn_eval's AWS::StackId
PARAMS = {
    "StackName": "mlops-pipeline-demo",
    "TemplateFileName": "byom_realtime_inference_pipeline.yaml",
    "DevParamsName": "dev_template_params.json",
    "StagingParamsName": "staging_template_params.json",
    "ProdParamsName": "prod_template_params.json",
    "DevAccountId": "111111111111",
    "DevOrgId": "ou-abcd-11111111",
    "StagingAccountId": "222222222222",
    "StagingOrgId": "ou-abcd-22222222",
    "ProdAccountId": "333333333333",
    "ProdOrgId": "ou-abcd-33333333",
}
STAGES = [
    ("dev", "DeployDev", "DeployDevStackSet", "DeployStaging", "staging"),
    ("staging", "DeployStaging", "DeployStagingStackSet", "DeployProd", "production"),
    ("prod", "DeployProd", "DeployProdStackSet", None, None),
]


@pytest.fixture(scope="module")
def template() -> Template:
    stack, template = synth(stack_of(MULTI_ACCOUNT_CODEPIPELINE).build)
    assert stack.node.id == "MultiAccountCodePipelineStack"
    return template


@pytest.fixture(scope="module")
def resources(template: Template) -> dict[str, Any]:
    found: dict[str, Any] = template.to_json()["Resources"]
    return found


def of_type(resources: dict[str, Any], kind: str) -> dict[str, Any]:
    return {key: value for key, value in resources.items() if value["Type"] == kind}


def only(resources: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    [(key, value)] = of_type(resources, kind).items()
    return key, value


def stages(resources: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = only(resources, "AWS::CodePipeline::Pipeline")[1]["Properties"]["Stages"]
    return found


def test_parameters_are_the_catalogs_exactly(template: Template) -> None:
    assert template.to_json()["Parameters"] == MULTI_ACCOUNT_CODEPIPELINE.cloudformation_parameters()


def test_use_delegated_admin_is_the_only_condition(template: Template) -> None:
    assert template.to_json()["Conditions"] == {
        "UseDelegatedAdmin": {"Fn::Equals": [{"Ref": "DelegatedAdminAccount"}, "Yes"]}
    }


def test_the_stages_promote_from_dev_to_prod_with_approvals(resources: dict[str, Any]) -> None:
    source, *deploys = stages(resources)
    assert source["Name"] == "Source"
    [s3_source] = source["Actions"]
    assert (s3_source["Name"], s3_source["OutputArtifacts"]) == ("S3Source", [{"Name": SOURCE}])
    assert s3_source["Configuration"] == {
        "S3Bucket": {"Ref": "AssetsBucket"},
        "S3ObjectKey": {"Ref": "TemplateZipFileName"},
        "PollForSourceChanges": True,
    }
    assert [stage["Name"] for stage in deploys] == ["DeployDev", "DeployStaging", "DeployProd"]
    function_id, _ = only(resources, "AWS::Lambda::Function")
    for stage, (_, stage_name, action_name, approval, next_account) in zip(deploys, STAGES, strict=True):
        assert stage["Name"] == stage_name
        deploy, *rest = stage["Actions"]
        assert deploy["Name"] == action_name
        assert deploy["RunOrder"] == 1
        assert deploy["Namespace"] == f"{action_name}-namespace"
        assert deploy["ActionTypeId"] == {"Category": "Invoke", "Owner": "AWS", "Provider": "Lambda", "Version": "1"}
        assert deploy["InputArtifacts"] == [{"Name": SOURCE}]
        assert deploy["Configuration"]["FunctionName"] == {"Ref": function_id}
        if approval is None:
            assert rest == []
            continue
        [approve] = rest
        assert approve["Name"] == approval
        assert approve["RunOrder"] == 2
        assert approve["ActionTypeId"] == {"Category": "Approval", "Owner": "AWS", "Provider": "Manual", "Version": "1"}
        assert approve["Configuration"] == {
            "NotificationArn": {"Ref": "NotificationsSNSTopicArn"},
            "CustomData": f"Please approve to deploy to {next_account} account",
        }


@pytest.mark.parametrize(("stage", "index"), [("dev", 1), ("staging", 2), ("prod", 3)])
def test_user_parameters_carry_the_originals_keys(resources: dict[str, Any], stage: str, index: int) -> None:
    deploy = stages(resources)[index]["Actions"][0]
    values = json.loads(evaluate(deploy["Configuration"]["UserParameters"], PARAMS))
    title = stage.capitalize()
    assert values == {
        "stackset_name": f"mlops-pipeline-demo-{stage}-{UNIQUE}",
        "artifact": SOURCE,
        "template_file": "byom_realtime_inference_pipeline.yaml",
        "stage_params_file": f"{stage}_template_params.json",
        "account_ids": [PARAMS[f"{title}AccountId"]],
        "org_ids": [PARAMS[f"{title}OrgId"]],
        "regions": ["eu-west-1"],
    }


def test_the_stackset_lambda_loads_from_the_blueprint_bucket(resources: dict[str, Any]) -> None:
    function_id, function = only(resources, "AWS::Lambda::Function")
    props = function["Properties"]
    assert props["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": STACKSET_LAMBDA.key}
    assert (
        props["Handler"] == "mlops_orchestrator.blueprints.multi_account_codepipeline.runtime.stackset.lambda_handler"
    )
    assert (props["Runtime"], props["Architectures"]) == ("python3.14", ["arm64"])
    assert (props["Timeout"], props["MemorySize"]) == (120, 256)
    assert props["TracingConfig"] == {"Mode": "Active"}
    call_as = props["Environment"]["Variables"]["CALL_AS"]
    assert evaluate(call_as, {}, {"UseDelegatedAdmin": True}) == "DELEGATED_ADMIN"
    assert evaluate(call_as, {}, {"UseDelegatedAdmin": False}) == "SELF"
    _, invoke_config = only(resources, "AWS::Lambda::EventInvokeConfig")
    assert invoke_config["Properties"] == {
        "FunctionName": {"Ref": function_id},
        "MaximumRetryAttempts": 0,
        "Qualifier": "$LATEST",
    }
    # Only the grants (W3005: the role itself is already a GetAtt); the conditional admin check is not needed yet.
    [policy_id] = function["DependsOn"]
    assert resources[policy_id]["Properties"]["Roles"] == [{"Ref": props["Role"]["Fn::GetAtt"][0]}]
    assert "Condition" not in resources[policy_id]


def stackset_role_statements(resources: dict[str, Any]) -> dict[str, dict[str, Any]]:
    _, function = only(resources, "AWS::Lambda::Function")
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    found: dict[str, dict[str, Any]] = {}
    for policy in of_type(resources, "AWS::IAM::Policy").values():
        if policy["Properties"]["Roles"] == [{"Ref": role_id}]:
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                found[statement.get("Sid") or ",".join(_list(statement["Action"]))] = {**statement, **policy}
    return found


@pytest.mark.parametrize(("delegated", "owner"), [(True, "*"), (False, "123456789012")])
def test_the_lambda_may_touch_only_its_three_stacksets(resources: dict[str, Any], delegated: bool, owner: str) -> None:
    granted = stackset_role_statements(resources)
    names = [
        f"arn:aws:cloudformation:eu-west-1:{owner}:stackset/mlops-pipeline-demo-{stage}-{UNIQUE}:*"
        for stage, *_ in STAGES
    ]
    conditions = {"UseDelegatedAdmin": delegated}
    read = evaluate(granted["ReadStackSets"]["Resource"], PARAMS, conditions)
    assert sorted(read) == sorted(names)
    assert sorted(_list(granted["ReadStackSets"]["Action"])) == [
        "cloudformation:DescribeStackSet",
        "cloudformation:DescribeStackSetOperation",
        "cloudformation:ListStackInstances",
        "cloudformation:ListStackSetOperationResults",
    ]
    deploy = evaluate(granted["DeployStackSets"]["Resource"], PARAMS, conditions)
    assert sorted(deploy) == sorted(
        [
            *names,
            "arn:aws:cloudformation:*:*:stackset-target/*",
            "arn:aws:cloudformation:eu-west-1:*:type/resource/*",
        ]
    )
    assert sorted(_list(granted["DeployStackSets"]["Action"])) == [
        "cloudformation:CreateStackInstances",
        "cloudformation:UpdateStackSet",
    ]
    # CreateStackSet supports no resource type: only "*" matches it.
    assert (granted["CreateStackSets"]["Action"], granted["CreateStackSets"]["Resource"]) == (
        "cloudformation:CreateStackSet",
        "*",
    )


def test_the_delegated_admin_check_exists_only_with_the_condition(resources: dict[str, Any]) -> None:
    granted = stackset_role_statements(resources)
    check = granted["organizations:ListDelegatedAdministrators"]
    assert check["Condition"] == "UseDelegatedAdmin"
    assert check["Resource"] == "*"


def test_the_lambda_logs_and_reports_only(resources: dict[str, Any]) -> None:
    granted = stackset_role_statements(resources)
    wildcard = [key for key, statement in granted.items() if statement["Resource"] == "*"]
    assert sorted(wildcard) == [
        "CreateStackSets",
        "codepipeline:PutJobFailureResult,codepipeline:PutJobSuccessResult,xray:PutTelemetryRecords,xray:PutTraceSegments",
        "organizations:ListDelegatedAdministrators",
    ]
    log_group_id, _ = only(resources, "AWS::Logs::LogGroup")
    logs = granted["logs:CreateLogStream,logs:PutLogEvents"]
    assert logs["Resource"] == {"Fn::GetAtt": [log_group_id, "Arn"]}


def test_only_the_pipeline_may_invoke_the_lambda(resources: dict[str, Any], template: Template) -> None:
    function_id, _ = only(resources, "AWS::Lambda::Function")
    invokers = [s for s in statements(template) if "lambda:InvokeFunction" in _list(s["Action"])]
    assert len(invokers) == 3  # one role per StackSet action
    for statement in invokers:
        assert {"Fn::GetAtt": [function_id, "Arn"]} in _list(statement["Resource"])


@pytest.mark.parametrize(("stage", "_stage_name", "action"), [(s[0], s[1], s[2]) for s in STAGES])
def test_each_stage_result_is_announced(resources: dict[str, Any], stage: str, _stage_name: str, action: str) -> None:
    rules = [rule["Properties"] for rule in of_type(resources, "AWS::Events::Rule").values()]
    [rule] = [r for r in rules if r["EventPattern"].get("detail", {}).get("action") == [action]]
    pattern = rule["EventPattern"]
    assert pattern["source"] == ["aws.codepipeline"]
    assert pattern["detail-type"] == ["CodePipeline Action Execution State Change"]
    assert pattern["detail"] == {"stage": [_stage_name], "action": [action], "state": ["SUCCEEDED", "FAILED"]}
    [target] = rule["Targets"]
    assert target["Arn"] == {"Ref": "NotificationsSNSTopicArn"}
    assert json.loads(target["InputTransformer"]["InputTemplate"]) == (
        f"Pipeline <detail-pipeline>: {action} (deployment to the {stage} accounts) finished with state <detail-state>"
    )
    assert [key for key in resources if key.startswith(f"NotifyUser{stage.capitalize()}Deployment")]


def test_the_pipeline_result_is_announced(resources: dict[str, Any]) -> None:
    rules = [rule["Properties"] for rule in of_type(resources, "AWS::Events::Rule").values()]
    [rule] = [r for r in rules if r["EventPattern"]["detail-type"] == ["CodePipeline Pipeline Execution State Change"]]
    assert rule["EventPattern"]["detail"] == {"state": ["SUCCEEDED", "FAILED"]}
    assert rule["Targets"][0]["Arn"] == {"Ref": "NotificationsSNSTopicArn"}
    assert len(rules) == 4


def test_the_output_links_the_pipeline_in_the_console(template: Template, resources: dict[str, Any]) -> None:
    outputs = template.to_json()["Outputs"]
    assert sorted(outputs) == ["PipelineName", "Pipelines"]
    pipeline_id, _ = only(resources, "AWS::CodePipeline::Pipeline")
    assert evaluate(outputs["PipelineName"]["Value"], {pipeline_id: "p"}) == "p"
    url = evaluate(outputs["Pipelines"]["Value"], {pipeline_id: "p"})
    assert url == "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/p/view?region=eu-west-1"


def test_artifacts_are_kept_in_a_secure_bucket(resources: dict[str, Any]) -> None:
    _, bucket = only(resources, "AWS::S3::Bucket")
    props = bucket["Properties"]
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"
    }
    assert set(props["PublicAccessBlockConfiguration"].values()) == {True}
    _, policy = only(resources, "AWS::S3::BucketPolicy")
    [deny] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert (deny["Effect"], deny["Condition"]) == ("Deny", {"Bool": {"aws:SecureTransport": "false"}})


def test_no_role_is_admin_or_has_wildcard_actions(template: Template) -> None:
    assert wildcard_actions(template) == []
    text = json.dumps(template.to_json())
    assert "AdministratorAccess" not in text
    assert "ManagedPolicyArns" not in text


def test_the_template_passes_cfn_lint(template: Template) -> None:
    assert cfn_lint(template.to_json()) == []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]

"""The orchestrator Lambda, its least-privilege role, the CloudFormation deploy role and the config trigger."""

from __future__ import annotations

import fnmatch
from typing import Any

from mlops_orchestrator.core.catalog.codepipeline import template_zip_key
from mlops_orchestrator.core.event_attempts import EventAttempts
from mlops_orchestrator.core.follower_index import BUILT_KEY, marker_key
from mlops_orchestrator.core.release_history import history_key
from mlops_orchestrator.core.service import CONFIG_FILE_KEY
from mlops_orchestrator.core.settings import MAXIMUM_RETRY_ATTEMPTS
from mlops_orchestrator.infrastructure.permissions_boundary import ROLE_WRITES
from mlops_orchestrator.local.settings import offline_settings, settings_env
from mlops_orchestrator.orchestrator.deploy_role import DEPLOYABLE_TYPES
from mlops_orchestrator.orchestrator.function import HANDLER, MEMORY_MB, PROVISIONED_PREFIX, TIMEOUT
from mlops_orchestrator.orchestrator.stack import MULTI_ACCOUNT_STACK
from tests.infra.support import Synthesized, statements


def _orchestrator(synthesized: Synthesized) -> dict[str, Any]:
    return synthesized.json["Resources"][synthesized.logical_id("PipelineOrchestration")]


def _role_statements(synthesized: Synthesized, role_path: str) -> list[dict[str, Any]]:
    """Every statement of the role's inline policies and of the AWS::IAM::Policy resources attached to it."""
    role = synthesized.logical_id(role_path)
    found = []
    for policy in synthesized.json["Resources"][role]["Properties"].get("Policies", []):
        found += policy["PolicyDocument"]["Statement"]
    for policy in synthesized.resources("AWS::IAM::Policy").values():
        if {"Ref": role} in policy["Properties"].get("Roles", []):
            found += policy["Properties"]["PolicyDocument"]["Statement"]
    return found


def _by_sid(found: list[dict[str, Any]], sid: str) -> dict[str, Any]:
    return next(statement for statement in found if statement.get("Sid") == sid)


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)


def test_function_settings(variant: Synthesized) -> None:
    properties = _orchestrator(variant)["Properties"]
    assert (properties["Runtime"], properties["Architectures"], properties["Handler"]) == (
        "python3.14",
        ["arm64"],
        HANDLER,
    )
    assert (properties["MemorySize"], properties["Timeout"]) == (MEMORY_MB, TIMEOUT.to_seconds())
    assert properties["TracingConfig"] == {"Mode": "Active"}
    assert properties["Role"] == {"Fn::GetAtt": [variant.logical_id("Orchestrator/Role"), "Arn"]}
    log_group = variant.json["Resources"][properties["LoggingConfig"]["LogGroup"]["Ref"]]
    assert log_group["Properties"]["RetentionInDays"] == 365


def test_environment_is_exactly_what_the_runtime_reads(single: Synthesized, multi: Synthesized) -> None:
    for synthesized, multi_account in ((single, False), (multi, True)):
        variables = _orchestrator(synthesized)["Properties"]["Environment"]["Variables"]
        assert set(variables) == set(settings_env(offline_settings(multi_account=multi_account)))
        assert variables["IS_MULTI_ACCOUNT"] == str(multi_account)
        assert variables["PIPELINE_STACK_NAME"] == "mlops-pipeline"
        assert variables["ASSETS_BUCKET"] == {
            "Fn::If": [
                "S3BucketProvided",
                {"Ref": "ExistingS3Bucket"},
                {"Ref": synthesized.logical_id("PipelineAssets")},
            ]
        }
        blueprints = synthesized.logical_id("BlueprintRepository")
        assert variables["BLUEPRINT_BUCKET"] == {"Ref": blueprints}
        assert variables["BLUEPRINT_BUCKET_URL"] == {"Fn::GetAtt": [blueprints, "RegionalDomainName"]}
        assert variables["CFN_ROLE_ARN"] == {"Fn::GetAtt": [synthesized.logical_id("DeployRole/Role"), "Arn"]}
        assert variables["MLOPS_NOTIFICATIONS_SNS_TOPIC"] == {"Ref": synthesized.logical_id("MLOpsNotificationsTopic")}
        assert variables["ECR_REPO_ARN"]["Fn::If"][0] == "ECRProvided"
        assert variables["REGION"] == {"Ref": "AWS::Region"}
        assert variables["CONFIG_BUCKET"] == {"Ref": "ConfigS3Bucket"}
        # What the function's last attempt is: the retry setting of its asynchronous invocations, told to it.
        retries = synthesized.only("AWS::Lambda::EventInvokeConfig")["Properties"]["MaximumRetryAttempts"]
        assert variables["MAXIMUM_RETRY_ATTEMPTS"] == str(retries) == str(MAXIMUM_RETRY_ATTEMPTS)
        for name, parameter in (
            ("USE_MODEL_REGISTRY", "UseModelRegistry"),
            ("ALLOW_DETAILED_ERROR_MESSAGE", "AllowDetailedErrorMessage"),
        ):
            assert variables[name] == {"Ref": parameter}
    multi_variables = _orchestrator(multi)["Properties"]["Environment"]["Variables"]
    assert multi_variables["IS_DELEGATED_ADMIN"] == {"Ref": "DelegatedAdminAccount"}
    assert multi_variables["DEV_ACCOUNT_ID"] == {"Ref": "DevAccountId"}
    assert multi_variables["PROD_ORG_ID"] == {"Ref": "ProdOrgId"}
    assert _orchestrator(single)["Properties"]["Environment"]["Variables"]["IS_DELEGATED_ADMIN"] == "No"


def test_orchestrator_role_may_count_and_forget_the_attempts_at_an_event(variant: Synthesized) -> None:
    """core/event_attempts.py reads, writes and deletes (every version of) one object per event."""
    assert EventAttempts.KEY_PREFIX.startswith(PROVISIONED_PREFIX)
    found = _role_statements(variant, "Orchestrator/Role")
    objects = _by_sid(found, "WriteTemplateZips")
    assert objects["Resource"]["Fn::Join"][1][-1] == f"/{PROVISIONED_PREFIX}*"
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObjectVersion"} <= set(_actions(objects))
    versions = _by_sid(found, "ListTemplateZipVersions")
    assert (versions["Action"], versions["Resource"]) == (
        "s3:ListBucketVersions",
        _by_sid(found, "TellMissingFromForbidden")["Resource"],
    )


def test_no_redundant_dependency_on_the_role(variant: Synthesized) -> None:
    for function in variant.resources("AWS::Lambda::Function").values():
        role = function["Properties"]["Role"]["Fn::GetAtt"][0]
        assert role not in function.get("DependsOn", [])
    assert _orchestrator(variant)["DependsOn"] == [variant.logical_id("Orchestrator/Role/DefaultPolicy")]


def test_orchestrator_role_is_least_privilege(variant: Synthesized) -> None:
    found = _role_statements(variant, "Orchestrator/Role")
    deploy_role = {"Fn::GetAtt": [variant.logical_id("DeployRole/Role"), "Arn"]}
    change = _by_sid(found, "ChangePipelineStacksOnlyThroughTheDeployRole")
    assert sorted(_actions(change)) == ["cloudformation:CreateStack", "cloudformation:UpdateStack"]
    assert change["Condition"] == {"StringEquals": {"cloudformation:RoleArn": deploy_role}}
    assert change["Resource"]["Fn::Join"][1][-1] == ":stack/mlops-pipeline*/*"
    passing = _by_sid(found, "PassTheDeployRoleToCloudFormation")
    assert (passing["Resource"], passing["Condition"]) == (
        deploy_role,
        {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}},
    )
    template_zips = _by_sid(found, "WriteTemplateZips")
    assert template_zips["Resource"]["Fn::Join"][1][-1] == "/mlops_provisioned_pipelines/*"
    assert "s3:GetObjectVersion" in template_zips["Action"]  # the release history reads template.zip's versions
    assert _by_sid(found, "ReadBlueprints")["Resource"]["Fn::Join"][1][-1] == "/blueprints/*"
    assert _by_sid(found, "PipelineStatus")["Action"] == "codepipeline:GetPipelineState"
    assert _by_sid(found, "NotifyOperators")["Resource"] == {"Ref": variant.logical_id("MLOpsNotificationsTopic")}
    everything = {action for statement in found for action in _actions(statement)}
    assert not any(
        action.startswith(("iam:Create", "iam:Put", "lambda:", "s3:Create", "s3:PutBucket")) for action in everything
    )
    unscoped = sorted(sorted(_actions(s)) for s in found if s["Resource"] == "*")
    assert unscoped == [
        ["cloudformation:DescribeStacks"],
        ["organizations:ListDelegatedAdministrators"],
        ["sagemaker:ListModelCards"],
        ["sagemaker:ListModelPackages"],
        ["sagemaker:Search"],
        ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
    ]


def test_orchestrator_role_serves_the_model_card_api_and_nothing_more(variant: Synthesized) -> None:
    found = _role_statements(variant, "Orchestrator/Role")
    cards = _by_sid(found, "ManageModelCards")
    assert sorted(_actions(cards)) == [
        "sagemaker:CreateModelCard",
        "sagemaker:CreateModelCardExportJob",
        "sagemaker:DeleteModelCard",
        "sagemaker:DescribeModelCard",
        "sagemaker:DescribeModelCardExportJob",
        "sagemaker:UpdateModelCard",
    ]
    assert [resource["Fn::Join"][1][-1] for resource in cards["Resource"]] == [
        ":model-card/*",
        ":model-card/*/export-job/*",
    ]
    discovery = _by_sid(found, "DiscoverModelCardSources")
    assert sorted(_actions(discovery)) == ["sagemaker:DescribeModel", "sagemaker:DescribeTrainingJob"]
    assert [resource["Fn::Join"][1][-1] for resource in discovery["Resource"]] == [":model/*", ":training-job/*"]
    exports = _by_sid(found, "WriteModelCardExports")
    assert exports["Action"] == "s3:PutObject"
    assert exports["Resource"]["Fn::Join"][1][-1] == "/model_card_exports/*"
    assert _by_sid(found, "ListModelCards")["Resource"] == "*"
    search = _by_sid(found, "FindTrainingJobsOfModels")
    assert (search["Action"], search["Resource"]) == ("sagemaker:Search", "*")
    packages = _by_sid(found, "FindApprovedModelPackages")
    assert (packages["Action"], packages["Resource"]) == ("sagemaker:ListModelPackages", "*")
    metric_files = _by_sid(found, "ReadModelCardMetricFiles")
    assert metric_files["Action"] == "s3:GetObject"
    metric_parts = metric_files["Resource"]["Fn::Join"][1]
    assert metric_parts[-1] == "/model_card_metrics/*"
    assert metric_parts[:-1] == exports["Resource"]["Fn::Join"][1][:-1]  # the assets bucket, as for exports
    # Metric files are the only new read: every object the role may get is under one of these.
    reads = [s["Resource"]["Fn::Join"][1][-1] for s in found if "s3:GetObject" in _actions(s)]
    assert sorted(reads) == [
        "/blueprints/*",
        "/mlops-config.json",
        "/mlops_provisioned_pipelines/*",
        "/model_card_metrics/*",
    ]
    sagemaker = {action for statement in found for action in _actions(statement) if action.startswith("sagemaker:")}
    # The six card actions, the two discovery reads, the job search, the card listing and the package listing;
    # multi-account adds reading group policies (tests/infra/test_group_policy_permission.py).
    multi_account = "sagemaker:GetModelPackageGroupPolicy" in sagemaker
    assert len(sagemaker - {"sagemaker:GetModelPackageGroupPolicy"}) == 11
    assert multi_account == (variant.stack.node.id == MULTI_ACCOUNT_STACK)


def test_orchestrator_role_may_deprovision_only_pipeline_resources(variant: Synthesized) -> None:
    found = _role_statements(variant, "Orchestrator/Role")
    deleting = _by_sid(found, "DeletePipelineStacks")
    assert sorted(_actions(deleting)) == ["cloudformation:DeleteStack", "cloudformation:DescribeStackEvents"]
    assert deleting["Resource"]["Fn::Join"][1][-1] == ":stack/mlops-pipeline*/*"
    passing = _by_sid(found, "PassPipelineRolesToCloudFormationForDeletion")
    # The pipelines' DeployStackRole sits under the boundary's guarded path.
    assert {resource["Fn::Join"][1][-1] for resource in passing["Resource"]} == {
        ":role/mlops-pipeline*",
        ":role/mlops-orchestrator/mlops-pipeline*",
    }
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}}
    stacksets = _by_sid(found, "DeleteStagedBlueprints")
    assert sorted(_actions(stacksets)) == [
        "cloudformation:DeleteStackInstances",
        "cloudformation:DeleteStackSet",
        "cloudformation:DescribeStackSet",
        "cloudformation:ListStackInstances",
    ]
    endings = {resource["Fn::Join"][1][-1] for resource in stacksets["Resource"]}
    assert endings == {":stackset/mlops-pipeline*", ":stackset-target/*", "::type/resource/*"}
    assert _by_sid(found, "ListTemplateZipVersions")["Action"] == "s3:ListBucketVersions"


def test_orchestrator_role_may_keep_the_follower_index_and_release_history(variant: Synthesized) -> None:
    """What provisioning writes beside template.zip, and deprovisioning deletes version by version, is granted."""
    found = _role_statements(variant, "Orchestrator/Role")
    objects = _by_sid(found, "WriteTemplateZips")
    granted = objects["Resource"]["Fn::Join"][1][-1].lstrip("/")
    zip_key = template_zip_key("mlops-pipeline-churn-byompipelinerealtimebuiltin")
    for key in (zip_key, history_key(zip_key), marker_key("churn", "mlops-pipeline-churn"), BUILT_KEY):
        assert fnmatch.fnmatchcase(key, granted), key
    assert {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"} <= set(_actions(objects))
    # Listing a group's markers (ListObjectsV2) and every version of an object before deleting it.
    assert _by_sid(found, "TellMissingFromForbidden")["Action"] == "s3:ListBucket"
    assert _by_sid(found, "ListTemplateZipVersions")["Action"] == "s3:ListBucketVersions"


def test_deploy_role_is_scoped_to_pipeline_stacks(variant: Synthesized) -> None:
    role = variant.json["Resources"][variant.logical_id("DeployRole/Role")]
    principal = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "cloudformation.amazonaws.com"}
    assert "ManagedPolicyArns" not in role["Properties"]
    found = _role_statements(variant, "DeployRole/Role")
    actions = {action for statement in found for action in _actions(statement)}
    assert set(DEPLOYABLE_TYPES.values()) <= actions
    assert "iam:AttachRolePolicy" not in actions
    assert not any(action.endswith("*") for action in actions)
    assert role["Properties"]["Path"] == "/mlops-orchestrator/"
    # Every role it creates or changes carries the stack's permissions boundary.
    writes = _by_sid(found, "WriteOnlyBoundedPipelineRoles")
    assert "iam:CreateRole" in _actions(writes) and "iam:PutRolePolicy" in _actions(writes)
    assert writes["Condition"] == {"StringEquals": {"iam:PermissionsBoundary": {"Fn::Sub": BOUNDARY_ARN}}}
    role_actions = {action for statement in found if statement is not writes for action in _actions(statement)}
    assert not {action for action in role_actions if action.startswith("iam:") and action in ROLE_WRITES}
    boundary = variant.json["Resources"][variant.logical_id("DeployRole/PermissionsBoundary")]["Properties"]
    assert (boundary["Path"], boundary["ManagedPolicyName"]) == (
        "/mlops-orchestrator/",
        {"Fn::Sub": "mlops-pipeline-boundary-${AWS::Region}"},
    )
    for statement in found:
        if statement.get("Sid") in {"BlueprintCode", "DescribeLogGroups"}:
            continue
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        assert all("mlops-pipeline*" in str(resource) for resource in resources), statement
    passing = _by_sid(found, "PassPipelineRolesToTheirServices")
    assert set(passing["Condition"]["StringEquals"]["iam:PassedToService"]) == {
        "codepipeline.amazonaws.com",
        "codebuild.amazonaws.com",
        "lambda.amazonaws.com",
    }


BOUNDARY_ARN = (
    "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/mlops-orchestrator/mlops-pipeline-boundary-${AWS::Region}"
)


def test_the_lambda_role_and_the_deploy_role_are_separate(variant: Synthesized) -> None:
    assert _orchestrator(variant)["Properties"]["Role"]["Fn::GetAtt"][0] != variant.logical_id("DeployRole/Role")


def test_no_wildcard_actions_anywhere(variant: Synthesized) -> None:
    for statement in statements(variant.template):
        actions = _actions(statement)
        assert not any(action == "*" or action.endswith(":*") for action in actions), statement


def test_config_trigger_exact_key_only_with_a_config_bucket(variant: Synthesized) -> None:
    notification = variant.only("Custom::S3BucketNotifications")
    assert notification["Condition"] == "ConfigBucketProvided"
    assert notification["Properties"]["BucketName"] == {"Ref": "ConfigS3Bucket"}
    (configuration,) = notification["Properties"]["NotificationConfiguration"]["LambdaFunctionConfigurations"]
    assert configuration["Events"] == ["s3:ObjectCreated:*"]
    assert configuration["LambdaFunctionArn"] == {"Fn::GetAtt": [variant.logical_id("PipelineOrchestration"), "Arn"]}
    rules = configuration["Filter"]["Key"]["FilterRules"]
    assert sorted((rule["Name"], rule["Value"]) for rule in rules) == [
        ("prefix", CONFIG_FILE_KEY),
        ("suffix", CONFIG_FILE_KEY),
    ]
    s3_permissions = [
        p
        for p in variant.resources("AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "s3.amazonaws.com"
    ]
    assert [p["Condition"] for p in s3_permissions] == ["ConfigBucketProvided"]
    handler = [
        f for f in variant.resources("AWS::Lambda::Function").values() if f.get("Condition") == "ConfigBucketProvided"
    ]
    assert len(handler) == 1
    read = variant.json["Resources"][variant.logical_id("MlOpsS3ConfigReadPolicy")]
    assert read["Condition"] == "ConfigBucketProvided"
    (statement,) = read["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"]["Fn::Join"][1][-1] == f"/{CONFIG_FILE_KEY}"


def test_config_events_that_still_fail_after_the_retries_go_to_an_encrypted_queue(variant: Synthesized) -> None:
    config = variant.only("AWS::Lambda::EventInvokeConfig")["Properties"]
    assert config["FunctionName"] == {"Ref": variant.logical_id("PipelineOrchestration")}
    assert (config["Qualifier"], config["MaximumRetryAttempts"]) == ("$LATEST", MAXIMUM_RETRY_ATTEMPTS)
    queue = variant.logical_id("FailedConfigEvents")
    assert config["DestinationConfig"] == {"OnFailure": {"Destination": {"Fn::GetAtt": [queue, "Arn"]}}}
    properties = variant.json["Resources"][queue]["Properties"]
    assert (properties["SqsManagedSseEnabled"], properties["MessageRetentionPeriod"]) == (True, 14 * 24 * 3600)
    [policy] = variant.resources("AWS::SQS::QueuePolicy").values()
    [deny] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert (deny["Effect"], deny["Condition"]) == ("Deny", {"Bool": {"aws:SecureTransport": "false"}})
    sends = [s for s in _role_statements(variant, "Orchestrator/Role") if "sqs:SendMessage" in _actions(s)]
    assert [s["Resource"] for s in sends] == [{"Fn::GetAtt": [queue, "Arn"]}]

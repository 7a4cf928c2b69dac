"""Buckets, ECR, notifications, model registry and AppRegistry of both orchestrator templates."""

from __future__ import annotations

from typing import Any

from mlops_orchestrator.core.event_attempts import EventAttempts
from mlops_orchestrator.orchestrator.cross_account import ECR_PULL, S3_READ
from mlops_orchestrator.orchestrator.registry import CROSS_ACCOUNT_ACTIONS
from mlops_orchestrator.orchestrator.storage import ASSETS_LOG_PREFIX, BLUEPRINTS_LOG_PREFIX
from tests.infra.support import Synthesized

STAGE_ROOTS = [
    {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": f"{stage}AccountId"}, ":root"]]}
    for stage in ("Dev", "Staging", "Prod")
]


def _bucket(synthesized: Synthesized, construct_id: str) -> dict[str, Any]:
    return synthesized.json["Resources"][synthesized.logical_id(construct_id)]


def _policy_of(synthesized: Synthesized, bucket_construct_id: str) -> list[dict[str, Any]]:
    bucket = synthesized.logical_id(bucket_construct_id)
    for policy in synthesized.resources("AWS::S3::BucketPolicy").values():
        if policy["Properties"]["Bucket"] == {"Ref": bucket}:
            statements: list[dict[str, Any]] = policy["Properties"]["PolicyDocument"]["Statement"]
            return statements
    raise AssertionError(f"no policy for {bucket_construct_id}")


def test_three_secure_retained_buckets(variant: Synthesized) -> None:
    template = variant.template
    template.resource_count_is("AWS::S3::Bucket", 3)
    template.resource_count_is("AWS::S3::BucketPolicy", 3)
    template.all_resources_properties(
        "AWS::S3::Bucket",
        {
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
            "VersioningConfiguration": {"Status": "Enabled"},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        },
    )
    template.all_resources("AWS::S3::Bucket", {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"})
    for construct_id in ("Storage/AccessLogs", "BlueprintRepository", "PipelineAssets"):
        statements = _policy_of(variant, construct_id)
        assert statements[0]["Effect"] == "Deny"
        assert statements[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_access_logs(variant: Synthesized) -> None:
    logs = variant.logical_id("Storage/AccessLogs")
    assert "LoggingConfiguration" not in _bucket(variant, "Storage/AccessLogs")["Properties"]
    for construct_id, prefix in (("BlueprintRepository", BLUEPRINTS_LOG_PREFIX), ("PipelineAssets", ASSETS_LOG_PREFIX)):
        assert _bucket(variant, construct_id)["Properties"]["LoggingConfiguration"] == {
            "DestinationBucketName": {"Ref": logs},
            "LogFilePrefix": prefix,
        }
    delivery = [s for s in _policy_of(variant, "Storage/AccessLogs") if s["Effect"] == "Allow"]
    sources = [statement["Condition"]["ArnLike"]["aws:SourceArn"] for statement in delivery]
    assert {"Fn::GetAtt": [variant.logical_id("BlueprintRepository"), "Arn"]} in sources
    # The assets bucket may not exist: its grant goes through Fn::If, never a bare GetAtt.
    conditional = [source["Fn::If"] for source in sources if "Fn::If" in source]
    assert len(conditional) == 1
    assert conditional[0][:2] == ["CreateS3Bucket", {"Fn::GetAtt": [variant.logical_id("PipelineAssets"), "Arn"]}]
    assert {"Ref": "ExistingS3Bucket"} in conditional[0][2]["Fn::Join"][1]
    assert all(s["Principal"] == {"Service": "logging.s3.amazonaws.com"} for s in delivery)


def test_assets_bucket_only_without_an_existing_one(variant: Synthesized) -> None:
    assert _bucket(variant, "PipelineAssets")["Condition"] == "CreateS3Bucket"
    policy = next(
        p
        for p in variant.resources("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": variant.logical_id("PipelineAssets")}
    )
    assert policy["Condition"] == "CreateS3Bucket"


def test_attempt_counts_left_behind_expire_in_the_created_assets_bucket(variant: Synthesized) -> None:
    rules = _bucket(variant, "PipelineAssets")["Properties"]["LifecycleConfiguration"]["Rules"]
    assert all(rule["Prefix"] == EventAttempts.KEY_PREFIX and rule["Status"] == "Enabled" for rule in rules)
    assert [
        (rule.get("ExpirationInDays"), rule.get("NoncurrentVersionExpiration"), rule.get("ExpiredObjectDeleteMarker"))
        for rule in rules
    ] == [(1, {"NoncurrentDays": 1}, None), (None, None, True)]
    for construct_id in ("Storage/AccessLogs", "BlueprintRepository"):
        assert "LifecycleConfiguration" not in _bucket(variant, construct_id)["Properties"]


def test_cross_account_read_only_in_multi_account(single: Synthesized, multi: Synthesized) -> None:
    for construct_id in ("PipelineAssets", "BlueprintRepository"):
        assert all(s["Effect"] == "Deny" for s in _policy_of(single, construct_id))
        grant = next(s for s in _policy_of(multi, construct_id) if s["Effect"] == "Allow")
        assert sorted(grant["Action"]) == sorted(S3_READ)
        assert sorted(map(str, grant["Principal"]["AWS"])) == sorted(map(str, STAGE_ROOTS))


def test_ecr_repository(single: Synthesized, multi: Synthesized) -> None:
    for synthesized in (single, multi):
        repository = synthesized.only("AWS::ECR::Repository")
        assert repository["Condition"] == "CreateECRRepo"
        assert repository["DeletionPolicy"] == "Retain"
        assert repository["Properties"]["ImageScanningConfiguration"] == {"ScanOnPush": True}
    assert "RepositoryPolicyText" not in single.only("AWS::ECR::Repository")["Properties"]
    statement = multi.only("AWS::ECR::Repository")["Properties"]["RepositoryPolicyText"]["Statement"][0]
    assert sorted(statement["Action"]) == sorted(ECR_PULL)
    assert sorted(map(str, statement["Principal"]["AWS"])) == sorted(map(str, STAGE_ROOTS))


def test_notifications_topic(variant: Synthesized) -> None:
    key = variant.logical_id("TopicKey")
    topic = variant.logical_id("MLOpsNotificationsTopic")
    variant.template.has_resource_properties("AWS::SNS::Topic", {"KmsMasterKeyId": {"Fn::GetAtt": [key, "Arn"]}})
    variant.template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    variant.template.has_resource_properties(
        "AWS::SNS::Subscription",
        {"Protocol": "email", "Endpoint": {"Ref": "NotificationEmail"}, "TopicArn": {"Ref": topic}},
    )
    statements = variant.only("AWS::SNS::TopicPolicy")["Properties"]["PolicyDocument"]["Statement"]
    events = next(s for s in statements if s.get("Principal") == {"Service": "events.amazonaws.com"})
    assert (events["Action"], events["Resource"]) == ("sns:Publish", {"Ref": topic})
    assert events["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    assert any(
        s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements
    )


def test_topic_key_serves_publishers_through_sns_only(variant: Synthesized) -> None:
    statements = variant.only("AWS::KMS::Key")["Properties"]["KeyPolicy"]["Statement"]
    through_sns = next(s for s in statements if s.get("Sid") == "PublishFromThisAccountThroughSns")
    assert through_sns["Condition"]["StringEquals"]["kms:CallerAccount"] == {"Ref": "AWS::AccountId"}
    assert "kms:ViaService" in through_sns["Condition"]["StringEquals"]
    assert sorted(through_sns["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey*"]
    events = next(s for s in statements if s.get("Sid") == "PublishFromEventBridge")
    assert events["Principal"] == {"Service": "events.amazonaws.com"}


def test_model_registry(single: Synthesized, multi: Synthesized) -> None:
    for synthesized in (single, multi):
        group = synthesized.only("AWS::SageMaker::ModelPackageGroup")
        assert (group["Condition"], group["DeletionPolicy"]) == ("CreateModelRegistryCondition", "Retain")
        properties = group["Properties"]
        assert properties["ModelPackageGroupName"]["Fn::Join"][1][0] == "mlops-model-registry"
        assert "AWS::StackId" in str(properties["ModelPackageGroupName"])  # stable per stack, no custom resource
        assert properties["Tags"] == [{"Key": "stack-name", "Value": {"Ref": "AWS::StackName"}}]
    assert "ModelPackageGroupPolicy" not in single.only("AWS::SageMaker::ModelPackageGroup")["Properties"]
    policy = multi.only("AWS::SageMaker::ModelPackageGroup")["Properties"]["ModelPackageGroupPolicy"]
    statement = policy["Statement"][0]
    assert statement["Sid"] == "AddPermModelPackageGroup"
    assert statement["Action"] == CROSS_ACCOUNT_ACTIONS
    assert statement["Principal"]["AWS"] == STAGE_ROOTS
    assert [str(resource).count("model-package") for resource in statement["Resource"]] == [1, 1]


def test_app_registry_association(variant: Synthesized) -> None:
    application = variant.only("AWS::ServiceCatalogAppRegistry::Application")["Properties"]
    assert application["Name"] == {"Fn::Join": ["-", ["App", {"Ref": "AWS::StackName"}, "mlops"]]}
    assert application["Tags"]["Solutions:SolutionID"] == "SO0136"
    variant.template.has_resource_properties(
        "AWS::ServiceCatalogAppRegistry::ResourceAssociation",
        {
            "Application": {"Fn::GetAtt": [variant.logical_id("Application"), "Id"]},
            "Resource": {"Ref": "AWS::StackId"},
            "ResourceType": "CFN_STACK",
        },
    )


def test_description_names_the_variant_and_version(single: Synthesized, multi: Synthesized) -> None:
    assert single.json["Description"].startswith("(SO0136-sa) ")
    assert multi.json["Description"].startswith("(SO0136-ma) ")
    assert single.json["Description"].endswith("Version v0.1.0")

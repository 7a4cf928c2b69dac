"""Pieces the single- and multi-account deployment pipelines share: artifact bucket, source stage, notifications.

The names here (stage `Source`, action `S3Source`, artifact `Artifact_Source_S3Source`, rule `NotifyUser`,
output `Pipelines`) are the original's, which users' dashboards and runbooks may refer to.
"""

from __future__ import annotations

import json

import aws_cdk as cdk
from aws_cdk import aws_codepipeline as codepipeline
from aws_cdk import aws_codepipeline_actions as cpactions
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from mlops_orchestrator.core.catalog.pipeline_stages import SOURCE_ACTION, SOURCE_ARTIFACT, SOURCE_STAGE
from mlops_orchestrator.infrastructure.nag import acknowledge
from mlops_orchestrator.infrastructure.secure_bucket import secure_bucket

FINISHED_STATES = ["SUCCEEDED", "FAILED"]


def artifact_bucket(scope: Construct) -> s3.Bucket:
    """The pipeline's own artifact store: encrypted, SSL-only, private, versioned."""
    bucket = secure_bucket(scope, "ArtifactBucket", access_logs=None, access_logs_prefix="")
    # Artifacts matter only while an execution can still use them; old versions just cost money.
    bucket.add_lifecycle_rule(
        noncurrent_version_expiration=cdk.Duration.days(30),
        abort_incomplete_multipart_upload_after=cdk.Duration.days(7),
    )
    acknowledge(
        bucket,
        "AwsSolutions-S1",
        "Only this pipeline's roles can read or write the bucket (it holds copies of template.zip, whose "
        "original in the assets bucket is access-logged); a log bucket per provisioned pipeline would "
        "itself be an unlogged bucket.",
    )
    return bucket


def new_pipeline(scope: Construct, construct_id: str) -> codepipeline.Pipeline:
    pipeline = codepipeline.Pipeline(
        scope,
        construct_id,
        artifact_bucket=artifact_bucket(scope),
        # StackSets deploy across accounts; the pipeline itself never leaves this account.
        cross_account_keys=False,
    )
    depend_only_on_policy(pipeline.node.default_child, pipeline.role)  # type: ignore[arg-type]
    return pipeline


def add_source_stage(
    scope: Construct, pipeline: codepipeline.Pipeline, assets_bucket: str, template_zip: str
) -> codepipeline.Artifact:
    """Stage `Source`: template.zip from the assets bucket, polled so that a re-provisioned request redeploys.

    Polling needs nothing from the assets bucket; event-based detection would need its EventBridge
    notifications or a CloudTrail data-event trail, which the orchestrator does not promise.
    """
    output = codepipeline.Artifact(SOURCE_ARTIFACT)
    source = cpactions.S3SourceAction(
        action_name=SOURCE_ACTION,
        bucket=s3.Bucket.from_bucket_name(scope, "AssetsBucketRef", assets_bucket),
        bucket_key=template_zip,
        output=output,
        trigger=cpactions.S3Trigger.POLL,
    )
    pipeline.add_stage(stage_name=SOURCE_STAGE, actions=[source])
    return output


def notifications_topic(scope: Construct, topic_arn: str) -> sns.ITopic:
    return sns.Topic.from_topic_arn(scope, "NotificationsTopic", topic_arn)


def notify_on_completion(scope: Construct, pipeline: codepipeline.Pipeline, topic: sns.ITopic) -> events.Rule:
    """Rule `NotifyUser`: every execution that succeeds or fails is announced on the topic."""
    message = events.RuleTargetInput.from_text(
        f"Pipeline {events.EventField.from_path('$.detail.pipeline')} finished executing. "
        f"Pipeline execution result is {events.EventField.from_path('$.detail.state')}"
    )
    return pipeline.on_state_change(
        "NotifyUser",
        description="Notify the user when the pipeline succeeds or fails.",
        event_pattern=events.EventPattern(detail={"state": FINISHED_STATES}),
        target=targets.SnsTopic(topic, message=message),
    )


def pipelines_output(scope: Construct, pipeline: codepipeline.Pipeline) -> cdk.CfnOutput:
    """The console link, and the pipeline's name (what `approve` and the CodePipeline API take)."""
    cdk.CfnOutput(scope, "PipelineName", value=pipeline.pipeline_name, description="The CodePipeline's name.")
    url = (
        f"https://console.aws.amazon.com/codesuite/codepipeline/pipelines/{pipeline.pipeline_name}"
        f"/view?region={cdk.Aws.REGION}"
    )
    return cdk.CfnOutput(scope, "Pipelines", value=url, description="The pipeline in the AWS console.")


def depend_only_on_policy(resource: cdk.CfnResource, role: iam.Role) -> None:
    """Keep only the DependsOn on the role's default policy: the role itself is already a `GetAtt`.

    CDK makes pipelines and functions depend on their role and its policy; cfn-lint (W3005) rightly calls the
    role entry redundant. The policy entry stays: without it, the resource could start before its grants exist.
    """
    policy = role.node.try_find_child("DefaultPolicy")
    if policy is None:
        resource.add_override("DependsOn", [])
        return
    resource.add_override("DependsOn", [policy.node.find_child("Resource").logical_id])  # type: ignore[attr-defined]


_ARTIFACT_READ = ("s3:GetBucket*", "s3:GetObject*", "s3:List*")
_ARTIFACT_WRITE = ("s3:Abort*", "s3:DeleteObject*")


def action_role(pipeline: codepipeline.Pipeline, stage: str, action: str) -> iam.Role:
    """The role CDK creates for one action (it exposes no handle to it)."""
    found = pipeline.node.find_child(stage).node.find_child(action).node.find_child("CodePipelineActionRole")
    assert isinstance(found, iam.Role)
    return found


def acknowledge_artifact_grants(role: iam.IRole, bucket: s3.IBucket, *, write: bool) -> None:
    """The wildcards of CDK's artifact-bucket grants: objects and actions of this pipeline's own bucket only."""
    policy = role.node.find_child("DefaultPolicy")
    logical_id = cdk.Stack.of(bucket).resolve(bucket.node.default_child.logical_id)  # type: ignore[union-attr]
    reason = "Pipeline artifacts get generated keys inside this pipeline's own artifact bucket."
    acknowledge(policy, f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>/*]", reason)
    for action in (*_ARTIFACT_READ, *(_ARTIFACT_WRITE if write else ())):
        acknowledge(policy, f"AwsSolutions-IAM5[Action::{action}]", reason)


def nag_resource(scope: Construct, value: str) -> str:
    """A resource string as cdk-nag prints it in a finding id: `<Ref>`, `<Resource.Attr>`, other intrinsics as JSON."""
    resolved = cdk.Stack.of(scope).resolve(value)
    parts = resolved["Fn::Join"][1] if isinstance(resolved, dict) and "Fn::Join" in resolved else [resolved]
    return "".join(_nag_part(part) for part in parts)


def _nag_part(part: object) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, dict) and "Ref" in part:
        return f"<{part['Ref']}>"
    if isinstance(part, dict) and "Fn::GetAtt" in part:
        return f"<{'.'.join(part['Fn::GetAtt'])}>"
    return json.dumps(part, separators=(",", ":"))

"""The orchestrator Lambda and its own least-privilege role (separate from the CloudFormation deploy role).

What the role allows is what the runtime calls (core/provisioning.py, status.py, service.py):
- s3:GetObject on the blueprint templates;
- s3 Get/Put/DeleteObject(Version) on the assets bucket's `mlops_provisioned_pipelines/*` (template.zip, its
  releases.json and the follower index), and ListBucket on it so that a missing template.zip reads as 404
  rather than 403 (and a group's followers can be listed);
- CloudFormation Create/Update (only with the deploy role), Describe and ListStackResources on
  `mlops-pipeline*` stacks, and passing the deploy role to CloudFormation alone;
- codepipeline:GetPipelineState on `mlops-pipeline*` pipelines;
- sns:Publish on the notifications topic;
- multi-account with the registry in use: sagemaker:GetModelPackageGroupPolicy on the account's model package
  groups (a separate, conditional policy: see `read_model_package_group_policies`);
- X-Ray trace upload (tracing is on), the only `*` resource: X-Ray has no resource-level permissions;
- the config bucket's `mlops-config.json` (a separate, conditional policy: see config_trigger.py).
"""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

from mlops_orchestrator.core.model_cards import EXPORT_PREFIX as MODEL_CARD_EXPORT_PREFIX
from mlops_orchestrator.core.model_cards import METRICS_PREFIX as MODEL_CARD_METRICS_PREFIX
from mlops_orchestrator.core.naming import PIPELINE_STACK_PREFIX
from mlops_orchestrator.infrastructure.lambda_package import RUNTIME_LIBRARIES, lambda_code_dir
from mlops_orchestrator.infrastructure.nag_wildcards import acknowledge_wildcards
from mlops_orchestrator.infrastructure.permissions_boundary import GUARDED_PATH
from mlops_orchestrator.infrastructure.python_function import python_function

from .conditional import only_if
from .failed_events import send_failed_events_to_a_queue

PACKAGES = ["mlops_orchestrator.core", "mlops_orchestrator.orchestrator.runtime"]
# boto3 pinned too, so the Lambda runs the boto3 the tests ran rather than the runtime's own copy.
REQUIREMENTS = [*RUNTIME_LIBRARIES, "boto3==1.44.5", "botocore==1.44.5"]
HANDLER = "mlops_orchestrator.orchestrator.runtime.handler.lambda_handler"
PROVISIONED_PREFIX = "mlops_provisioned_pipelines/"

# Cold starts are CPU-bound (imports, pydantic model builds, botocore service data) and Lambda's CPU share
# grows with memory: 1024 MB roughly halves a 512 MB cold start for a few cents a month at this volume.
MEMORY_MB = 1024
# API Gateway stops waiting after 29 s, but config-file events run asynchronously, may hold several
# records, and each AWS call may be retried (6 attempts, 30 s read timeout): 3 minutes bounds a stuck run.
TIMEOUT = cdk.Duration.minutes(3)


class OrchestratorFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: Mapping[str, str],
        blueprints: s3.IBucket,
        assets: s3.IBucket,
        topic: sns.ITopic,
        deploy_role: iam.IRole,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"The MLOps orchestrator Lambda: provisions {PIPELINE_STACK_PREFIX}-* stacks with the deploy role.",
        )
        stacks = stack.format_arn(
            service="cloudformation", resource="stack", resource_name=f"{PIPELINE_STACK_PREFIX}*/*"
        )
        statements = [
            iam.PolicyStatement(
                sid="ReadBlueprints", actions=["s3:GetObject"], resources=[blueprints.arn_for_objects("blueprints/*")]
            ),
            iam.PolicyStatement(
                sid="WriteTemplateZips",
                # GetObjectVersion: the release history of a pipeline released before releases.json existed is
                # the metadata of its template.zip versions.
                actions=[
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:DeleteObjectVersion",
                ],
                resources=[assets.arn_for_objects(f"{PROVISIONED_PREFIX}*")],
            ),
            iam.PolicyStatement(
                sid="TellMissingFromForbidden", actions=["s3:ListBucket"], resources=[assets.bucket_arn]
            ),
            iam.PolicyStatement(
                sid="ChangePipelineStacksOnlyThroughTheDeployRole",
                actions=["cloudformation:CreateStack", "cloudformation:UpdateStack"],
                resources=[stacks],
                conditions={"StringEquals": {"cloudformation:RoleArn": deploy_role.role_arn}},
            ),
            iam.PolicyStatement(
                sid="ReadPipelineStacks",
                actions=[
                    "cloudformation:DescribeStacks",
                    "cloudformation:ListStackResources",
                    "cloudformation:TagResource",
                ],
                resources=[stacks],
            ),
            iam.PolicyStatement(
                sid="PassTheDeployRoleToCloudFormation",
                actions=["iam:PassRole"],
                resources=[deploy_role.role_arn],
                conditions={"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}},
            ),
            iam.PolicyStatement(
                sid="PipelineStatus",
                actions=["codepipeline:GetPipelineState"],
                resources=[stack.format_arn(service="codepipeline", resource=f"{PIPELINE_STACK_PREFIX}*")],
            ),
            # Deprovisioning: the deployed blueprint goes first, with the role it was deployed with (a role of
            # the pipeline stack, so under mlops-pipeline*), then the pipeline stack with the deploy role.
            iam.PolicyStatement(
                sid="DeletePipelineStacks",
                actions=["cloudformation:DeleteStack", "cloudformation:DescribeStackEvents"],
                resources=[stacks],
            ),
            iam.PolicyStatement(
                sid="PassPipelineRolesToCloudFormationForDeletion",
                actions=["iam:PassRole"],
                # A pipeline's DeployStackRole sits under the permissions boundary's guarded path.
                resources=[
                    stack.format_arn(service="iam", region="", resource="role", resource_name=name)
                    for name in (f"{PIPELINE_STACK_PREFIX}*", f"{GUARDED_PATH.strip('/')}/{PIPELINE_STACK_PREFIX}*")
                ],
                conditions={"StringEquals": {"iam:PassedToService": "cloudformation.amazonaws.com"}},
            ),
            iam.PolicyStatement(
                sid="DeleteStagedBlueprints",
                actions=[
                    "cloudformation:DescribeStackSet",
                    "cloudformation:ListStackInstances",
                    "cloudformation:DeleteStackInstances",
                    "cloudformation:DeleteStackSet",
                ],
                resources=[
                    stack.format_arn(
                        service="cloudformation", resource="stackset", resource_name=f"{PIPELINE_STACK_PREFIX}*"
                    ),
                    stack.format_arn(service="cloudformation", resource="stackset-target", resource_name="*"),
                    stack.format_arn(service="cloudformation", account="", resource="type/resource", resource_name="*"),
                ],
            ),
            iam.PolicyStatement(
                sid="ListTemplateZipVersions", actions=["s3:ListBucketVersions"], resources=[assets.bucket_arn]
            ),
            # No KMS grant: the topic key lets this account's principals use it through SNS (notifications.py).
            iam.PolicyStatement(sid="NotifyOperators", actions=["sns:Publish"], resources=[topic.topic_arn]),
            # The model-card API (core/model_cards): any card the caller names, and its export jobs.
            iam.PolicyStatement(
                sid="ManageModelCards",
                actions=[
                    "sagemaker:CreateModelCard",
                    "sagemaker:DescribeModelCard",
                    "sagemaker:UpdateModelCard",
                    "sagemaker:DeleteModelCard",
                    "sagemaker:CreateModelCardExportJob",
                    "sagemaker:DescribeModelCardExportJob",
                ],
                resources=[
                    stack.format_arn(service="sagemaker", resource="model-card", resource_name="*"),
                    stack.format_arn(service="sagemaker", resource="model-card", resource_name="*/export-job/*"),
                ],
            ),
            # Auto-discovery of a card's model overview and training details, read only.
            iam.PolicyStatement(
                sid="DiscoverModelCardSources",
                actions=["sagemaker:DescribeModel", "sagemaker:DescribeTrainingJob"],
                resources=[
                    stack.format_arn(service="sagemaker", resource="model", resource_name="*"),
                    stack.format_arn(service="sagemaker", resource="training-job", resource_name="*"),
                ],
            ),
            # CreateModelCardExportJob takes no role: SageMaker writes the PDF with the caller's permissions.
            iam.PolicyStatement(
                sid="WriteModelCardExports",
                actions=["s3:PutObject"],
                resources=[assets.arn_for_objects(f"{MODEL_CARD_EXPORT_PREFIX}/*")],
            ),
            # Evaluation metric files a card names (Clarify, Model Monitor, model-card JSON): read from this
            # prefix of the assets bucket only, not from the models and data the bucket also holds.
            iam.PolicyStatement(
                sid="ReadModelCardMetricFiles",
                actions=["s3:GetObject"],
                resources=[assets.arn_for_objects(f"{MODEL_CARD_METRICS_PREFIX}/*")],
            ),
        ]
        for statement in statements:
            self.role.add_to_policy(statement)
        # DescribeStacks without a stack name (listing every pipeline) only accepts "*" as its resource.
        listing = iam.PolicyStatement(
            sid="ListPipelineStacks", actions=["cloudformation:DescribeStacks"], resources=["*"]
        )
        self.role.add_to_policy(listing)
        # StackSets called as a delegated administrator: CloudFormation checks the caller's registration with
        # organizations:ListDelegatedAdministrators, which has no resource-level permissions.
        delegated = iam.PolicyStatement(
            sid="CheckDelegatedAdministrator", actions=["organizations:ListDelegatedAdministrators"], resources=["*"]
        )
        self.role.add_to_policy(delegated)
        # ListModelCards has no resource-level permissions.
        self.role.add_to_policy(
            iam.PolicyStatement(sid="ListModelCards", actions=["sagemaker:ListModelCards"], resources=["*"])
        )
        # A request that follows a model package group deploys the group's latest Approved version, found with
        # ListModelPackages, which has no resource-level permissions (it only reads registry metadata).
        self.role.add_to_policy(
            iam.PolicyStatement(
                sid="FindApprovedModelPackages", actions=["sagemaker:ListModelPackages"], resources=["*"]
            )
        )
        # training_details.model_name finds the job that wrote the model's artifact with sagemaker:Search, which
        # has no resource-level permissions. It is read-only metadata; the runtime searches only TrainingJob.
        self.role.add_to_policy(
            iam.PolicyStatement(sid="FindTrainingJobsOfModels", actions=["sagemaker:Search"], resources=["*"])
        )

        code = lambda_code_dir("orchestrator", PACKAGES, REQUIREMENTS)
        self.function = python_function(
            self,
            "PipelineOrchestration",
            code=lambda_.Code.from_asset(str(code)),
            handler=HANDLER,
            description="MLOps Workload Orchestrator: provisions pipelines from API requests and mlops-config.json",
            memory_size=MEMORY_MB,
            timeout=TIMEOUT,
            role=self.role,
            environment=environment,
        )
        if self.function.log_group is not None:
            self.function.log_group.grant_write(self.role)
        self.failed_events = send_failed_events_to_a_queue(self, self.function)
        acknowledge_wildcards(
            self.role,
            f"Name prefixes only: {PIPELINE_STACK_PREFIX}-* stacks, StackSets, roles and pipelines, template.zip keys, "
            "blueprint keys; stackset-target/* and type/resource/* are how StackSet deletion is authorized; "
            "model cards, their export jobs and the export prefix are any the caller names, models and training "
            "jobs are only described for model-card auto-discovery, metric files are read from their prefix only.",
            resources=[resource for statement in statements for resource in statement.resources],
        )
        # Added by tracing=ACTIVE: X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level
        # permissions, so "*" is the only possible resource.
        acknowledge_wildcards(
            self.role,
            "X-Ray trace upload, DescribeStacks without a stack name (listing), "
            "organizations:ListDelegatedAdministrators, sagemaker:ListModelCards and sagemaker:Search (finding the "
            "training job that wrote a model card's model) have no resource-level permissions.",
            resources=["*"],
        )

    def read_model_package_group_policies(self, condition: cdk.CfnCondition) -> None:
        """Multi-account, when `condition` (the registry is used) holds: read any group's resource policy, so
        that provisioning warns about stage accounts a request's group is not shared with (core/group_sharing)."""
        groups = cdk.Stack.of(self).format_arn(service="sagemaker", resource="model-package-group", resource_name="*")
        policy = iam.Policy(
            self,
            "ReadModelPackageGroupPolicies",
            statements=[
                iam.PolicyStatement(
                    sid="CheckModelPackageGroupsAreShared",
                    actions=["sagemaker:GetModelPackageGroupPolicy"],
                    resources=[groups],
                )
            ],
        )
        policy.attach_to_role(self.role)
        only_if(policy, condition)
        acknowledge_wildcards(
            policy,
            "A request may follow any model package group of this account (the user's own, not only the one the "
            "stack creates); its resource policy is only read.",
            resources=[groups],
        )

"""Every IAM policy of a synthesized template, with its intrinsic functions resolved as CloudFormation would for
plausible parameter values, so that analyzers which read plain policies see realistic ARNs.

Conditions are evaluated all true and all false (each branch of every `Fn::If` is seen once); a policy whose
two resolutions differ is analyzed in both forms.
"""

from __future__ import annotations

import re
from typing import Any

from mlops_orchestrator.infrastructure.permissions_boundary import GUARDED_PATH

ACCOUNT, REGION, PARTITION = "123456789012", "eu-west-1", "aws"
PSEUDO = {
    "AWS::Partition": PARTITION,
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "mlops-pipeline-demo-byom",
    "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/mlops-pipeline-demo-byom/1a2b3c4d-aaaa-bbbb",
    "AWS::NoValue": None,
}
# Parameters whose value must look like an ARN for the analyzers to read the grant right.
SAMPLE_PARAMETERS = {
    "KmsKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "NotificationsSNSTopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:mlops-topic",
    "CustomAlgorithmsECRRepoArn": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/mlops-ecrrep",
    "PermissionsBoundaryArn": f"arn:aws:iam::{ACCOUNT}:policy/mlops-orchestrator/mlops-pipeline-boundary-{REGION}",
    "ModelPackageName": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/demo/1",
}
# What `Fn::GetAtt <resource>.Arn` and `Ref <resource>` give, by resource type (`{id}` is the logical id).
ARNS = {
    "AWS::IAM::Role": f"arn:aws:iam::{ACCOUNT}:role/{{id}}",
    "AWS::IAM::ManagedPolicy": f"arn:aws:iam::{ACCOUNT}:policy/{{id}}",
    "AWS::Lambda::Function": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{{id}}",
    "AWS::Logs::LogGroup": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{{id}}:*",
    "AWS::S3::Bucket": "arn:aws:s3:::{lower}",
    "AWS::SNS::Topic": f"arn:aws:sns:{REGION}:{ACCOUNT}:{{id}}",
    "AWS::SQS::Queue": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{{id}}",
    "AWS::KMS::Key": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "AWS::ECR::Repository": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{{lower}}",
    "AWS::CodePipeline::Pipeline": f"arn:aws:codepipeline:{REGION}:{ACCOUNT}:{{id}}",
    "AWS::CodeBuild::Project": f"arn:aws:codebuild:{REGION}:{ACCOUNT}:project/{{id}}",
    "AWS::SageMaker::Model": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{{lower}}",
    "AWS::SageMaker::Endpoint": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{{lower}}",
    "AWS::SageMaker::ModelPackageGroup": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package-group/{{lower}}",
    "AWS::ApiGateway::RestApi": "{lower}",
}
# Ref gives the name (or id) for these; their ARN for every other type in ARNS.
REF_IS_NAME = {"AWS::IAM::Role", "AWS::Lambda::Function", "AWS::Logs::LogGroup", "AWS::S3::Bucket",
               "AWS::ECR::Repository", "AWS::CodePipeline::Pipeline", "AWS::CodeBuild::Project",
               "AWS::ApiGateway::RestApi", "AWS::SageMaker::ModelPackageGroup", "AWS::SQS::Queue"}  # fmt: skip
_HASH = re.compile(r"[0-9A-F]{8}$")


def readable_id(logical_id: str) -> str:
    """A logical id without CDK's hash suffix: stable across refactorings, as the allow-lists need."""
    return _HASH.sub("", logical_id)


def _parameter_value(name: str, declaration: dict[str, Any]) -> str:
    if name in SAMPLE_PARAMETERS:
        return SAMPLE_PARAMETERS[name]
    default = str(declaration.get("Default", ""))
    return default or f"example-{name.lower()}"


class Resolver:
    def __init__(self, template: dict[str, Any], conditions: bool) -> None:
        self.template = template
        self.conditions = conditions
        self.parameters = {
            name: _parameter_value(name, declaration) for name, declaration in template.get("Parameters", {}).items()
        }

    def _resource(self, logical_id: str, attribute: str) -> str:
        kind = self.template["Resources"][logical_id]["Type"]
        pattern = ARNS.get(kind)
        if pattern is None or attribute not in ("Ref", "Arn") or (attribute == "Ref" and kind in REF_IS_NAME):
            return readable_id(logical_id).lower() if kind != "AWS::IAM::Role" else readable_id(logical_id)
        return pattern.format(id=readable_id(logical_id), lower=readable_id(logical_id).lower())

    def _ref(self, name: str) -> Any:
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.parameters:
            return self.parameters[name]
        return self._resource(name, "Ref")

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [item for item in (self.resolve(element) for element in value) if item is not None]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            [(key, arg)] = value.items()
            if key == "Ref":
                return self._ref(arg)
            if key == "Fn::GetAtt":
                return self._resource(arg[0], arg[1])
            if key == "Fn::Join":
                return str(arg[0]).join(str(part) for part in self.resolve(arg[1]))
            if key == "Fn::Sub":
                text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
                return re.sub(r"\$\{([^}!]+)\}", lambda m: str(self._sub(m.group(1), variables)), text)
            if key == "Fn::Select":
                return self.resolve(arg[1])[int(self.resolve(arg[0]))]
            if key == "Fn::Split":
                return str(self.resolve(arg[1])).split(arg[0])
            if key == "Fn::If":
                return self.resolve(arg[1] if self.conditions else arg[2])
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not None}

    def _sub(self, name: str, variables: dict[str, Any]) -> Any:
        if name in variables:
            return variables[name]
        if "." in name:
            logical_id, attribute = name.split(".", 1)
            return self._resource(logical_id, attribute)
        return self._ref(name)


BOUNDARY = "#boundary"
"""Suffix of the id of a permissions boundary: a ceiling that grants nothing by itself, so the analyzers check that
its actions, resources and condition keys are valid, but do not rate it as if it were granted."""


def _documents(logical_id: str, resource: dict[str, Any]) -> dict[str, Any]:
    props = resource.get("Properties", {})
    kind = resource["Type"]
    if kind == "AWS::IAM::ManagedPolicy" and props.get("Path") == GUARDED_PATH:
        return {readable_id(logical_id) + BOUNDARY: props["PolicyDocument"]}
    if kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        return {readable_id(logical_id): props["PolicyDocument"]}
    if kind == "AWS::IAM::Role":
        return {
            f"{readable_id(logical_id)}/{inline['PolicyName']}": inline["PolicyDocument"]
            for inline in props.get("Policies", [])
        }
    return {}


def iam_policies(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every identity policy (inline, standalone, managed) by a readable id, resolved."""
    found: dict[str, dict[str, Any]] = {}
    for conditions in (True, False):
        resolver = Resolver(template, conditions)
        for logical_id, resource in template["Resources"].items():
            for policy_id, document in _documents(logical_id, resource).items():
                resolved = resolver.resolve(document)
                if not resolved.get("Statement"):
                    continue
                key = policy_id if policy_id not in found or found[policy_id] == resolved else f"{policy_id}~else"
                found[key] = resolved
    return found

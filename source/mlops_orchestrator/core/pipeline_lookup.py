"""Which pipeline a caller means: a pipeline id, or a name people use for it, resolved to its pipeline stack.

People paste what they see: the pipeline_id from provisioning, the pipeline stack's name from the listing,
the blueprint stack's name from a plan or the CloudFormation console, the model name from their request, or
the CodePipeline name from the console. Each resolves here to one pipeline stack, or fails at once with what
was looked for; a name is never taken for a pipeline that has not appeared yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import service_error
from .errors import BadRequestError, NotFoundError
from .naming import CODEPIPELINE_SUFFIX, NAME_TAG, TYPE_TAG, codepipeline_stack_name
from .stacks import DELETED, describe_stack

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef

ORIGINAL_NAME_TAG = "stack_name"
"""The tag the original put on its pipeline stacks (its own name); stacks made before typed tags carry only it."""
_PIPELINE_RESOURCE = "AWS::CodePipeline::Pipeline"


@dataclass(frozen=True)
class FoundPipeline:
    stack: StackTypeDef
    resolved_from: str | None = None
    """How the name given was understood, when it was not the pipeline stack's own id or name."""


def is_pipeline_stack(stack: StackTypeDef, prefix: str) -> bool:
    """A stack the orchestrator created for a pipeline (not a blueprint stack the pipeline deployed)."""
    name = stack.get("StackName", "")
    if not name.startswith(f"{prefix}-") or stack.get("StackStatus") == DELETED:
        return False
    tags = {tag.get("Key"): tag.get("Value") for tag in stack.get("Tags", [])}
    return (
        TYPE_TAG in tags
        or tags.get(ORIGINAL_NAME_TAG) == name
        or name.endswith((CODEPIPELINE_SUFFIX, "-byompipelineimagebuilder"))
    )


class PipelineFinder:
    def __init__(self, cloudformation: CloudFormationClient, prefix: str) -> None:
        self._cfn = cloudformation
        self._prefix = prefix

    def find(self, name: str) -> FoundPipeline:
        stack = self._describe(name)
        if stack is not None and stack.get("StackStatus") == DELETED:
            # Only a stack id finds a deleted stack: the pipeline is gone, which is not a failure of it.
            raise NotFoundError(
                f"No pipeline with id {name} was found: its stack {stack.get('StackName')} was deleted."
            )
        if stack is not None and is_pipeline_stack(stack, self._prefix):
            return FoundPipeline(stack)
        # A blueprint stack (deployed, or only planned so far) belongs to the pipeline stack named after it.
        stack_name = stack["StackName"] if stack is not None else name
        if not stack_name.endswith(CODEPIPELINE_SUFFIX):
            owner = self._describe(codepipeline_stack_name(stack_name))
            if owner is not None and is_pipeline_stack(owner, self._prefix):
                return FoundPipeline(owner, f"{name} is the blueprint stack of pipeline {owner['StackName']}")
        matches = self._by_model_or_pipeline_name(name)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(sorted(found.stack["StackName"] for found in matches))
            raise BadRequestError(f"{name} names several pipelines: {names}. Pass one of these stack names instead.")
        what = "is a stack, but not a pipeline's" if stack is not None else "was found"
        raise NotFoundError(
            f"No pipeline with id {name} {what}. Pass the pipeline_id from provisioning, the pipeline stack's "
            "name (as /listpipelines shows it), the blueprint stack's name, the model name or the CodePipeline name."
        )

    def _by_model_or_pipeline_name(self, name: str) -> list[FoundPipeline]:
        found = []
        for stack in self._pipeline_stacks():
            tags = {tag.get("Key"): tag.get("Value") for tag in stack.get("Tags", [])}
            if tags.get(NAME_TAG) == name:
                found.append(FoundPipeline(stack, f"{name} is the model name of pipeline {stack['StackName']}"))
            elif name.startswith(f"{stack['StackName']}-") and self._owns_pipeline(stack, name):
                found.append(FoundPipeline(stack, f"{name} is the CodePipeline of pipeline {stack['StackName']}"))
        return found

    def _pipeline_stacks(self) -> Iterator[StackTypeDef]:
        try:
            for page in self._cfn.get_paginator("describe_stacks").paginate():
                for stack in page.get("Stacks", []):
                    if is_pipeline_stack(stack, self._prefix):
                        yield stack
        except ClientError as error:
            raise service_error("DescribeStacks", error) from error

    def _owns_pipeline(self, stack: StackTypeDef, pipeline_name: str) -> bool:
        # CloudFormation names a pipeline `{stack}-{logical id}-{suffix}`: the prefix narrows the candidates,
        # the stack's resources confirm.
        try:
            for page in self._cfn.get_paginator("list_stack_resources").paginate(StackName=stack["StackId"]):
                for resource in page.get("StackResourceSummaries", []):
                    if (resource.get("ResourceType"), resource.get("PhysicalResourceId")) == (
                        _PIPELINE_RESOURCE,
                        pipeline_name,
                    ):
                        return True
        except ClientError as error:
            raise service_error("ListStackResources", error) from error
        return False

    def _describe(self, name: str) -> StackTypeDef | None:
        return describe_stack(self._cfn, name, include_deleted=True)

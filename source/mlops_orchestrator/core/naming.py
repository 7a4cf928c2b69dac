"""Stack names and generated SageMaker names, within CloudFormation's and SageMaker's limits."""

from __future__ import annotations

import re

PIPELINE_STACK_PREFIX = "mlops-pipeline"
"""Every stack the orchestrator creates is named `mlops-pipeline-...`; IAM is scoped to that prefix."""
CFN_STACK_NAME_MAX = 128
CODEPIPELINE_SUFFIX = "-codepipeline"
# The multi-account pipeline names each StackSet "{stack}-{stage}-{8 hex}"; "staging" is the longest stage.
STACKSET_SUFFIX_LENGTH = len("-staging-") + 8
TYPE_TAG = "mlops:pipeline-type"
NAME_TAG = "mlops:pipeline-name"


def provisioned_stack_name(prefix: str, infix: str, postfix: str) -> str:
    """The blueprint's stack name, as the original built it: `{prefix}-{infix}-{postfix}`, lowercased."""
    return f"{prefix}-{infix.strip()}-{postfix}".lower()


def codepipeline_stack_name(provisioned: str) -> str:
    return f"{provisioned}{CODEPIPELINE_SUFFIX}"


def generated_name(head: str, middle: str, suffix: str, limit: int) -> str:
    """`{head}-{middle}-{suffix}`, shortening `head` (then `middle`) so the result fits in `limit`."""
    tail = f"-{middle}-{suffix}"
    if len(tail) + 1 > limit:
        tail = f"-{suffix}"
    room = limit - len(tail)
    trimmed = head[:room].rstrip("-") or head[:1]
    return f"{trimmed}{tail}"


_STACK_NAME_RE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$")
_STACK_ID_RE = re.compile(
    r"^arn:aws[-a-z]*:cloudformation:[a-z0-9-]+:\d{12}:stack/[a-zA-Z][-a-zA-Z0-9]{0,127}/[-a-zA-Z0-9]+$"
)


def is_pipeline_id(value: str) -> bool:
    """A CloudFormation stack name or stack id, the two forms /provisionpipeline's pipeline_id takes."""
    return bool(_STACK_NAME_RE.match(value) or _STACK_ID_RE.match(value))


def stackset_name(blueprint_stack: str, stage: str, pipeline_stack_id: str) -> str:
    """`{blueprint stack}-{stage}-{first 8 characters of the pipeline stack's id}`, as the pipeline names them."""
    unique = pipeline_stack_id.rsplit("/", 1)[-1].split("-")[0]
    return f"{blueprint_stack}-{stage}-{unique}"

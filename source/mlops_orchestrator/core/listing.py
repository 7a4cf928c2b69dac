"""/listpipelines: the pipelines this orchestrator provisioned, with type, name and state. Paginated.

With a model package group, the pipelines that follow it instead (the follower index, one page): what
`registry list` and the dashboard's Registry page show, from the same lookup an approval uses.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS, error_code, service_error, transport_error
from .catalog import PIPELINE_TYPES
from .errors import AwsServiceError, FieldProblem, NotFoundError, RequestValidationError
from .follower_index import Follower
from .naming import CODEPIPELINE_SUFFIX, NAME_TAG, TYPE_TAG, codepipeline_stack_name
from .pipeline_lookup import is_pipeline_stack
from .stacks import describe_stack
from .status import StatusReader

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import StackTypeDef
    from types_boto3_codepipeline import CodePipelineClient

DEFAULT_PAGE = 20
MAX_PAGE = 100


class PipelineLister:
    def __init__(
        self, stack_prefix: str, cloudformation: CloudFormationClient, codepipeline: CodePipelineClient
    ) -> None:
        self._prefix = f"{stack_prefix}-"
        self._cfn = cloudformation
        self._stack_prefix = stack_prefix
        self._status = StatusReader(cloudformation, codepipeline, stack_prefix)

    def list(self, max_results: int = DEFAULT_PAGE, next_token: str | None = None) -> dict[str, object]:
        """Up to `max_results` pipelines; pass `next_token` back for the next page."""
        cfn_token, skip = _decode(next_token, self._prefix)
        from_caller = cfn_token is not None
        pipelines: list[dict[str, object]] = []
        while True:
            try:
                page = self._cfn.describe_stacks(NextToken=cfn_token) if cfn_token else self._cfn.describe_stacks()
            except ClientError as error:
                if from_caller and error_code(error) == "ValidationError":
                    # CloudFormation's own page tokens expire: the caller has to start over.
                    raise _bad_token("has expired; list again without next_token") from error
                raise service_error("DescribeStacks", error) from error
            from_caller = False
            stacks = [stack for stack in page.get("Stacks", []) if self._is_pipeline(stack)][skip:]
            room = max_results - len(pipelines)
            pipelines += [self._describe(stack) for stack in stacks[:room]]
            if len(stacks) > room:
                # Resume inside this page next time: same CloudFormation token, more pipelines skipped.
                return {"pipelines": pipelines, "next_token": _encode(cfn_token, skip + room, self._prefix)}
            cfn_token, skip = page.get("NextToken"), 0
            if not cfn_token:
                return {"pipelines": pipelines}
            if len(pipelines) == max_results:
                return {"pipelines": pipelines, "next_token": _encode(cfn_token, 0, self._prefix)}

    def following(self, users: Sequence[Follower]) -> dict[str, object]:
        """The pipelines of `users` (FollowerIndex.users) whose pipeline stack still exists, each saying whether it
        follows the group or names one version of it."""
        described = []
        for user in users:
            stack = describe_stack(self._cfn, codepipeline_stack_name(user.name))
            if stack is not None:
                described.append({**self._describe(stack), "follows_group": user.follows})
        return {"pipelines": described}

    def _is_pipeline(self, stack: StackTypeDef) -> bool:
        return is_pipeline_stack(stack, self._stack_prefix)

    def _describe(self, stack: StackTypeDef) -> dict[str, object]:
        tags = {tag["Key"]: tag["Value"] for tag in stack.get("Tags", [])}
        pipeline_type = tags.get(TYPE_TAG) or _type_from_name(stack["StackName"])
        result: dict[str, object] = {
            "pipeline_id": stack["StackId"],
            "stack_name": stack["StackName"],
            "pipeline_type": pipeline_type,
            "name": tags.get(NAME_TAG),
            "stack_status": stack.get("StackStatus"),
            "created": stack["CreationTime"].isoformat() if stack.get("CreationTime") else None,
        }
        summary: dict[str, object] = {}
        failure: AwsServiceError | None = None
        try:
            summary = self._status.status(stack["StackId"])["summary"]
        except NotFoundError:
            pass  # deleted between the two calls: listed without a result
        except AwsServiceError as error:
            failure = error
        except TRANSPORT_ERRORS as error:
            failure = transport_error(error)
        result["last_pipeline_result"] = summary.get("pipeline_status")
        if failure is not None:
            # One pipeline whose state cannot be read must not hide the others, nor the reason.
            result["status_error"] = {"operation": failure.operation, "error_code": failure.code}
        return result


def _type_from_name(stack_name: str) -> str | None:
    """Stacks created before tagging: the postfix in the name tells the type (realtime builtin vs custom, ...)."""
    bare = stack_name.removesuffix(CODEPIPELINE_SUFFIX)
    for name, declaration in PIPELINE_TYPES.items():
        if bare.endswith(f"-{declaration.stack_postfix.lower()}"):
            return name
    return None


def _encode(cfn_token: str | None, skip: int, prefix: str) -> str:
    payload = [cfn_token, skip, _check(cfn_token, skip, prefix)]
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _decode(token: str | None, prefix: str) -> tuple[str | None, int]:
    if not token:
        return None, 0
    try:
        cfn_token, skip, check = json.loads(base64.urlsafe_b64decode(token.encode()))
        if (
            (cfn_token is None or isinstance(cfn_token, str))
            and isinstance(skip, int)
            and skip >= 0
            and check == _check(cfn_token, skip, prefix)
        ):
            return cfn_token, skip
    except (ValueError, TypeError):
        pass
    raise _bad_token("is not a token returned by /listpipelines")


def _check(cfn_token: str | None, skip: int, prefix: str) -> str:
    # Not a secret: it only tells a token we issued from a truncated, edited or invented one, so that
    # those are refused here instead of reaching CloudFormation.
    return hashlib.sha256(json.dumps([prefix, cfn_token, skip]).encode()).hexdigest()[:16]


def _bad_token(reason: str) -> RequestValidationError:
    return RequestValidationError([FieldProblem("next_token", reason)])

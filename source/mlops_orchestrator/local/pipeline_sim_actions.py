"""Runs one action of a simulated pipeline run by its type, and the action types that do not deploy.

`run_action` turns every outcome into the action's `ActionRun`, so a run never crashes on an action:
an expected failure is reported as AWS would report it, and anything else as an InternalError.

- **Source / S3:** succeeds when the object exists (revision: its version id, or its ETag in an
  unversioned bucket) and hands its bytes, a zip, on as the output artifact; fails otherwise.
  `source_revisions` reads the same revisions for the S3 trigger.
- **Deploy / CloudFormation** and **Invoke / Lambda** (the StackSet Lambda): see `pipeline_sim_deploys`.
- **Approval / Manual:** InProgress with a token, after a best-effort SNS notification, until
  PutApprovalResult approves or rejects it (see `pipeline_sim`).
- **Build / CodeBuild:** cannot run here (it needs Docker). Reported Succeeded, with a summary that
  says that nothing was built.
- Any other action type: Succeeded, with a summary that says that it was not simulated.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from .pipeline_sim_deploys import cloudformation_deploy, lambda_invoke
from .pipeline_sim_runs import FAILED, IN_PROGRESS, SUCCEEDED, ActionFailed, ActionRun, PipelineRef, Run

log = logging.getLogger(__name__)

_PARTITION = "aws"
BUILD_NOT_RUN = "Simulated: CodeBuild does not run in local mode (it needs Docker); no image was built or pushed."


def run_action(ref: PipelineRef, run: Run, action: dict[str, Any]) -> ActionRun:
    kind = _kind(action)
    configuration = action.get("configuration") or {}
    try:
        if kind == ("Source", "S3"):
            return _s3_source(ref, run, action, configuration)
        if kind == ("Deploy", "CloudFormation"):
            return cloudformation_deploy(ref, run, configuration)
        if kind == ("Invoke", "Lambda"):
            return lambda_invoke(ref, run, action)
        if kind == ("Approval", "Manual"):
            return _approval(ref, action, configuration)
        if kind == ("Build", "CodeBuild"):
            return ActionRun(SUCCEEDED, BUILD_NOT_RUN)
        return ActionRun(SUCCEEDED, f"Simulated: {kind[0]}/{kind[1]} actions are not run in local mode.")
    except ActionFailed as failure:
        return ActionRun(FAILED, failure.message, error_code=failure.code)
    except Exception as error:  # a bug or an emulator limit: report it on the action, never crash
        log.exception("simulated action %s failed unexpectedly", action.get("name"))
        return ActionRun(FAILED, f"Local mode could not simulate this action: {error}", error_code="InternalError")


def _kind(action: dict[str, Any]) -> tuple[str | None, str | None]:
    type_id = action.get("actionTypeId", {})
    return type_id.get("category"), type_id.get("provider")


# -- Source ---------------------------------------------------------------------------------------


def source_revisions(ref: PipelineRef, declaration: dict[str, Any]) -> tuple[str | None, ...]:
    """The current revision of every S3 source object (None: missing), in declaration order."""
    revisions: list[str | None] = []
    for stage in declaration["stages"]:
        for action in stage["actions"]:
            if _kind(action) == ("Source", "S3"):
                found = _s3_object(ref.account_id, *_s3_location(action.get("configuration") or {}))
                revisions.append(None if found is None else _revision(found))
    return tuple(revisions)


def _s3_source(ref: PipelineRef, run: Run, action: dict[str, Any], configuration: dict[str, Any]) -> ActionRun:
    bucket, key = _s3_location(configuration)
    found = _s3_object(ref.account_id, bucket, key)
    if found is None:
        raise ActionFailed("ObjectNotFound", f"The source object s3://{bucket}/{key} does not exist.")
    for artifact in action.get("outputArtifacts") or []:
        run.artifacts[artifact["name"]] = bytes(found.value)
    revision = _revision(found)
    return ActionRun(SUCCEEDED, f"s3://{bucket}/{key} (revision {revision})", revision=revision)


def _s3_location(configuration: dict[str, Any]) -> tuple[str, str]:
    return configuration.get("S3Bucket", ""), configuration.get("S3ObjectKey", "")


def _s3_object(account_id: str, bucket: str, key: str) -> Any:
    from moto.s3.models import s3_backends

    if not bucket or not key:
        return None
    try:
        return s3_backends[account_id][_PARTITION].get_object(bucket, key)
    except Exception:  # no such bucket
        return None


def _revision(found: Any) -> str:
    version = getattr(found, "version_id", None)
    if version and str(version) != "null":
        return str(version)
    return str(found.etag).strip('"')


# -- Approval -------------------------------------------------------------------------------------


def _approval(ref: PipelineRef, action: dict[str, Any], configuration: dict[str, Any]) -> ActionRun:
    summary = str(configuration.get("CustomData") or f"Waiting for approval: {action['name']}")
    topic = configuration.get("NotificationArn")
    if topic:
        try:
            from moto.sns.models import sns_backends

            sns_backends[ref.account_id][ref.region].publish(
                message=json.dumps({"approval": {"pipelineName": ref.pipeline, "actionName": action["name"]}}),
                arn=topic,
                subject=f"APPROVAL NEEDED: {ref.pipeline}"[:99],
            )
        except Exception:  # a notification is best effort, as on AWS
            log.debug("approval notification to %s failed", topic, exc_info=True)
    return ActionRun(IN_PROGRESS, summary, token=str(uuid.uuid4()))

"""Deprovisioning: the deployed blueprint (stack or StackSets) first, then the pipeline's objects in the assets
bucket (template.zip, its release history and its follower-index marker, every version), then the pipeline stack.

The order matters. A blueprint stack is deleted with the role the pipeline deployed it with, so the
pipeline stack (which owns that role) may only go once the blueprint is gone. Deletions are asynchronous:
each call advances as far as it can and reports what is still being deleted; calling again converges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import error_code, service_error
from .errors import NotFoundError
from .follower_index import indexed_group, marker_key
from .naming import stackset_name
from .object_versions import delete_versions, versions_of, versions_under
from .request_record import read_request
from .settings import STAGES, Settings
from .stacks import describe_stack

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.literals import CallAsType
    from types_boto3_cloudformation.type_defs import StackTypeDef
    from types_boto3_s3 import S3Client
    from types_boto3_s3.type_defs import ObjectIdentifierTypeDef


@dataclass(frozen=True)
class Target:
    """What one pipeline consists of, as far as it can be known before looking at AWS."""

    pipeline_stack: str
    blueprint_stack: str | None
    template_zip_key: str | None


@dataclass
class Progress:
    deleted: list[str] = field(default_factory=list)
    deleting: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)


class Deprovisioner:
    def __init__(self, settings: Settings, s3: S3Client, cloudformation: CloudFormationClient) -> None:
        self._settings = settings
        self._s3 = s3
        self._cfn = cloudformation

    def deprovision(self, target: Target, dry_run: bool = False) -> dict[str, object]:
        pipeline = self._describe(target.pipeline_stack)
        declared = pipeline.get("Parameters", []) if pipeline else []
        parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in declared}
        blueprint_stack = parameters.get("StackName") or target.blueprint_stack
        zip_key = parameters.get("TemplateZipFileName") or target.template_zip_key
        progress = Progress()
        stacksets = self._stacksets(pipeline, parameters) if pipeline else []
        blueprint = (
            self._describe(blueprint_stack) if blueprint_stack and blueprint_stack != target.pipeline_stack else None
        )
        objects = self._objects(zip_key) if zip_key else []
        progress.found = [
            *(f"stackset:{name}" for name, _ in stacksets),
            *([f"stack:{blueprint['StackName']}"] if blueprint else []),
            *([f"stack:{pipeline['StackName']}"] if pipeline else []),
            *self._object_urls(objects),
        ]
        if not progress.found:
            raise NotFoundError(f"Nothing to delete: pipeline {target.pipeline_stack} was not found.")
        pipeline_id = pipeline["StackId"] if pipeline else target.pipeline_stack
        if dry_run:
            return _body("Dry run: nothing was deleted.", pipeline_id, progress, "dry_run")
        for name, account in stacksets:
            self._delete_stackset(name, account, progress)
        if blueprint is not None:
            self._delete_stack(blueprint, progress)
        if progress.deleting:
            return _body(
                f"Deleting the deployed blueprint of {target.pipeline_stack}; send the same request again to finish.",
                pipeline_id,
                progress,
                "deleting",
            )
        # The objects before the pipeline stack: if a step fails, the stack that is left still names the
        # pipeline, so the same request (by pipeline_id) finds it and finishes the job.
        if objects:
            self._delete_objects(objects, progress)
        if pipeline is not None:
            self._delete_stack(pipeline, progress)
        status = "deleting" if progress.deleting else "deleted"
        message = (
            f"Pipeline {target.pipeline_stack} is being deleted."
            if progress.deleting
            else f"Pipeline {target.pipeline_stack} has been deleted."
        )
        return _body(message, pipeline_id, progress, status)

    # -- stacks -----------------------------------------------------------------------------------

    def _describe(self, name: str | None) -> StackTypeDef | None:
        if not name:
            return None
        return describe_stack(self._cfn, name)

    def _delete_stack(self, stack: StackTypeDef, progress: Progress) -> None:
        name = stack["StackName"]
        if stack["StackStatus"] != "DELETE_IN_PROGRESS":
            try:
                self._cfn.delete_stack(StackName=stack["StackId"])
            except ClientError as error:
                raise service_error("DeleteStack", error) from error
        still = self._describe(stack["StackId"])
        (progress.deleting if still else progress.deleted).append(f"stack:{name}")

    # -- StackSets (multi-account pipelines) ------------------------------------------------------

    def _stacksets(self, pipeline: StackTypeDef, parameters: dict[str, str]) -> list[tuple[str, tuple[str, str]]]:
        """The pipeline's StackSets that exist, with their (account, OU): {StackName}-{stage}-{8 chars}."""
        if "DevParamsName" not in parameters:
            return []
        found = []
        for stage in STAGES:
            name = stackset_name(parameters["StackName"], stage, pipeline["StackId"])
            account = (
                parameters.get(f"{stage.capitalize()}AccountId", ""),
                parameters.get(f"{stage.capitalize()}OrgId", ""),
            )
            try:
                described = self._cfn.describe_stack_set(StackSetName=name, CallAs=self._call_as())
            except ClientError as error:
                if error_code(error) == "StackSetNotFoundException":
                    continue
                raise service_error("DescribeStackSet", error) from error
            if described.get("StackSet", {}).get("Status") == "DELETED":
                continue  # deleted StackSets stay visible for a while
            found.append((name, account))
        return found

    def _call_as(self) -> CallAsType:
        return "DELEGATED_ADMIN" if self._settings.delegated_admin else "SELF"

    def _delete_stackset(self, name: str, account: tuple[str, str], progress: Progress) -> None:
        call_as = self._call_as()
        try:
            instances = self._cfn.list_stack_instances(StackSetName=name, CallAs=call_as).get("Summaries", [])
            if instances:
                regions = sorted({instance["Region"] for instance in instances})
                self._cfn.delete_stack_instances(
                    StackSetName=name,
                    DeploymentTargets={"OrganizationalUnitIds": [account[1]]}
                    if account[1]
                    else {"Accounts": [account[0]]},
                    Regions=regions,
                    RetainStacks=False,
                    CallAs=call_as,
                )
                if self._cfn.list_stack_instances(StackSetName=name, CallAs=call_as).get("Summaries"):
                    progress.deleting.append(f"stackset:{name}")
                    return
            self._cfn.delete_stack_set(StackSetName=name, CallAs=call_as)
        except ClientError as error:
            if error_code(error) == "OperationInProgressException":
                progress.deleting.append(f"stackset:{name}")
                return
            raise service_error("DeleteStackSet", error) from error
        progress.deleted.append(f"stackset:{name}")

    # -- the pipeline's objects in the assets bucket ---------------------------------------------

    def _objects(self, zip_key: str) -> list[ObjectIdentifierTypeDef]:
        """Every version of every object of the pipeline: its folder (template.zip, releases.json) and the
        follower-index marker of the group its stored request uses."""
        bucket = self._settings.assets_bucket
        folder = zip_key.rpartition("/")[0]
        try:
            found = versions_under(self._s3, bucket, f"{folder}/")
            group = indexed_group(read_request(self._s3, bucket, zip_key))
            if group is not None:
                found += versions_of(self._s3, bucket, marker_key(group, folder.rpartition("/")[2]))
        except ClientError as error:
            raise service_error(error.operation_name, error) from error
        return found

    def _object_urls(self, objects: list[ObjectIdentifierTypeDef]) -> list[str]:
        """Each object once, in the order listed."""
        keys = dict.fromkeys(entry["Key"] for entry in objects)
        return [f"s3://{self._settings.assets_bucket}/{key}" for key in keys]

    def _delete_objects(self, objects: list[ObjectIdentifierTypeDef], progress: Progress) -> None:
        """Every version: deprovisioning leaves no object of the pipeline behind."""
        try:
            delete_versions(self._s3, self._settings.assets_bucket, objects)
        except ClientError as error:
            raise service_error("DeleteObjects", error) from error
        progress.deleted += self._object_urls(objects)


def _body(message: str, pipeline_id: str, progress: Progress, status: str) -> dict[str, object]:
    body: dict[str, object] = {"message": message, "pipeline_id": pipeline_id, "status": status}
    if status == "dry_run":
        body["would_delete"] = progress.found
    else:
        body["deleted"] = progress.deleted
        body["deleting"] = progress.deleting
    return body

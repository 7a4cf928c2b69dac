"""Plan -> AWS: upload template.zip, then create or update the pipeline stack. Nothing half-done.

Order matters: everything is computed and uploaded first and the stack is created last, so a stack
never waits for a template.zip that is not there. If the stack cannot be created, the upload is undone,
and with it what the upload recorded beside template.zip (upload_records: follower index, release history).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS, error_code, error_message, service_error
from .errors import ConflictError
from .last_run import LastRun
from .naming import NAME_TAG, TYPE_TAG
from .packaging import template_zip
from .planning import Plan
from .release_history import release_metadata
from .settings import Settings
from .stacks import describe_stack
from .upload_records import RecordsWritten, UploadRecords

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_cloudformation.type_defs import ParameterTypeDef, StackTypeDef, TagTypeDef
    from types_boto3_codepipeline import CodePipelineClient
    from types_boto3_s3 import S3Client
    from types_boto3_s3.type_defs import HeadObjectOutputTypeDef

DIGEST_METADATA = "request-digest"
BLUEPRINT_METADATA = "blueprint-etag"
CREATED = "success: stack creation started"
RERUN = "Pipeline {name} is already provisioned; its last run failed, so it runs again with this request."

# States in which CloudFormation accepts update_stack.
_UPDATABLE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE"}
# States in which a change is already under way: template.zip is picked up by the pipeline anyway.
_BUSY_SUFFIX = "_IN_PROGRESS"
_DELETING = {"DELETE_IN_PROGRESS", "DELETE_COMPLETE"}


@dataclass(frozen=True)
class ProvisionResult:
    message: str
    pipeline_id: str
    created: bool


@dataclass(frozen=True)
class _Upload:
    key: str
    version_id: str | None
    replaced_existing: bool
    records: RecordsWritten
    rerun: bool = False
    """The same request as before, uploaded again because the pipeline's last run failed."""


class Provisioner:
    def __init__(
        self,
        settings: Settings,
        s3: S3Client,
        cloudformation: CloudFormationClient,
        codepipeline: CodePipelineClient | None = None,
    ) -> None:
        self._settings = settings
        self._s3 = s3
        self._cfn = cloudformation
        self._records = UploadRecords(s3, settings.assets_bucket)
        self._last_run = LastRun(cloudformation, codepipeline) if codepipeline is not None else None

    def provision(self, plan: Plan) -> ProvisionResult:
        name = plan.pipeline_stack
        existing = self._describe(name)
        if existing is not None:
            self._refuse_unusable(name, existing["StackStatus"])
        upload = self._upload_template_zip(plan, existing) if plan.uses_template_zip else None
        result = self._create(plan, upload) if existing is None else self._update(plan, existing, upload)
        if upload is not None:
            self._records.settle(upload.records)
        return result

    # -- stack ---------------------------------------------------------------------------------

    def _describe(self, name: str) -> StackTypeDef | None:
        return describe_stack(self._cfn, name)

    @staticmethod
    def _refuse_unusable(name: str, status: str) -> None:
        if status in _DELETING:
            raise ConflictError(f"Pipeline {name} is being deleted. Submit the request again once it is gone.")
        if status.endswith("_FAILED") or status == "ROLLBACK_COMPLETE":
            raise ConflictError(
                f"Pipeline {name} is in state {status} and cannot be updated. "
                "Delete the stack (or continue its rollback) and submit the request again."
            )

    def _create(self, plan: Plan, upload: _Upload | None) -> ProvisionResult:
        try:
            response = self._cfn.create_stack(
                StackName=plan.pipeline_stack,
                TemplateURL=plan.pipeline_template_url,
                Parameters=_cfn_parameters(plan.pipeline_parameters),
                Capabilities=["CAPABILITY_IAM"],
                # A stack whose creation failed is removed, so the same request can simply be sent again.
                OnFailure="DELETE",
                RoleARN=self._settings.cfn_role_arn,
                Tags=_tags(plan),
            )
        except ClientError as error:
            if error_code(error) == "AlreadyExistsException":
                # Another request created it a moment ago: converge on that stack.
                existing = self._describe(plan.pipeline_stack)
                if existing is not None:
                    return self._update(plan, existing, upload)
            self._undo(upload)
            raise service_error("CreateStack", error) from error
        except Exception:
            self._undo(upload)
            raise
        return ProvisionResult(CREATED, response["StackId"], created=True)

    def _update(self, plan: Plan, existing: StackTypeDef, upload: _Upload | None) -> ProvisionResult:
        zip_changed = upload is not None
        name = plan.pipeline_stack
        stack_id = existing["StackId"]
        status = existing["StackStatus"]
        if status.endswith(_BUSY_SUFFIX) or status not in _UPDATABLE:
            message = (
                f"Pipeline {name} is already provisioned. Updating template parameters."
                if zip_changed
                else f"Pipeline {name} is already provisioned and a change is in progress ({status})."
            )
            return ProvisionResult(message, stack_id, created=False)
        try:
            self._cfn.update_stack(
                StackName=name,
                TemplateURL=plan.pipeline_template_url,
                Parameters=_cfn_parameters(plan.pipeline_parameters),
                Capabilities=["CAPABILITY_IAM"],
                RoleARN=self._settings.cfn_role_arn,
                Tags=_tags(plan),
            )
        except ClientError as error:
            if "No updates are to be performed" in error_message(error):
                if upload is not None and upload.rerun:
                    return ProvisionResult(RERUN.format(name=name), stack_id, False)
                if zip_changed:
                    return ProvisionResult(
                        f"Pipeline {name} is already provisioned. Updating template parameters.",
                        stack_id,
                        False,
                    )
                return ProvisionResult(
                    f"Pipeline {name} is already provisioned. No updates are to be performed.",
                    stack_id,
                    False,
                )
            if "_IN_PROGRESS state" in error_message(error):
                return ProvisionResult(
                    f"Pipeline {name} is already provisioned and a change is in progress.", stack_id, False
                )
            # The pipeline would deploy the new template.zip although the change was refused: take it back.
            self._undo(upload)
            raise service_error("UpdateStack", error) from error
        except TRANSPORT_ERRORS:
            # No answer on any attempt: as for a refusal, the new template.zip must not be deployed.
            self._undo(upload)
            raise
        return ProvisionResult(f"Pipeline {name} is being updated.", stack_id, created=False)

    # -- template.zip --------------------------------------------------------------------------

    def _upload_template_zip(self, plan: Plan, existing: StackTypeDef | None) -> _Upload | None:
        """Upload template.zip unless the same request was already uploaded and the pipeline's last run did not
        fail. Returns what to undo."""
        assert plan.template_zip_key is not None
        blueprint_key = f"blueprints/{plan.blueprint_file}"
        try:
            blueprint = self._s3.get_object(Bucket=self._settings.blueprint_bucket, Key=blueprint_key)
            blueprint_body = blueprint["Body"].read()
        except ClientError as error:
            raise service_error("GetObject", error) from error
        blueprint_tag = hashlib.sha256(blueprint_body).hexdigest()
        current = self._head(plan.template_zip_key)
        rerun = False
        if current is not None:
            metadata = current.get("Metadata", {})
            if (
                metadata.get(DIGEST_METADATA) == plan.request_digest
                and metadata.get(BLUEPRINT_METADATA) == blueprint_tag
            ):
                # A new version of the same file is what starts the pipeline again (its S3 source).
                if existing is None or self._last_run is None or not self._last_run.failed(existing["StackId"]):
                    return None
                rerun = True
        body = template_zip(plan, blueprint_body)
        records = self._records.write(plan, replacing=current is not None)
        try:
            response = self._s3.put_object(
                Bucket=self._settings.assets_bucket,
                Key=plan.template_zip_key,
                Body=body,
                ContentType="application/zip",
                Metadata={
                    DIGEST_METADATA: plan.request_digest,
                    BLUEPRINT_METADATA: blueprint_tag,
                    **release_metadata(plan),
                },
            )
        except Exception as error:
            self._records.undo(records)  # template.zip is not there: neither is what it would have recorded
            if isinstance(error, ClientError):
                raise service_error("PutObject", error) from error
            raise
        return _Upload(plan.template_zip_key, response.get("VersionId"), current is not None, records, rerun)

    def _head(self, key: str) -> HeadObjectOutputTypeDef | None:
        try:
            head = self._s3.head_object(Bucket=self._settings.assets_bucket, Key=key)
        except ClientError as error:
            if error_code(error) in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise service_error("HeadObject", error) from error
        return head

    def _undo(self, upload: _Upload | None) -> None:
        """Remove exactly the version this request uploaded; an earlier version becomes current again."""
        if upload is None:
            return
        bucket = self._settings.assets_bucket
        if upload.version_id and upload.version_id != "null":
            self._s3.delete_object(Bucket=bucket, Key=upload.key, VersionId=upload.version_id)
        elif not upload.replaced_existing:
            self._s3.delete_object(Bucket=bucket, Key=upload.key)
        else:
            # An unversioned bucket cannot bring back what was overwritten: the newer file stays, and so does
            # what it records.
            self._records.settle(upload.records)
            return
        self._records.undo(upload.records)


def _tags(plan: Plan) -> list[TagTypeDef]:
    """The original's stack_name tag, plus what /listpipelines reports without reading every template."""
    return [
        {"Key": "stack_name", "Value": plan.pipeline_stack},
        {"Key": TYPE_TAG, "Value": plan.pipeline_type},
        {"Key": NAME_TAG, "Value": plan.name},
    ]


def _cfn_parameters(parameters: tuple[tuple[str, str], ...]) -> list[ParameterTypeDef]:
    return [{"ParameterKey": key, "ParameterValue": value} for key, value in parameters]

"""What an upload of template.zip keeps beside it: the follower-index marker and the release history.

Both are written before template.zip and taken back with it, so they never describe an upload that did not
happen. The marker of the group the new request follows has to exist before its template.zip does (a
missing marker is a missed release, see follower_index); the marker of a group the pipeline no longer
follows is removed only once the new template.zip stands (`settle`).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS, service_error
from .follower_index import FollowerIndex, indexed_group
from .release_history import HistoryWrite, Recorded, append_release, undo_release
from .request_record import read_request

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

    from .planning import Plan


@dataclass(frozen=True)
class RecordsWritten:
    pipeline: str
    joined: str | None
    """The group whose marker this upload wrote and the pipeline did not follow before."""
    left: str | None
    """The group the pipeline followed before and no longer does."""
    history: HistoryWrite | None


class UploadRecords:
    def __init__(self, s3: S3Client, bucket: str) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._index = FollowerIndex(s3, bucket)

    def write(self, plan: Plan, replacing: bool) -> RecordsWritten:
        """Before template.zip is uploaded: the new group's marker and the history with this release."""
        assert plan.template_zip_key is not None
        pipeline = plan.provisioned_stack
        new = indexed_group(json.loads(plan.request)) if plan.request else None
        try:
            old = indexed_group(read_request(self._s3, self._bucket, plan.template_zip_key)) if replacing else None
            before = Recorded.read(self._s3, self._bucket, plan.template_zip_key)
            if new is not None:
                self._index.follow(new, pipeline)
        except ClientError as error:
            raise service_error(error.operation_name, error) from error
        written = RecordsWritten(pipeline, new if new != old else None, old if old != new else None, None)
        try:
            history = append_release(self._s3, self._bucket, plan, before)
        except ClientError as error:
            self.undo(written)
            raise service_error(error.operation_name, error) from error
        return RecordsWritten(written.pipeline, written.joined, written.left, history)

    def settle(self, written: RecordsWritten) -> None:
        """Once the new template.zip stands: the group the pipeline left loses its marker."""
        if written.left is not None:
            # A marker left behind is only a hint that a lookup skips and later removes: not worth failing for.
            with contextlib.suppress(ClientError, *TRANSPORT_ERRORS):
                self._index.unfollow(written.left, written.pipeline)

    def undo(self, written: RecordsWritten) -> None:
        """The upload was taken back: so are the history entry and the marker it added."""
        if written.history is not None:
            undo_release(self._s3, self._bucket, written.history)
        if written.joined is not None:
            self._index.unfollow(written.joined, written.pipeline)

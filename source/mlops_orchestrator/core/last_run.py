"""Whether a pipeline's latest run failed: then the same request, sent again, runs the pipeline again.

Sending the same request twice uploads nothing the second time, so that the pipeline does not redeploy what
it deployed. After a failed deployment that is wrong: the cause may have been outside the request (an
endpoint name another endpoint held, a quota), and sending the request again is how a user retries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from .aws import TRANSPORT_ERRORS
from .status import summarize_pipeline

if TYPE_CHECKING:
    from types_boto3_cloudformation import CloudFormationClient
    from types_boto3_codepipeline import CodePipelineClient

_PIPELINE_TYPE = "AWS::CodePipeline::Pipeline"


class LastRun:
    def __init__(self, cloudformation: CloudFormationClient, codepipeline: CodePipelineClient) -> None:
        self._cfn = cloudformation
        self._codepipeline = codepipeline

    def failed(self, pipeline_stack_id: str) -> bool:
        """True when the pipeline of the stack exists and its latest run failed. A state that cannot be read
        counts as not failed: the request then behaves as before (nothing uploaded), never worse."""
        try:
            resources = self._cfn.list_stack_resources(StackName=pipeline_stack_id).get("StackResourceSummaries", [])
            names = [r["PhysicalResourceId"] for r in resources if r.get("ResourceType") == _PIPELINE_TYPE]
            if not names or not names[0]:
                return False
            state = self._codepipeline.get_pipeline_state(name=names[0])
        except ClientError:
            return False
        except TRANSPORT_ERRORS:
            return False
        return summarize_pipeline(state)["pipeline_status"] == "Failed"

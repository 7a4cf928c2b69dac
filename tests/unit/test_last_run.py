"""LastRun: whether the same request, sent again, should run the pipeline again."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError, ReadTimeoutError

from mlops_orchestrator.core.last_run import LastRun

PIPELINE = {"ResourceType": "AWS::CodePipeline::Pipeline", "PhysicalResourceId": "the-pipeline"}


class _CloudFormation:
    def __init__(self, resources: list[dict[str, str]]) -> None:
        self.resources = resources

    def list_stack_resources(self, StackName: str) -> dict[str, Any]:
        return {"StackResourceSummaries": self.resources}


class _CodePipeline:
    def __init__(self, *statuses: str, error: Exception | None = None) -> None:
        self.statuses = statuses
        self.error = error
        self.asked: list[str] = []

    def get_pipeline_state(self, name: str) -> dict[str, Any]:
        self.asked.append(name)
        if self.error is not None:
            raise self.error
        stages = [{"stageName": f"S{i}", "latestExecution": {"status": s}} for i, s in enumerate(self.statuses)]
        return {"pipelineName": name, "stageStates": stages}


def _failed(resources: list[dict[str, str]], codepipeline: _CodePipeline) -> bool:
    return LastRun(_CloudFormation(resources), codepipeline).failed("stack-id")  # type: ignore[arg-type]


def test_a_failed_stage_means_the_last_run_failed() -> None:
    codepipeline = _CodePipeline("Succeeded", "Failed")
    assert _failed([PIPELINE], codepipeline)
    assert codepipeline.asked == ["the-pipeline"]


def test_a_run_that_succeeded_or_waits_is_not_failed() -> None:
    assert not _failed([PIPELINE], _CodePipeline("Succeeded", "Succeeded"))
    assert not _failed([PIPELINE], _CodePipeline("Succeeded", "InProgress"))


def test_no_pipeline_yet_is_not_failed_and_asks_nothing() -> None:
    codepipeline = _CodePipeline("Failed")
    assert not _failed([{"ResourceType": "AWS::IAM::Role", "PhysicalResourceId": "r"}], codepipeline)
    assert codepipeline.asked == []


def test_an_unreadable_state_counts_as_not_failed() -> None:
    denied = ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "GetPipelineState")
    assert not _failed([PIPELINE], _CodePipeline(error=denied))
    assert not _failed([PIPELINE], _CodePipeline(error=ReadTimeoutError(endpoint_url="http://x")))

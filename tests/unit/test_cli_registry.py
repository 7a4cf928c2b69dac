"""`registry list|approve|reject`: the group's versions with where they run, and verdicts with the caller's AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlops_orchestrator.cli import commands_registry
from mlops_orchestrator.cli.main import main

GROUP = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn"


class FakeSageMaker:
    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []

    def list_model_packages(self, **kwargs: Any) -> dict[str, Any]:
        if "NextToken" not in kwargs:
            return {
                "ModelPackageSummaryList": [
                    {"ModelPackageArn": f"{GROUP}/10", "ModelPackageVersion": 10, "ModelApprovalStatus": "Approved"}
                ],
                "NextToken": "more",
            }
        return {
            "ModelPackageSummaryList": [
                {"ModelPackageArn": f"{GROUP}/2", "ModelPackageVersion": 2, "ModelApprovalStatus": "Rejected"}
            ]
        }

    def update_model_package(self, **kwargs: Any) -> dict[str, Any]:
        self.updates.append(kwargs)
        return {"ModelPackageArn": kwargs["ModelPackageArn"]}


class FakeApi:
    base_url = "https://api.example.com/prod"

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == "/listpipelines":
            # The API's index lookup answers for the group asked about: only the pipelines using it are read.
            assert body == {"model_package_group_name": "churn"}
            return {
                "pipelines": [
                    {"pipeline_id": "a", "stack_name": "rt", "follows_group": True},
                    {"pipeline_id": "b", "stack_name": "mon", "follows_group": True},
                    {"pipeline_id": "c", "stack_name": "batch", "follows_group": False},
                ]
            }
        if body == {"pipeline_id": "b"}:  # a monitor baselines the version it follows
            return {"summary": {"deployments": [{"stage": "dev", "model_package": f"{GROUP}/10"}]}}
        if body == {"pipeline_id": "c"}:  # a pipeline that names one version of the group
            return {"summary": {"deployments": [{"stage": "dev", "model_package": f"{GROUP}/2"}]}}
        assert body == {"pipeline_id": "a"}
        deployments = [
            {"stage": "dev", "model_package": f"{GROUP}/10"},
            {"stage": "prod", "model_package": f"{GROUP}/2"},
        ]
        return {"summary": {"deployments": deployments}}


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> FakeSageMaker:
    sagemaker = FakeSageMaker()
    monkeypatch.setattr(commands_registry, "connect", lambda args: FakeApi())
    monkeypatch.setattr(commands_registry, "aws_client", lambda *args: sagemaker)
    return sagemaker


def test_list_shows_every_version_in_order_with_where_it_runs(
    fakes: FakeSageMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["registry", "list", "churn", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["packages"]
    assert [(p["ModelPackageVersion"], p["running_in"]) for p in listed] == [
        (2, ["rt (prod)", "batch (dev, pinned)"]),
        (10, ["rt (dev)", "mon (dev)"]),
    ]
    assert main(["registry", "list", "churn"]) == 0
    text = capsys.readouterr().out
    assert text.index("Rejected") < text.index("Approved")


@pytest.mark.parametrize(("verb", "status"), [("approve", "Approved"), ("reject", "Rejected")])
def test_verdicts_update_the_package_with_the_callers_credentials(
    fakes: FakeSageMaker, capsys: pytest.CaptureFixture[str], verb: str, status: str
) -> None:
    assert main(["registry", verb, f"{GROUP}/10", "--comment", "checked"]) == 0
    assert fakes.updates == [
        {"ModelPackageArn": f"{GROUP}/10", "ModelApprovalStatus": status, "ApprovalDescription": "checked"}
    ]
    assert status in capsys.readouterr().out

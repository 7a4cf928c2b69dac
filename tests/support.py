"""Helpers shared by the test suites: explicit settings, the examples, a predictable name suffix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlops_orchestrator.core.settings import Settings, StageAccount

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ACCOUNT = "123456789012"
MODEL_PACKAGE = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/xgboost/1"
ACCOUNTS = {
    "dev": StageAccount("111111111111", "ou-abcd-11111111"),
    "staging": StageAccount("222222222222", "ou-abcd-22222222"),
    "prod": StageAccount("333333333333", "ou-abcd-33333333"),
}


def make_settings(multi_account: bool = False, model_registry: bool = False, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "assets_bucket": "testassetsbucket",
        "blueprint_bucket": "testbucket",
        "blueprint_bucket_url": "testbucket.s3.us-east-1.amazonaws.com",
        "cfn_role_arn": f"arn:aws:iam::{ACCOUNT}:role/mlops-cfn-role",
        "region": "us-east-1",
        "notifications_topic_arn": f"arn:aws:sns:us-east-1:{ACCOUNT}:mlops-topic",
        "ecr_repo_arn": f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/mlops-ecr",
        "multi_account": multi_account,
        "model_registry": model_registry,
        "delegated_admin": multi_account,
        "accounts": ACCOUNTS if multi_account else {},
    }
    values.update(overrides)
    return Settings(**values)


def example(pipeline_type: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((EXAMPLES / f"{pipeline_type}.json").read_text())
    return body


class CountingSuffix:
    """Deterministic stand-in for the random name suffix: s001, s002, ..."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"s{self.count:03d}"

"""Metric files named by evaluation_details: the exact GetObject calls, the card's Content, and every bad file."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from mlops_orchestrator.core.errors import AwsServiceError, RequestValidationError
from mlops_orchestrator.core.model_cards import metric_files
from mlops_orchestrator.core.model_cards.operations import ModelCards
from tests.unit.metric_documents import BINARY, CLARIFY_BIAS, CLARIFY_BIAS_GROUPS, REGRESSION

REGION = "us-east-1"
CARD_ARN = f"arn:aws:sagemaker:{REGION}:123456789012:model-card/my-card"
WHEN = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
BUCKET = "assets"
GIVEN_GROUP = {"name": "given", "metric_data": [{"name": "auc", "type": "number", "value": 0.9}]}


class Stubs:
    def __init__(self, sagemaker: Stubber, s3: Stubber, cards: ModelCards) -> None:
        self.sagemaker, self.s3, self.cards = sagemaker, s3, cards

    def file(self, key: str, content: bytes) -> None:
        body = StreamingBody(io.BytesIO(content), len(content))
        self.s3.add_response(
            "get_object", {"Body": body, "ContentLength": len(content)}, {"Bucket": BUCKET, "Key": key}
        )


@pytest.fixture
def stubs() -> Iterator[Stubs]:
    keys = {"region_name": REGION, "aws_access_key_id": "x", "aws_secret_access_key": "x"}
    sagemaker, s3 = boto3.client("sagemaker", **keys), boto3.client("s3", **keys)
    with Stubber(sagemaker) as sagemaker_stubber, Stubber(s3) as s3_stubber:
        yield Stubs(sagemaker_stubber, s3_stubber, ModelCards(sagemaker, BUCKET, s3=s3))
        # Every stubbed read happened, and nothing else: no CreateModelCard after a bad file.
        sagemaker_stubber.assert_no_pending_responses()
        s3_stubber.assert_no_pending_responses()


def evaluation(name: str, key: str, metric_type: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "metric_file_s3_url": f"s3://{BUCKET}/{key}", "metric_type": metric_type, **fields}


def create(*evaluations: dict[str, Any]) -> dict[str, Any]:
    return {"pipeline_type": "create_model_card", "name": "my-card", "evaluation_details": list(evaluations)}


def test_file_groups_are_appended_to_the_given_ones_in_the_created_card(stubs: Stubs) -> None:
    stubs.file("model_card_metrics/bias.json", json.dumps(CLARIFY_BIAS).encode())
    stubs.file("model_card_metrics/quality.json", json.dumps(REGRESSION).encode())
    content = {
        "evaluation_details": [
            {
                "name": "bias",
                "evaluation_observation": "checked",
                "metric_groups": [GIVEN_GROUP, *CLARIFY_BIAS_GROUPS],
            },
            {
                "name": "quality",
                "metric_groups": [
                    {
                        "name": "Regression metrics",
                        "metric_data": [
                            {"name": name, "type": "number", "value": value, "notes": f"standard deviation: {sd}"}
                            for name, value, sd in (
                                ("mae", 0.37, 0.0038),
                                ("mse", 0.25, 0.0042),
                                ("rmse", 0.5, 0.0041),
                                ("r2", 0.63, 0.0062),
                            )
                        ],
                    }
                ],
            },
        ]
    }
    stubs.sagemaker.add_response(
        "create_model_card",
        {"ModelCardArn": CARD_ARN},
        {"ModelCardName": "my-card", "Content": json.dumps(content), "ModelCardStatus": "Draft"},
    )
    stubs.sagemaker.add_response(
        "describe_model_card",
        {
            "ModelCardArn": CARD_ARN,
            "ModelCardName": "my-card",
            "ModelCardVersion": 1,
            "Content": json.dumps(content),
            "ModelCardStatus": "Draft",
            "CreationTime": WHEN,
            "CreatedBy": {},
        },
        {"ModelCardName": "my-card"},
    )
    stubs.cards.run(
        create(
            evaluation(
                "bias",
                "model_card_metrics/bias.json",
                "clarify_bias",
                evaluation_observation="checked",
                metric_groups=[GIVEN_GROUP],
            ),
            evaluation("quality", "model_card_metrics/quality.json", "regression"),
        )
    )


def test_update_reads_the_files_before_it_touches_the_card(stubs: Stubs) -> None:
    stubs.file("model_card_metrics/binary.json", b'{"binary_classification_metrics": {"auc": {"value": NaN}}}')
    with pytest.raises(RequestValidationError) as raised:
        stubs.cards.run(
            {
                "pipeline_type": "update_model_card",
                "name": "my-card",
                "evaluation_details": [evaluation("e", "model_card_metrics/binary.json", "binary_classification")],
            }
        )
    assert raised.value.problems[0].message == (
        "is not a binary_classification metric file: binary_classification_metrics holds no metric with a value"
    )


def test_every_bad_file_is_reported_at_once_and_nothing_is_created(stubs: Stubs) -> None:
    stubs.file("model_card_metrics/ok.json", json.dumps(BINARY).encode())
    stubs.s3.add_client_error(
        "get_object",
        "NoSuchKey",
        "The specified key does not exist.",
        404,
        expected_params={"Bucket": BUCKET, "Key": "model_card_metrics/gone.json"},
    )
    stubs.s3.add_client_error("get_object", "AccessDenied", "Access Denied", 403)
    stubs.file("model_card_metrics/text.json", b"mae=0.3")
    stubs.file("model_card_metrics/bias.json", json.dumps(REGRESSION).encode())
    with pytest.raises(RequestValidationError) as raised:
        stubs.cards.run(
            create(
                evaluation("ok", "model_card_metrics/ok.json", "binary_classification"),
                evaluation("gone", "model_card_metrics/gone.json", "regression"),
                evaluation("denied", "model_card_metrics/kms.json", "regression"),
                evaluation("text", "model_card_metrics/text.json", "regression"),
                evaluation("bias", "model_card_metrics/bias.json", "clarify_bias"),
                {
                    "name": "elsewhere",
                    "metric_file_s3_url": "s3://other/model_card_metrics/m.json",
                    "metric_type": "regression",
                },
                evaluation("outside", "datacapture/m.json", "regression"),
            )
        )
    found = {problem.field: problem.message for problem in raised.value.problems}
    assert found == {
        "evaluation_details[1].metric_file_s3_url": f"s3://{BUCKET}/model_card_metrics/gone.json does not exist",
        "evaluation_details[2].metric_file_s3_url": (
            f"the orchestrator cannot read s3://{BUCKET}/model_card_metrics/kms.json (AccessDenied): "
            "check the object's owner and encryption key"
        ),
        "evaluation_details[3].metric_file_s3_url": (
            f"s3://{BUCKET}/model_card_metrics/text.json is not JSON: Expecting value: line 1 column 1 (char 0)"
        ),
        "evaluation_details[4].metric_file_s3_url": (
            "is not a clarify_bias metric file: has neither pre_training_bias_metrics nor "
            "post_training_bias_metrics: not a Clarify bias analysis.json"
        ),
        "evaluation_details[5].metric_file_s3_url": (
            f"s3://other/model_card_metrics/m.json is not in s3://{BUCKET}/model_card_metrics/: the orchestrator "
            "reads metric files only there (the assets bucket)"
        ),
        "evaluation_details[6].metric_file_s3_url": (
            f"s3://{BUCKET}/datacapture/m.json is not in s3://{BUCKET}/model_card_metrics/: the orchestrator "
            "reads metric files only there (the assets bucket)"
        ),
    }
    assert raised.value.status_code == 400


def test_a_file_larger_than_the_cap_is_not_read(stubs: Stubs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metric_files, "MAX_BYTES", 10)
    stubs.file("model_card_metrics/big.json", b'{"regression_metrics": {}}')
    with pytest.raises(RequestValidationError, match="metric files of up to 5 MB are read"):
        stubs.cards.run(create(evaluation("big", "model_card_metrics/big.json", "regression")))


def test_an_s3_outage_is_a_bad_gateway_not_a_bad_request(stubs: Stubs) -> None:
    stubs.s3.add_client_error("get_object", "InternalError", "We encountered an internal error.", 500)
    with pytest.raises(AwsServiceError) as raised:
        stubs.cards.run(create(evaluation("e", "model_card_metrics/m.json", "regression")))
    assert raised.value.status_code == 502
    assert "GetObject failed with InternalError" in str(raised.value)


def test_an_archived_file_says_so(stubs: Stubs) -> None:
    stubs.s3.add_client_error("get_object", "InvalidObjectState", "The operation is not valid", 403)
    with pytest.raises(RequestValidationError, match="is archived"):
        stubs.cards.run(create(evaluation("e", "model_card_metrics/m.json", "regression")))

"""The real real-time blueprint deployed by the pipeline into the emulator: model, endpoint config and endpoint."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from mlops_orchestrator.local.runner import LocalMode
from tests.support import example

from .helpers import COMPLETE, blueprint_template, parameters, pipeline_status, provision, stack

pytestmark = pytest.mark.e2e

XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def test_local_mode_serves_the_real_realtime_template(single: LocalMode) -> None:
    template = blueprint_template(single, "byom_realtime_inference_pipeline.yaml").decode()
    assert "AWS::SageMaker::EndpointConfig" in template
    assert "MlopsLocal" not in template


def test_the_pipeline_creates_the_requested_endpoint(single: LocalMode) -> None:
    capture = f"{single.info.assets_bucket}/datacapture/endpoint-check"
    body = {
        **example("byom_realtime_builtin"),
        "model_name": "endpoint-check",
        # Endpoint names are unique in an account (local mode too): the example's may be deployed already.
        "endpoint_name": "endpoint-check",
        "inference_instance": "ml.c5.xlarge",
        "data_capture_location": capture,
        "initial_instance_count": 2,
        "data_capture_sampling_percentage": 40,
    }

    pipeline_id = provision(single, body)

    assert pipeline_status(single, pipeline_id)["summary"]["pipeline_status"] == "Succeeded"
    deployed = stack(single, parameters(stack(single, pipeline_id))["StackName"])
    assert deployed["StackStatus"] in COMPLETE
    outputs = {output["OutputKey"]: output["OutputValue"] for output in deployed["Outputs"]}
    sagemaker = single.client("sagemaker")

    config = sagemaker.describe_endpoint_config(EndpointConfigName=outputs["SageMakerEndpointConfigName"])
    [variant] = config["ProductionVariants"]
    assert (variant["VariantName"], variant["InstanceType"], variant["InitialInstanceCount"]) == (
        "AllTraffic",
        "ml.c5.xlarge",
        2,
    )
    assert variant["ModelName"] == outputs["SageMakerModelName"]
    assert config["DataCaptureConfig"] == {
        "EnableCapture": True,
        "InitialSamplingPercentage": 40,
        "DestinationS3Uri": f"s3://{capture}",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        "CaptureContentTypeHeader": {
            "CsvContentTypes": ["text/csv"],
            "JsonContentTypes": ["application/json", "application/jsonlines"],
        },
    }
    model = sagemaker.describe_model(ModelName=outputs["SageMakerModelName"])
    assert model["PrimaryContainer"]["Image"] == XGBOOST
    assert model["PrimaryContainer"]["ModelDataUrl"] == (
        f"s3://{single.info.assets_bucket}/{body['model_artifact_location']}"
    )
    endpoint = sagemaker.describe_endpoint(EndpointName=outputs["SageMakerEndpointName"])
    assert endpoint["EndpointConfigName"] == outputs["SageMakerEndpointConfigName"]
    assert endpoint["EndpointName"] == "endpoint-check"


def _post(url: str, body: bytes) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_inference_api_answers_on_the_local_front(single: LocalMode) -> None:
    body = {**example("byom_realtime_builtin"), "model_name": "inference-check", "endpoint_name": "inference-check"}
    pipeline_id = provision(single, body)
    assert pipeline_status(single, pipeline_id)["summary"]["pipeline_status"] == "Succeeded"
    deployed = stack(single, parameters(stack(single, pipeline_id))["StackName"])
    url = {output["OutputKey"]: output["OutputValue"] for output in deployed["Outputs"]}["InferenceApiUrl"]
    assert url.startswith(f"{single.info.api_url}/inference/") and url.endswith("/prod/inference"), url

    status, answer = _post(url, json.dumps({"payload": "0.5,1.2,3", "content_type": "text/csv"}).encode())
    refused, problem = _post(url, b'{"content_type": "text/csv"}')
    unknown, _ = _post(url.replace("/prod/", "/nostage/"), b"{}")

    # The blueprint's own Lambda ran in-process and called the emulator's InvokeEndpoint for this endpoint.
    assert status == 200, answer
    assert refused == 400 and "payload" in json.dumps(problem), problem
    assert unknown == 403

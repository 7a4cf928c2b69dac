"""The endpoint the monitor examples watch, seeded in every account local mode runs.

The monitor examples name `churn-endpoint`, the endpoint the real-time example deploys. On AWS a monitor needs that
endpoint to exist; offline, a user who provisions a monitor example first would otherwise meet "Could not find
endpoint". Local mode therefore seeds a placeholder endpoint of that name (tagged `PLACEHOLDER_TAG`), which the
real-time example's pipeline takes over when it deploys its own (see `sagemaker_names`). With the model registry
on, the registry examples' monitors watch `churn-follow-endpoint` (the endpoint of the real-time example that
follows the same group), seeded the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .sagemaker_names import PLACEHOLDER_TAG

EXAMPLE_ENDPOINT = "churn-endpoint"
_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def seed_example_endpoint(
    sagemaker_clients: Iterable[Any], assets_bucket: str, model_key: str, name: str = EXAMPLE_ENDPOINT
) -> None:
    """Create the placeholder model, endpoint configuration and endpoint `name` with each client (one per
    account)."""
    for sagemaker in sagemaker_clients:
        if any(found["EndpointName"] == name for found in sagemaker.list_endpoints(NameContains=name)["Endpoints"]):
            continue
        sagemaker.create_model(
            ModelName=name,
            ExecutionRoleArn="arn:aws:iam::123456789012:role/mlops-local-example",
            PrimaryContainer={"Image": _IMAGE, "ModelDataUrl": f"s3://{assets_bucket}/{model_key}"},
        )
        sagemaker.create_endpoint_config(
            EndpointConfigName=name,
            ProductionVariants=[
                {
                    "VariantName": "AllTraffic",
                    "ModelName": name,
                    "InstanceType": "ml.m5.large",
                    "InitialInstanceCount": 1,
                }
            ],
        )
        sagemaker.create_endpoint(
            EndpointName=name,
            EndpointConfigName=name,
            Tags=[{"Key": PLACEHOLDER_TAG, "Value": "examples"}],
        )

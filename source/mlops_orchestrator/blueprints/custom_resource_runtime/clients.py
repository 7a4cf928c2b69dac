"""AWS clients of the custom resource Lambdas, one per service and warm container."""

from __future__ import annotations

import functools
from typing import Any

import boto3
from botocore.config import Config

# Bounded so that a retry storm still leaves the Lambda time to answer CloudFormation.
BOUNDED = Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=5, read_timeout=20)


@functools.cache
def client(service: str) -> Any:
    return boto3.client(service, config=BOUNDED)


@functools.cache
def sagemaker_client() -> Any:
    return boto3.client("sagemaker", config=BOUNDED)

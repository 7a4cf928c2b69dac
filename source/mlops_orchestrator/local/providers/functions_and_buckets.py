"""Settings of objects moto creates itself: a function's event invoke configuration, a bucket's policy.

Both are applied through moto's backends (PutFunctionEventInvokeConfig, PutBucketPolicy), so the matching
Get calls answer them.

moto enforces a bucket policy but ignores its conditions: the blueprints' "deny unless TLS"
(`aws:SecureTransport` false) would deny every request, and local mode speaks plain HTTP to the emulator.
So the policy is stored without its conditional statements, which the emulator cannot evaluate.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from moto.core.common_models import CloudFormationModel

from .base import LocalProvider, Where

_INVOKE_CONFIG_KEYS = ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")


class LambdaEventInvokeConfig(LocalProvider, CloudFormationModel):
    resource_type = "AWS::Lambda::EventInvokeConfig"
    provider = "lambda"
    creates = "the function's asynchronous-invocation settings (PutFunctionEventInvokeConfig)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        config = {key: props[key] for key in _INVOKE_CONFIG_KEYS if key in props}
        _functions(where).put_function_event_invoke_config(props["FunctionName"], config)
        return cls(f"{props['FunctionName']}:{props.get('Qualifier', '$LATEST')}", where=where)

    def remove(self) -> None:
        assert self.where is not None
        with contextlib.suppress(Exception):  # the function is already gone
            _functions(self.where).delete_function_event_invoke_config(self.physical_id.rpartition(":")[0])


class S3BucketPolicy(LocalProvider, CloudFormationModel):
    resource_type = "AWS::S3::BucketPolicy"
    provider = "s3"
    creates = "the bucket's policy (PutBucketPolicy), without the conditional statements moto cannot evaluate"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        document = props["PolicyDocument"]
        document = json.loads(document) if isinstance(document, str) else dict(document)
        statements = document.get("Statement") or []
        statements = [statements] if isinstance(statements, dict) else statements
        kept = [statement for statement in statements if "Condition" not in statement]
        if kept:
            _buckets(where).put_bucket_policy(props["Bucket"], json.dumps({**document, "Statement": kept}).encode())
        return cls(props["Bucket"], where=where)

    def remove(self) -> None:
        assert self.where is not None
        with contextlib.suppress(Exception):  # the bucket is already gone
            _buckets(self.where).delete_bucket_policy(self.physical_id)


def _functions(where: Where) -> Any:
    from moto.awslambda.models import lambda_backends

    return lambda_backends[where.account_id][where.region]


def _buckets(where: Where) -> Any:
    from moto.s3.models import s3_backends

    return s3_backends[where.account_id]["aws"]

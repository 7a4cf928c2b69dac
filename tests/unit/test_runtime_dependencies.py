"""The Lambda's code imports boto3, Powertools and pydantic only: never CDK, never the SageMaker SDK."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from mlops_orchestrator.orchestrator.runtime import handler
body = {"pipeline_type": "byom_realtime_builtin", "model_name": "m", "model_framework": "xgboost",
        "model_framework_version": "1.7-1", "model_artifact_location": "model.tar.gz",
        "inference_instance": "ml.m5.large", "data_capture_location": "bucket/capture", "dry_run": True}
event = {"httpMethod": "POST", "path": "/provisionpipeline", "resource": "/provisionpipeline",
         "headers": {}, "requestContext": {"stage": "prod"}, "body": json.dumps(body)}
assert handler.lambda_handler(event, None)["statusCode"] == 200
print(json.dumps(sorted(sys.modules)))
"""

FORBIDDEN = {"sagemaker", "aws_cdk", "constructs", "jsii", "moto", "cdk_nag"}


def loaded_modules() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={
            "AWS_DEFAULT_REGION": "us-east-1",
            "ASSETS_BUCKET": "assets",
            "BLUEPRINT_BUCKET": "blueprints",
            "PATH": "",
        },
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_serving_a_request_loads_no_heavy_or_build_time_package() -> None:
    modules = loaded_modules()
    top_level = {name.split(".")[0] for name in modules}
    assert not top_level & FORBIDDEN
    assert {"boto3", "aws_lambda_powertools", "pydantic"} <= top_level
    assert not [name for name in modules if name.startswith(("mlops_orchestrator.local", "mlops_orchestrator.cli"))]

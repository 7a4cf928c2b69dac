"""Cold start of the orchestrator handler against a bare `import boto3` plus the clients it uses.

Each sample is a fresh Python process. The handler sample imports the handler and serves its first request
(a dry-run provisioning request: validation, planning and the image-URI lookup, and it creates the boto3
clients a real request uses); the baseline imports boto3 and creates the same clients. Run:

    .venv/bin/python -m bench.cold_start [--samples 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CLIENTS = ("s3", "cloudformation", "codepipeline", "sns")

BASELINE = f"""
import boto3
session = boto3.session.Session()
for name in {CLIENTS!r}:
    session.client(name, region_name="us-east-1")
"""

HANDLER = f"""
import json, pathlib
from mlops_orchestrator.orchestrator.runtime import handler
from mlops_orchestrator.core import aws
body = json.loads(pathlib.Path({str(REPO / "examples" / "byom_realtime_builtin.json")!r}).read_text())
body["dry_run"] = True
event = {{"httpMethod": "POST", "path": "/provisionpipeline", "resource": "/provisionpipeline",
         "headers": {{}}, "requestContext": {{"stage": "prod"}}, "body": json.dumps(body)}}
response = handler.lambda_handler(event, None)
assert response["statusCode"] == 200, response
for name in {CLIENTS!r}:
    aws.client(name, "us-east-1")
"""

IMPORT_SAGEMAKER_SDK = "from sagemaker.core import image_uris"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        ASSETS_BUCKET="assets",
        BLUEPRINT_BUCKET="blueprints",
        REGION="us-east-1",
        MLOPS_NOTIFICATIONS_SNS_TOPIC="arn:aws:sns:us-east-1:123456789012:topic",
        LOG_LEVEL="WARNING",
    )
    return env


def _sample(code: str) -> tuple[float, int]:
    """Wall time of a fresh interpreter running `code`, and its peak RSS in KiB."""
    # The process ends with os._exit once it has answered: a Lambda container never pays interpreter teardown,
    # which grows with the objects a process made and would otherwise count as cold start.
    wrapper = code + (
        "\nimport os, resource, sys\nsys.stdout.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
        "sys.stdout.flush()\nos._exit(0)\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper], env=_env(), capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stdout.strip().splitlines()[-1])


def measure(code: str, samples: int) -> dict[str, float]:
    _sample(code)  # warm the file-system cache so every case is measured alike
    runs = [_sample(code) for _ in range(samples)]
    seconds = sorted(run[0] for run in runs)
    return {
        "p50_s": statistics.median(seconds),
        "min_s": seconds[0],
        "max_s": seconds[-1],
        "peak_rss_mib": max(run[1] for run in runs) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--with-sagemaker-sdk", action="store_true", help="also time importing the SageMaker SDK")
    args = parser.parse_args()
    results = {
        "baseline: import boto3 + clients": measure(BASELINE, args.samples),
        "handler: import + first request": measure(HANDLER, args.samples),
    }
    if args.with_sagemaker_sdk:
        results["for scale: import sagemaker-core image_uris"] = measure(
            IMPORT_SAGEMAKER_SDK, max(3, args.samples // 3)
        )
    ratio = results["handler: import + first request"]["p50_s"] / results["baseline: import boto3 + clients"]["p50_s"]
    if args.json:
        print(json.dumps({"results": results, "ratio_p50": ratio}, indent=2))
        return
    print(f"{'case':48} {'p50 s':>8} {'min s':>8} {'max s':>8} {'peak RSS MiB':>13}")
    for name, row in results.items():
        print(f"{name:48} {row['p50_s']:8.3f} {row['min_s']:8.3f} {row['max_s']:8.3f} {row['peak_rss_mib']:13.1f}")
    print(f"{'ratio handler / baseline (p50)':48} {ratio:8.2f}   (target: <= 1.50)")


if __name__ == "__main__":
    main()

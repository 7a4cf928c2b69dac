"""The requests the demo's story sends: the examples' churn model, named for the demo.

They read the sample artifacts local mode seeds (see `samples`), so the demo needs no file of its own.
"""

from __future__ import annotations

from typing import Any

from . import settings as local
from .samples import ASSETS, content

MODEL = "demo-churn"
ENDPOINT = "demo-churn-endpoint"


def training() -> dict[str, Any]:
    return {
        "pipeline_type": "model_training_builtin",
        "model_name": MODEL,
        "model_framework": "xgboost",
        "model_framework_version": "1.7-1",
        "training_data": "training/churn/train.csv",
        "validation_data": "training/churn/validation.csv",
        "job_output_location": "demo/training",
        "instance_type": "ml.m5.xlarge",
        "instance_count": 1,
        "instance_volume_size": 20,
        "max_runtime_per_job": 3600,
        "algo_hyperparamaters": {"objective": "binary:logistic", "num_round": 50, "max_depth": 5, "eta": 0.2},
    }


def realtime(model_key: str) -> dict[str, Any]:
    return {
        "pipeline_type": "byom_realtime_builtin",
        "model_name": MODEL,
        "model_framework": "xgboost",
        "model_framework_version": "1.7-1",
        "model_artifact_location": model_key,
        "inference_instance": "ml.m5.large",
        "data_capture_location": f"{local.ASSETS_BUCKET}/demo/datacapture",
        "endpoint_name": ENDPOINT,
    }


def data_quality_monitor(endpoint: str) -> dict[str, Any]:
    return {
        "pipeline_type": "byom_data_quality_monitor",
        "model_name": MODEL,
        "endpoint_name": endpoint,
        "baseline_data": "baselines/churn/training-data-with-header.csv",
        "baseline_job_output_location": f"{local.ASSETS_BUCKET}/demo/baseline",
        "data_capture_location": f"{local.ASSETS_BUCKET}/demo/datacapture",
        "monitoring_output_location": f"{local.ASSETS_BUCKET}/demo/monitoring",
        "schedule_expression": "cron(0 * ? * * *)",
        "monitor_max_runtime_seconds": 3300,
        "instance_type": "ml.m5.large",
        "instance_volume_size": 20,
    }


def inference_row() -> str:
    """One record of the seeded batch input: the features the churn model takes, as CSV."""
    return content(ASSETS["batch/input/data.csv"]).decode().splitlines()[0]

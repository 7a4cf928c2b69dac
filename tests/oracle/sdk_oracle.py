"""The SageMaker Python SDK (v2) as an oracle: what its `suggest_baseline` sends for each case.

Run with `.venv-sdk-oracle/bin/python tests/oracle/sdk_oracle.py < cases.json` (the SDK lives in its own
virtualenv: it is never a dependency of the project or of a Lambda). It reads the cases (tests/oracle/cases.py,
as JSON) from stdin and prints one JSON document: per case, every SageMaker API call the SDK made (operation and
parameters, validated against the botocore model) and every S3 object it wrote (bucket, key, body, arguments).

Nothing leaves the process: the credentials are fake, the SageMaker client answers from here, the S3 resource is
a recorder, and any socket connection is refused and reported.

The SDK is called the way the original solution's baseline Lambda called it (create_baseline_job/main.py and
baselines_helper.py of aws-solutions/mlops-workload-orchestrator): the same monitor class, constructor and
`suggest_baseline` arguments, built from the same custom-resource inputs our Lambda receives, and for Clarify the
monitor's analysis config (`latest_baselining_job_config`) written to `{output}/monitor/analysis_config.json`.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

REGION = "us-east-1"
_IGNORED = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
for _name in (*_IGNORED, "SAGEMAKER_ADMIN_CONFIG_OVERRIDE", "SAGEMAKER_USER_CONFIG_OVERRIDE"):
    os.environ.pop(_name, None)
os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "SAGEMAKER_SUPPRESS_V2_WARNING": "1",
    }
)
# No SDK defaults file (admin or user) can add to the requests: both are looked up in an empty folder.
_NO_DEFAULTS = tempfile.TemporaryDirectory(prefix="sdk-oracle-")
os.environ.update({"XDG_CONFIG_HOME": _NO_DEFAULTS.name, "XDG_CONFIG_DIRS": _NO_DEFAULTS.name})

NETWORK_ATTEMPTS: list[str] = []


def _refuse(*args: Any, **_kwargs: Any) -> Any:
    NETWORK_ATTEMPTS.append(repr(args[1:] or args))
    raise OSError("the SDK oracle has no network")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse

import boto3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402


class SageMakerRecorder:
    """A real botocore SageMaker client whose calls are recorded and answered here (CreateProcessingJob only)."""

    def __init__(self, session: boto3.Session) -> None:
        self.client = session.client("sagemaker", region_name=REGION)
        self.calls: list[dict[str, Any]] = []
        events = self.client.meta.events
        events.register("provide-client-params.sagemaker.*", self._record)
        events.register("before-call.sagemaker.*", self._answer)

    def _record(self, params: dict[str, Any], model: Any, **_kwargs: Any) -> None:
        self.calls.append({"operation": model.name, "params": copy.deepcopy(params)})

    def _answer(self, model: Any, params: Any, **_kwargs: Any) -> tuple[AWSResponse, dict[str, Any]]:
        if model.name != "CreateProcessingJob":
            raise RuntimeError(f"the oracle does not answer {model.name}")
        name = self.calls[-1]["params"]["ProcessingJobName"]
        arn = f"arn:aws:sagemaker:{REGION}:123456789012:processing-job/{name}"
        return AWSResponse(f"https://api.sagemaker.{REGION}.amazonaws.com/", 200, {}, None), {"ProcessingJobArn": arn}


class S3Recorder:
    """Stands in for the boto3 S3 resource the SDK writes through (`Object(...).upload_file` and `.put`)."""

    def __init__(self) -> None:
        self.writes: list[dict[str, Any]] = []

    def Object(self, bucket_name: str, key: str) -> S3ObjectRecorder:
        return S3ObjectRecorder(self, bucket_name, key)


class S3ObjectRecorder:
    def __init__(self, resource: S3Recorder, bucket: str, key: str) -> None:
        self.resource, self.bucket, self.key = resource, bucket, key

    def _write(self, body: str, arguments: dict[str, Any]) -> None:
        self.resource.writes.append({"bucket": self.bucket, "key": self.key, "body": body, "arguments": arguments})

    def upload_file(self, path: str, Callback: Any = None, ExtraArgs: Any = None) -> None:
        self._write(Path(path).read_text(encoding="utf-8"), dict(ExtraArgs or {}))

    def put(self, Body: Any, **arguments: Any) -> None:
        self._write(Body.decode("utf-8") if isinstance(Body, bytes) else str(Body), arguments)


def sdk_session(boto_session: boto3.Session, recorder: SageMakerRecorder, s3: S3Recorder) -> Any:
    import sagemaker

    session = sagemaker.Session(boto_session=boto_session, sagemaker_client=recorder.client)
    if session.sagemaker_config:
        raise RuntimeError(f"SDK defaults were loaded and would change the requests: {session.sagemaker_config}")
    session.s3_resource = s3
    # Never resolved for these jobs (every S3 location is given); set so that resolving it needs no AWS call.
    session._default_bucket = "oracle-default-bucket-not-used"
    return session


def _text(properties: dict[str, Any], key: str) -> str:
    return str(properties.get(key) or "").strip()


def constructor_arguments(properties: dict[str, Any], session: Any) -> dict[str, Any]:
    """The monitor's constructor arguments, as the original built them."""
    arguments: dict[str, Any] = {
        "role": properties["RoleArn"],
        "instance_type": properties["InstanceType"],
        "instance_count": int(properties["InstanceCount"]),
        "volume_size_in_gb": int(_text(properties, "InstanceVolumeSize") or "30"),
        "sagemaker_session": session,
        "tags": [{"Key": "stack_name", "Value": properties["StackName"]}],
    }
    if _text(properties, "MaxRuntimeSeconds"):
        arguments["max_runtime_in_seconds"] = int(properties["MaxRuntimeSeconds"])
    if _text(properties, "KmsKeyArn"):
        arguments["output_kms_key"] = properties["KmsKeyArn"]
        arguments["volume_kms_key"] = properties["KmsKeyArn"]
    return arguments


def model_quality_attributes(properties: dict[str, Any]) -> dict[str, Any]:
    """The original's choice: Regression and Multiclass get the inference attribute; BinaryClassification gets
    the probability and its threshold when both are given, the inference attribute otherwise."""
    problem_type = properties["ProblemType"]
    chosen: dict[str, Any] = {"problem_type": problem_type}
    probability = _text(properties, "ProbabilityAttribute")
    threshold = _text(properties, "ProbabilityThresholdAttribute")
    if problem_type == "BinaryClassification" and probability and threshold:
        chosen.update(probability_attribute=probability, probability_threshold_attribute=threshold)
    else:
        chosen["inference_attribute"] = properties["InferenceAttribute"]
    chosen["ground_truth_attribute"] = properties["GroundTruthAttribute"]
    return chosen


def run_case(case: dict[str, Any], session: Any) -> None:
    """Runs `suggest_baseline` for one case (for Clarify, then writes the monitor's analysis config)."""
    from sagemaker import clarify, model_monitor, s3
    from sagemaker.model_monitor.dataset_format import DatasetFormat

    properties = case["properties"]
    kind = properties["MonitoringType"]
    data_uri = f"s3://{properties['AssetsBucket']}/{properties['BaselineData']}"
    output_uri = f"s3://{properties['BaselineJobOutputLocation']}"
    job_name = properties["BaselineJobName"]
    monitor_arguments = constructor_arguments(properties, session)
    if kind in ("DataQuality", "ModelQuality"):
        common = {
            "baseline_dataset": data_uri,
            "dataset_format": DatasetFormat.csv(header=True),
            "output_s3_uri": output_uri,
            "job_name": job_name,
            "wait": False,
            "logs": False,
        }
        if kind == "DataQuality":
            model_monitor.DefaultModelMonitor(**monitor_arguments).suggest_baseline(**common)
        else:
            monitor = model_monitor.ModelQualityMonitor(**monitor_arguments)
            monitor.suggest_baseline(**common, **model_quality_attributes(properties))
        return
    headers = case["dataset"].split("\n")[0].split(",")
    data_config = clarify.DataConfig(
        s3_data_input_path=data_uri,
        s3_output_path=output_uri,
        label=headers[0],
        headers=headers,
        dataset_type="text/csv",
    )
    model_config = clarify.ModelConfig(
        model_name=case["model_name"],
        instance_type=properties["InstanceType"],
        instance_count=int(properties["InstanceCount"]),
        accept_type="text/csv",
    )
    kms = _text(properties, "KmsKeyArn") or None
    if kind == "ModelBias":
        label_config = json.loads(_text(properties, "ModelPredictedLabelConfig") or "{}")
        bias_monitor = model_monitor.ModelBiasMonitor(**monitor_arguments)
        bias_monitor.suggest_baseline(
            data_config=data_config,
            bias_config=clarify.BiasConfig(**json.loads(properties["BiasConfig"])),
            model_config=model_config,
            model_predicted_label_config=clarify.ModelPredictedLabelConfig(**label_config),
            job_name=job_name,
            kms_key=kms,
        )
        monitor_config = bias_monitor.latest_baselining_job_config.analysis_config._to_dict()
    else:
        shap = json.loads(properties["SHAPConfig"])
        if isinstance(shap.get("baseline"), str):
            shap["baseline"] = f"s3://{properties['AssetsBucket']}/{shap['baseline']}"
        scores = _text(properties, "ModelScores")
        explainability_monitor = model_monitor.ModelExplainabilityMonitor(**monitor_arguments)
        explainability_monitor.suggest_baseline(
            data_config=data_config,
            explainability_config=clarify.SHAPConfig(**shap),
            model_config=model_config,
            model_scores=json.loads(scores) if scores else None,
            job_name=job_name,
            kms_key=kms,
        )
        monitor_config = explainability_monitor.latest_baselining_job_config.analysis_config._to_dict()
    s3.S3Uploader.upload_string_as_file_body(
        json.dumps(monitor_config),
        desired_s3_uri=f"{output_uri}/monitor/analysis_config.json",
        sagemaker_session=session,
    )


def main() -> None:
    cases = json.load(sys.stdin)
    results: dict[str, Any] = {}
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the JSON document only
        import sagemaker

        # One boto3 session for every case: its loader reads each service model once.
        boto_session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        for name, case in cases.items():
            recorder, s3 = SageMakerRecorder(boto_session), S3Recorder()
            run_case(case, sdk_session(boto_session, recorder, s3))
            results[name] = {"calls": recorder.calls, "writes": s3.writes}
    _NO_DEFAULTS.cleanup()
    document = {"sdk_version": sagemaker.__version__, "network_attempts": NETWORK_ATTEMPTS, "cases": results}
    json.dump(document, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

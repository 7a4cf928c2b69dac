"""Checks that every training blueprint (training, tuning, Autopilot) passes for its job-starting custom resource.

`name` is the prefix of the job's ids: `{name}Job`, `{name}JobFunction`, `{name}JobExecution/Role`.
"""

from __future__ import annotations

from typing import Any

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from tests.infra.support import Synthesized

TRAINING_DATA_READ = {"Fn::Sub": "arn:${AWS::Partition}:s3:::${AssetsBucket}/${TrainingData}*"}


def assert_function_starts_once_from_the_blueprint_bucket(
    bp: Synthesized, name: str, package: BlueprintLambda, handler: str
) -> None:
    function = bp.resource(f"{name}JobFunction")["Properties"]
    assert function["Code"] == {"S3Bucket": {"Ref": "BlueprintBucket"}, "S3Key": package.key}
    assert (function["Handler"], function["Runtime"], function["Timeout"]) == (handler, "python3.14", 120)
    assert bp.only("AWS::Lambda::EventInvokeConfig")["Properties"]["MaximumRetryAttempts"] == 0


def assert_job_waits_for_both_policies(bp: Synthesized, name: str) -> None:
    """The function's policy (create, pass role, key) and SageMaker's, so the job never starts without them."""
    assert set(bp.resource(f"{name}Job")["DependsOn"]) >= {
        bp.logical_id(f"{name}JobFunctionPolicy"),
        bp.logical_id(f"{name}JobExecution/Policy"),
    }


def assert_passes_its_execution_role_to_sagemaker_only(
    bp: Synthesized, name: str, statements: dict[str, tuple[str | None, dict[str, Any]]]
) -> None:
    condition, passing = statements["PassExecutionRole"]
    assert condition is None
    assert passing["Resource"] == bp.get_att(f"{name}JobExecution/Role", "Arn")
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}
    condition, key = statements["GrantVolumeKey"]
    assert (condition, key["Resource"]) == ("KMSProvided", {"Ref": "KmsKeyArn"})
    assert (key["Action"], key["Condition"]) == ("kms:CreateGrant", {"Bool": {"kms:GrantIsForAWSResource": "true"}})
    condition, describe = statements["DescribeVolumeKey"]
    assert (condition, describe["Action"], "Condition" in describe) == ("KMSProvided", "kms:DescribeKey", False)


def assert_job_outputs(bp: Synthesized, name: str, *more: str) -> None:
    """The job's name and output location, the training data, and the blueprint's `more` outputs."""
    outputs = bp.json["Outputs"]
    assert set(outputs) == {f"{name}JobName", f"{name}JobOutputLocation", "TrainingDataLocation", *more}
    assert outputs[f"{name}JobName"]["Value"] == bp.get_att(f"{name}Job", "JobName")
    assert outputs[f"{name}JobOutputLocation"]["Value"] == bp.get_att(f"{name}Job", "OutputLocation")
    assert outputs["TrainingDataLocation"]["Value"] == {"Fn::Sub": "s3://${AssetsBucket}/${TrainingData}"}
    assert "Condition" not in outputs["TrainingDataLocation"]

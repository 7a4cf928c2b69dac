"""What every training blueprint stack (training, tuning, Autopilot) is made of: the role its job runs as,
the job started through the custom resource, and the outputs that locate the job and its data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.infrastructure.nag import acknowledge

from ..lambdas import BlueprintLambda
from ..workload_support import s3_arn
from .execution import JobExecution
from .job_function import start_job

READS_BELOW_PREFIX = "The job reads every object below the data prefix (S3Prefix and manifest data sources)."


@dataclass(frozen=True)
class TrainingJobKind:
    """`name` prefixes the ids of the job's resources and outputs (`{name}JobExecution`, `{name}JobName`)."""

    name: str
    package: BlueprintLambda
    handler: str
    resource_type: str
    log_group_prefixes: tuple[str, ...]
    output_description: str
    """What the job writes below its output location."""


def job_execution(
    scope: Construct,
    kind: TrainingJobKind,
    params: Mapping[str, cdk.CfnParameter],
    kms: cdk.CfnCondition,
    *,
    more_reads: Sequence[Any] = (),
    extra: Sequence[Any] = (),
    pass_to_own_jobs: bool = False,
) -> JobExecution:
    """The execution role; the job reads its training data and, per blueprint, `more_reads`."""
    execution = JobExecution(
        scope,
        f"{kind.name}JobExecution",
        kms_key=params["KmsKeyArn"],
        kms=kms,
        reads=[s3_arn("${AssetsBucket}/${TrainingData}*"), *more_reads],
        log_group_prefixes=kind.log_group_prefixes,
        extra=extra,
        pass_to_own_jobs=pass_to_own_jobs,
    )
    acknowledge(
        execution.policy,
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<AssetsBucket>/<TrainingData>*]",
        READS_BELOW_PREFIX,
    )
    return execution


def job_with_outputs(
    scope: Construct,
    kind: TrainingJobKind,
    params: Mapping[str, cdk.CfnParameter],
    kms: cdk.CfnCondition,
    execution: JobExecution,
    *,
    create_job: Any,
    properties: Mapping[str, Any],
) -> cdk.CustomResource:
    """`create_job`: the statement allowing exactly the job's create action on its ARN."""
    job = start_job(
        scope,
        f"{kind.name}Job",
        params=params,
        kms=kms,
        package=kind.package,
        handler=kind.handler,
        create_job=create_job,
        execution=execution,
        resource_type=kind.resource_type,
        properties=properties,
    )
    cdk.CfnOutput(scope, f"{kind.name}JobName", value=job.get_att_string("JobName"), description="The job's name")
    cdk.CfnOutput(
        scope,
        f"{kind.name}JobOutputLocation",
        value=job.get_att_string("OutputLocation"),
        description=kind.output_description,
    )
    cdk.CfnOutput(
        scope,
        "TrainingDataLocation",
        value=cdk.Fn.sub("s3://${AssetsBucket}/${TrainingData}"),
        description="The training data",
    )
    return job

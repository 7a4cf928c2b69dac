"""AutopilotJobStack: an Autopilot (AutoML V2) job started on every create and update of the stack."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.core.catalog import Blueprint
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..training_job.job_blueprint import TrainingJobKind, job_execution, job_with_outputs
from ..workload_support import if_condition, provided
from .grants import acknowledge_autopilot, autopilot_job_statements, create_autopilot_job
from .rules import autopilot_rules
from .runtime_package import AUTOPILOT_LAMBDA

JOB_RESOURCE_TYPE = "Custom::AutopilotJob"
AUTOPILOT = TrainingJobKind(
    name="Autopilot",
    package=AUTOPILOT_LAMBDA,
    handler=AUTOPILOT_LAMBDA.handler,
    resource_type=JOB_RESOURCE_TYPE,
    log_group_prefixes=("/aws/sagemaker/ProcessingJobs", "/aws/sagemaker/TrainingJobs", "/aws/sagemaker/TransformJobs"),
    output_description="Where the job writes its candidates, reports and models",
)


class AutopilotJobStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, blueprint: Blueprint, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-autopilot)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        problem_type = provided(self, "ProblemTypeProvided", params["ProblemType"])
        objective = provided(self, "JobObjectiveProvided", params["AutopilotJobObjective"])
        compression = provided(self, "CompressionTypeProvided", params["CompressionType"])
        kms = provided(self, "KMSProvided", params["KmsKeyArn"])

        execution = job_execution(self, AUTOPILOT, params, kms, extra=autopilot_job_statements(), pass_to_own_jobs=True)
        acknowledge_autopilot(execution.policy)
        job_with_outputs(
            self,
            AUTOPILOT,
            params,
            kms,
            execution,
            create_job=create_autopilot_job(),
            properties={
                "JobName": params["JobName"].value_as_string,
                "AssetsBucket": params["AssetsBucket"].value_as_string,
                "TrainingData": params["TrainingData"].value_as_string,
                "JobOutputLocation": params["JobOutputLocation"].value_as_string,
                "TargetAttribute": params["TargetAttribute"].value_as_string,
                "KmsKeyArn": if_condition(kms, params["KmsKeyArn"].value_as_string),
                "ProblemType": if_condition(problem_type, params["ProblemType"].value_as_string),
                "JobObjective": if_condition(objective, params["AutopilotJobObjective"].value_as_string),
                "CompressionType": if_condition(compression, params["CompressionType"].value_as_string),
                "MaxCandidates": params["AutopilotMaxCandidates"].value_as_string,
                "EncryptInterContainerTraffic": params["EncryptInnerTraffic"].value_as_string,
                "MaxRuntimePerJob": params["MaxRuntimePerJob"].value_as_string,
                "TotalJobRuntime": params["AutopilotTotalRuntime"].value_as_string,
                "GenerateCandidateDefinitionsOnly": params["GenerateDefinitionsOnly"].value_as_string,
            },
        )
        autopilot_rules(self, params)

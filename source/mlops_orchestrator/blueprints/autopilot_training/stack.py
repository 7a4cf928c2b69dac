"""AutopilotJobStack: an Autopilot (AutoML V2) job started on every create and update of the stack."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from constructs import Construct

from mlops_orchestrator.core.catalog import blueprints
from mlops_orchestrator.infrastructure.parameters import blueprint_parameters

from ..model_training.execution import JobExecution
from ..model_training.job_function import start_job
from ..registry_training import AUTOPILOT_LAMBDA
from ..sagemaker_model.conditions import if_condition, provided
from ..sagemaker_model.model import s3_arn
from .grants import acknowledge_autopilot, autopilot_job_statements, create_autopilot_job
from .rules import autopilot_rules

HANDLER = "mlops_orchestrator.blueprints.autopilot_training.runtime.handler.lambda_handler"
JOB_RESOURCE_TYPE = "Custom::AutopilotJob"
LOG_GROUP_PREFIXES = ("/aws/sagemaker/ProcessingJobs", "/aws/sagemaker/TrainingJobs", "/aws/sagemaker/TransformJobs")


class AutopilotJobStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        blueprint = blueprints.AUTOPILOT
        super().__init__(scope, construct_id, description=f"{blueprint.description} (mlops-autopilot)", **kwargs)
        params = blueprint_parameters(self, blueprint)
        problem_type = provided(self, "ProblemTypeProvided", params["ProblemType"])
        objective = provided(self, "JobObjectiveProvided", params["AutopilotJobObjective"])
        compression = provided(self, "CompressionTypeProvided", params["CompressionType"])
        kms = provided(self, "KMSProvided", params["KmsKeyArn"])

        execution = JobExecution(
            self,
            "AutopilotJobExecution",
            kms_key=params["KmsKeyArn"],
            kms=kms,
            reads=[s3_arn("${AssetsBucket}/${TrainingData}*")],
            log_group_prefixes=LOG_GROUP_PREFIXES,
            extra=autopilot_job_statements(),
            pass_to_own_jobs=True,
        )
        acknowledge_autopilot(execution.policy)
        job = start_job(
            self,
            "AutopilotJob",
            params=params,
            kms=kms,
            package=AUTOPILOT_LAMBDA,
            handler=HANDLER,
            create_job=create_autopilot_job(),
            execution_role=execution.role,
            execution_policy=execution.policy,
            resource_type=JOB_RESOURCE_TYPE,
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
        cdk.CfnOutput(self, "AutopilotJobName", value=job.get_att_string("JobName"), description="The job's name")
        cdk.CfnOutput(
            self,
            "AutopilotJobOutputLocation",
            value=job.get_att_string("OutputLocation"),
            description="Where the job writes its candidates, reports and models",
        )
        cdk.CfnOutput(
            self,
            "TrainingDataLocation",
            value=cdk.Fn.sub("s3://${AssetsBucket}/${TrainingData}"),
            description="The training data",
        )

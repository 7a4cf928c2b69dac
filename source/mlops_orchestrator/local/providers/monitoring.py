"""Model Monitor's job definitions and monitoring schedules, which moto's CloudFormation lacks.

The four job definition types are created through moto's SageMaker backend (its Describe and List calls
see them); schedules through local mode's stand-in API (`monitoring_api`), which serves
DescribeMonitoringSchedule and ListMonitoringSchedules.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from typing import Any

from moto.core.common_models import CloudFormationModel

from . import monitoring_api
from .base import LocalProvider, Where


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class _JobDefinition(LocalProvider):
    kind: str
    """moto's method suffix: `data_quality` for create_data_quality_job_definition."""
    provider = "sagemaker"
    attributes = ("JobDefinitionName", "JobDefinitionArn")

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        from moto.sagemaker.models import sagemaker_backends

        backend = sagemaker_backends[where.account_id][where.region]
        method = getattr(backend, f"create_{cls.kind}_job_definition")
        accepted = set(inspect.signature(method).parameters)
        # CloudFormation generates a name when none is given; job definition names are at most 63 characters.
        name = props.get("JobDefinitionName") or re.sub(r"[^A-Za-z0-9-]", "-", where.generated_name)[-63:].strip("-")
        arguments: dict[str, Any] = dict.fromkeys(accepted)  # moto requires some optional ones positionally
        arguments.update({_snake(key): value for key, value in props.items() if _snake(key) in accepted})
        arguments.update(job_definition_name=name, tags=props.get("Tags") or [])
        if "account_id" in accepted:
            arguments["account_id"] = where.account_id
        created = method(**arguments)  # moto answers the ARN itself, or CreateXJobDefinition's response
        arn = str(created["JobDefinitionArn"] if isinstance(created, dict) else created)
        return cls(arn, where=where, values={"JobDefinitionName": name, "JobDefinitionArn": arn})

    def remove(self) -> None:
        from moto.sagemaker.models import sagemaker_backends

        assert self.where is not None
        backend = sagemaker_backends[self.where.account_id][self.where.region]
        with contextlib.suppress(Exception):  # already deleted
            getattr(backend, f"delete_{self.kind}_job_definition")(self.values["JobDefinitionName"])


class DataQualityJobDefinition(_JobDefinition, CloudFormationModel):
    resource_type = "AWS::SageMaker::DataQualityJobDefinition"
    kind = "data_quality"
    creates = "the job definition (CreateDataQualityJobDefinition)"


class ModelQualityJobDefinition(_JobDefinition, CloudFormationModel):
    resource_type = "AWS::SageMaker::ModelQualityJobDefinition"
    kind = "model_quality"
    creates = "the job definition (CreateModelQualityJobDefinition)"


class ModelBiasJobDefinition(_JobDefinition, CloudFormationModel):
    resource_type = "AWS::SageMaker::ModelBiasJobDefinition"
    kind = "model_bias"
    creates = "the job definition (CreateModelBiasJobDefinition)"


class ModelExplainabilityJobDefinition(_JobDefinition, CloudFormationModel):
    resource_type = "AWS::SageMaker::ModelExplainabilityJobDefinition"
    kind = "model_explainability"
    creates = "the job definition (CreateModelExplainabilityJobDefinition)"


class MonitoringSchedule(LocalProvider, CloudFormationModel):
    resource_type = "AWS::SageMaker::MonitoringSchedule"
    provider = "sagemaker-monitoring"
    creates = "the schedule, in local mode's stand-in API (DescribeMonitoringSchedule sees it)"
    attributes = ("MonitoringScheduleArn", "MonitoringScheduleName")

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        name = props["MonitoringScheduleName"]
        arn = monitoring_api.create(
            where.account_id, where.region, name, props.get("MonitoringScheduleConfig") or {}, props.get("Tags")
        )
        return cls(arn, where=where, values={"MonitoringScheduleArn": arn, "MonitoringScheduleName": name})

    def remove(self) -> None:
        assert self.where is not None
        with contextlib.suppress(Exception):  # already deleted
            monitoring_api.delete(self.where.account_id, self.where.region, self.values["MonitoringScheduleName"])

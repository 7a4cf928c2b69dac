"""A stand-in for SageMaker's monitoring schedules, which moto does not have.

Schedules are kept here, per account and region, and served through moto's own SageMaker request handler:
CreateMonitoringSchedule, DescribeMonitoringSchedule, ListMonitoringSchedules and DeleteMonitoringSchedule
answer as SageMaker does (a schedule is `Scheduled` at once; its runs are not simulated). The CloudFormation
provider of `AWS::SageMaker::MonitoringSchedule` (see `monitoring`) creates schedules through `create`.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from moto.sagemaker.exceptions import ResourceInUseException, ResourceNotFound, ValidationError
from moto.sagemaker.responses import SageMakerResponse

from ..moto_patches import MotoPatches

_lock = threading.Lock()
_schedules: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}


def create(account_id: str, region: str, name: str, config: dict[str, Any], tags: list[Any] | None = None) -> str:
    """Store a schedule; its ARN."""
    if not name or not config:
        raise ValidationError(message="MonitoringScheduleName and MonitoringScheduleConfig are required")
    arn = f"arn:aws:sagemaker:{region}:{account_id}:monitoring-schedule/{name.lower()}"
    now = time.time()
    record = {
        "MonitoringScheduleArn": arn,
        "MonitoringScheduleName": name,
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringType": config.get("MonitoringType", "DataQuality"),
        "CreationTime": now,
        "LastModifiedTime": now,
        "MonitoringScheduleConfig": config,
        "Tags": list(tags or []),
    }
    endpoint = _endpoint_of(account_id, region, config)
    if endpoint:
        record["EndpointName"] = endpoint
    with _lock:
        existing = _schedules.setdefault((account_id, region), {})
        if name in existing:
            raise ResourceInUseException(f"Monitoring schedule {name} already exists")
        existing[name] = record
    return arn


def describe(account_id: str, region: str, name: str) -> dict[str, Any]:
    with _lock:
        record = _schedules.get((account_id, region), {}).get(name)
    if record is None:
        raise ResourceNotFound(f"Could not find monitoring schedule {name}")
    return {key: value for key, value in record.items() if key != "Tags"}


def delete(account_id: str, region: str, name: str) -> None:
    with _lock:
        if _schedules.get((account_id, region), {}).pop(name, None) is None:
            raise ResourceNotFound(f"Could not find monitoring schedule {name}")


def listed(account_id: str, region: str, endpoint: str | None = None) -> list[dict[str, Any]]:
    with _lock:
        records = list(_schedules.get((account_id, region), {}).values())
    keys = ("MonitoringScheduleArn", "MonitoringScheduleName", "MonitoringScheduleStatus", "MonitoringType")
    summaries = [
        {
            **{key: record[key] for key in keys},
            "CreationTime": record["CreationTime"],
            "LastModifiedTime": record["LastModifiedTime"],
            **({"EndpointName": record["EndpointName"]} if "EndpointName" in record else {}),
        }
        for record in records
        if endpoint is None or record.get("EndpointName") == endpoint
    ]
    return sorted(summaries, key=lambda summary: summary["CreationTime"], reverse=True)


def _endpoint_of(account_id: str, region: str, config: dict[str, Any]) -> str | None:
    """The endpoint a schedule watches: from its inline job definition, or the named job definition's input."""
    inline = (config.get("MonitoringJobDefinition") or {}).get("MonitoringInputs") or []
    for item in inline:
        if (item.get("EndpointInput") or {}).get("EndpointName"):
            return str(item["EndpointInput"]["EndpointName"])
    name = config.get("MonitoringJobDefinitionName")
    if not name:
        return None
    from moto.sagemaker.models import sagemaker_backends

    backend = sagemaker_backends[account_id][region]
    for store in (
        "data_quality_job_definitions",
        "model_quality_job_definitions",
        "model_bias_job_definitions",
        "model_explainability_job_definitions",
    ):
        definition = getattr(backend, store, {}).get(name)
        if definition is not None:
            for attribute, value in vars(definition).items():
                if attribute.endswith("job_input") and isinstance(value, dict):
                    endpoint = (value.get("EndpointInput") or {}).get("EndpointName")
                    if endpoint:
                        return str(endpoint)
    return None


# -- SageMaker's API, through moto's request handler ------------------------------------------------


def _create(self: SageMakerResponse) -> str:
    arn = create(
        self.current_account,
        self.region,
        self._get_param("MonitoringScheduleName"),
        self._get_param("MonitoringScheduleConfig") or {},
        self._get_param("Tags"),
    )
    return json.dumps({"MonitoringScheduleArn": arn})


def _describe(self: SageMakerResponse) -> str:
    return json.dumps(describe(self.current_account, self.region, self._get_param("MonitoringScheduleName")))


def _list(self: SageMakerResponse) -> str:
    return json.dumps(
        {"MonitoringScheduleSummaries": listed(self.current_account, self.region, self._get_param("EndpointName"))}
    )


def _delete(self: SageMakerResponse) -> str:
    delete(self.current_account, self.region, self._get_param("MonitoringScheduleName"))
    return "{}"


_PATCHES = MotoPatches()
for _name, _operation in {
    "create_monitoring_schedule": _create,
    "describe_monitoring_schedule": _describe,
    "list_monitoring_schedules": _list,
    "delete_monitoring_schedule": _delete,
}.items():
    _PATCHES.replace(SageMakerResponse, _name, _operation)


def install() -> None:
    _PATCHES.install()


def uninstall() -> None:
    _PATCHES.uninstall()
    with _lock:
        _schedules.clear()

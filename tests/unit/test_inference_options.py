"""The optional real-time and batch keys beyond the original: validated, appended in order, omitted when absent."""

from __future__ import annotations

from typing import Any

import pytest

from mlops_orchestrator.core.catalog import PIPELINE_TYPES
from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.support import CountingSuffix, example, make_settings

ORIGINAL_REALTIME = [
    "AssetsBucket",
    "KmsKeyArn",
    "BlueprintBucket",
    "ModelName",
    "ModelArtifactLocation",
    "InferenceInstance",
    "CustomAlgorithmsECRRepoArn",
    "ImageUri",
    "ModelPackageGroupName",
    "ModelPackageName",
    "DataCaptureLocation",
    "EndpointName",
]


def parameters(body: dict[str, Any], **mode: bool) -> list[list[tuple[str, str]]]:
    settings = make_settings(**mode)
    plan = plan_request(validate_request(body, settings), settings, CountingSuffix())
    return [list(stage.parameters) for stage in plan.stages]


def problems(body: dict[str, Any], **mode: bool) -> dict[str, str]:
    with pytest.raises(RequestValidationError) as raised:
        validate_request(body, make_settings(**mode))
    return {problem.field: problem.message for problem in raised.value.problems}


@pytest.mark.parametrize("pipeline_type", ["byom_realtime_builtin", "byom_realtime_custom"])
def test_without_options_the_params_file_is_the_originals(pipeline_type: str) -> None:
    [stage] = parameters(example(pipeline_type))
    assert [name for name, _ in stage] == ORIGINAL_REALTIME


def test_every_realtime_option_is_appended_in_the_blueprints_order() -> None:
    body = {
        **example("byom_realtime_builtin"),
        "initial_instance_count": "2",
        "autoscaling": {"max_capacity": 6, "target_invocations_per_instance": 300},
        "data_capture_sampling_percentage": 0,
        "deployment_config": {"traffic_routing": "CANARY", "step_size": 25, "rollback_alarm_name": " latency-p99 "},
    }
    [stage] = parameters(body)
    assert stage[:12] == parameters(example("byom_realtime_builtin"))[0]
    assert stage[12:] == [
        ("InitialInstanceCount", "2"),
        ("DataCaptureSamplingPercentage", "0"),
        ("AutoscalingMinCapacity", "1"),
        ("AutoscalingMaxCapacity", "6"),
        ("AutoscalingTargetInvocations", "300"),
        ("DeploymentStrategy", "CANARY"),
        ("TrafficShiftSizeType", "CAPACITY_PERCENT"),
        ("TrafficShiftSize", "25"),
        ("TrafficShiftWaitSeconds", "300"),
        ("TerminationWaitSeconds", "0"),
        ("RollbackAlarmName", "latency-p99"),
    ]
    # The permissions boundary is supplied by the single-account pipeline, never by the plan.
    blueprint = PIPELINE_TYPES["byom_realtime_builtin"].blueprint
    declared = [param.name for param in blueprint.parameters if param.name != "PermissionsBoundaryArn"]
    names = [name for name, _ in stage]
    assert (sorted(names), names[12:]) == (sorted(declared), declared[12:])


def test_only_the_options_given_are_passed() -> None:
    [stage] = parameters({**example("byom_realtime_custom"), "data_capture_sampling_percentage": 50})
    assert stage[12:] == [("DataCaptureSamplingPercentage", "50")]
    [stage] = parameters({**example("byom_realtime_custom"), "deployment_config": {"traffic_routing": "ALL_AT_ONCE"}})
    assert dict(stage)["RollbackAlarmName"] == ""


def test_the_instance_count_may_differ_per_stage() -> None:
    body = {**example("byom_realtime_builtin"), "initial_instance_count": {"dev": 1, "staging": 1, "prod": 3}}
    counts = [dict(stage)["InitialInstanceCount"] for stage in parameters(body, multi_account=True)]
    assert counts == ["1", "1", "3"]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"initial_instance_count": 0}, "initial_instance_count", "greater than or equal to 1"),
        ({"initial_instance_count": True}, "initial_instance_count", "not a boolean"),
        ({"data_capture_sampling_percentage": 101}, "data_capture_sampling_percentage", "less than or equal to 100"),
        ({"autoscaling": 4}, "autoscaling", "valid dictionary"),
        ({"autoscaling": {"max_capacity": 2}}, "autoscaling.target_invocations_per_instance", "is required"),
        (
            {"autoscaling": {"min_capacity": 3, "max_capacity": 2, "target_invocations_per_instance": 5}},
            "autoscaling",
            "min_capacity must not be greater than max_capacity",
        ),
        (
            {"autoscaling": {"max": 2, "max_capacity": 2, "target_invocations_per_instance": 5}},
            "autoscaling",
            "has unknown keys: max; allowed: min_capacity, max_capacity, target_invocations_per_instance",
        ),
        ({"deployment_config": {}}, "deployment_config.traffic_routing", "is required"),
        (
            {"deployment_config": {"traffic_routing": "BLUE"}},
            "deployment_config.traffic_routing",
            "ALL_AT_ONCE, CANARY, LINEAR",
        ),
        (
            {"deployment_config": {"traffic_routing": "LINEAR", "wait_seconds": 3601}},
            "deployment_config.wait_seconds",
            "less than or equal to 3600",
        ),
        (
            {"deployment_config": {"traffic_routing": "LINEAR", "rollback_alarm_name": "a" * 256}},
            "deployment_config.rollback_alarm_name",
            "at most 255 characters",
        ),
    ],
)
def test_invalid_options_are_refused_with_their_field(extra: dict[str, Any], field: str, message: str) -> None:
    found = problems({**example("byom_realtime_builtin"), **extra})
    assert message in found[field]


def test_per_stage_counts_need_a_multi_account_orchestrator() -> None:
    found = problems(
        {**example("byom_realtime_builtin"), "initial_instance_count": {"dev": 1, "staging": 1, "prod": 1}}
    )
    assert "multi-account" in found["initial_instance_count"]


def test_realtime_options_are_not_batch_keys() -> None:
    settings = make_settings()
    validated = validate_request({**example("byom_batch_builtin"), "autoscaling": {"max_capacity": 2}}, settings)
    assert [warning.field for warning in validated.warnings] == ["autoscaling"]


def test_batch_options_are_appended_only_when_given() -> None:
    [plain] = parameters(example("byom_batch_custom"))
    assert len(plain) == 13
    [stage] = parameters({**example("byom_batch_custom"), "instance_count": 2, "content_type": "application/jsonlines"})
    assert stage[:13] == plain
    assert stage[13:] == [("JobInstanceCount", "2"), ("BatchContentType", "application/jsonlines")]
    found = problems({**example("byom_batch_custom"), "instance_count": 101, "content_type": "text/plain"})
    assert set(found) == {"instance_count", "content_type"}

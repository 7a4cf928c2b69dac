"""Real-time endpoint options beyond the original: instance count, autoscaling, capture sampling, guardrails.

Each is optional. When a request leaves one out, its template parameters are left out of the params file
and the blueprint's defaults (the original's endpoint) apply, so existing requests plan exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..fields import InstanceCount, _no_bool, api_choice
from ..stages import PerStage, staged
from .option_object import OptionObject
from .option_parameters import DEPLOYMENT_STRATEGY, TRAFFIC_SHIFT_SIZE_TYPE


def _whole(low: int, high: int) -> object:
    """A whole number from `low` to `high`; numeric strings are accepted, booleans are not."""
    return Annotated[
        int,
        BeforeValidator(_no_bool),
        Field(ge=low, le=high),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "integer", "minimum": low, "maximum": high},
                    {
                        "type": "string",
                        "pattern": r"^\s*\d+\s*$",
                        "description": f"a whole number from {low} to {high}",
                    },
                ]
            }
        ),
    ]


# CloudWatch's limit for alarm names; printable characters only.
AlarmName = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f]+$")]


if TYPE_CHECKING:
    TrafficRouting = str
    StepType = str
    StagedInstanceCount = int | PerStage[int]
    Capacity = int
    Invocations = int
    Percentage = int
    StepSize = int
    WaitSeconds = int
else:
    TrafficRouting = api_choice(
        "TrafficRoutingConfigType", "a traffic routing SageMaker offers", DEPLOYMENT_STRATEGY.allowed_values
    )
    StepType = api_choice("CapacitySizeType", "a capacity size type", TRAFFIC_SHIFT_SIZE_TYPE.allowed_values)
    StagedInstanceCount = staged(InstanceCount, "InstanceCount")
    Capacity = _whole(1, 100)
    Invocations = _whole(1, 1000000)
    Percentage = _whole(0, 100)
    StepSize = _whole(1, 100)
    WaitSeconds = _whole(0, 3600)


class Autoscaling(OptionObject):
    """Target tracking on SageMakerVariantInvocationsPerInstance for the endpoint's AllTraffic variant."""

    min_capacity: Capacity = Field(1, description="Fewest instances.")
    max_capacity: Capacity = Field(description="Most instances.")
    target_invocations_per_instance: Invocations = Field(
        description="Invocations per instance per minute that autoscaling keeps the endpoint at."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Autoscaling:
        if self.min_capacity > self.max_capacity:
            raise PydanticCustomError("capacity_order", "min_capacity must not be greater than max_capacity")
        return self


class DeploymentConfig(OptionObject):
    """Blue/green endpoint updates with traffic shifting, rolled back automatically when an alarm fires."""

    traffic_routing: TrafficRouting = Field(
        description="Shift all traffic at once, a canary first, or in linear steps."
    )
    step_type: StepType = Field("CAPACITY_PERCENT", description="Unit of step_size.")
    step_size: StepSize = Field(10, description="Size of the canary, or of each linear step (CANARY and LINEAR).")
    wait_seconds: WaitSeconds = Field(300, description="Seconds to watch the alarms after each traffic shift.")
    termination_wait_seconds: WaitSeconds = Field(
        0, description="Seconds the old fleet is kept once all traffic moved."
    )
    rollback_alarm_name: AlarmName | None = Field(
        None,
        description="An existing CloudWatch alarm that also rolls back (the blueprint adds one on 5xx errors).",
    )


OPTIONAL_KEYS: tuple[str, ...] = (
    "initial_instance_count",
    "autoscaling",
    "data_capture_sampling_percentage",
    "deployment_config",
)

"""Stack updates and CloudFormation's rollbacks for the simulated deploy action (moto never rolls back).

- **Update**: every resource is created again from the new template and parameters, in dependency order.
  moto's own update diffs resources and applies the changes in no particular order, so an endpoint could be
  updated to an endpoint configuration that the same update then deleted; replacing everything is slower in
  principle but exact, and local stacks are small.

- **Failed creation**: the resources created so far are deleted, the failing resource gets a CREATE_FAILED
  event with AWS's reason, and the stack ends in ROLLBACK_COMPLETE with no resources and no outputs.
- **Failed update**: the stack's previous template, parameters and resources come back and it ends in
  UPDATE_ROLLBACK_COMPLETE. If the previous resources cannot be created again, UPDATE_ROLLBACK_FAILED.

A rolled-back stack keeps nothing that moto would create later: moto's resource map creates a resource the
first time it is read, so a resource that failed would be created, and fail, again on every DescribeStacks,
DescribeStackResources and DeleteStack (which answered 500, and made the first deprovision fail).

`ROLLBACK_FAULTS` lets a test make the rollback of a stack's next failed update fail, the one way into
UPDATE_ROLLBACK_FAILED that does not depend on timing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from moto.cloudformation import parsing
from moto.cloudformation.models import Event

log = logging.getLogger(__name__)

ROLLBACK_FAULTS: set[str] = set()
"""Stack names whose next update rollback fails (tests only); each entry is used once."""

_STACK_TYPE = "AWS::CloudFormation::Stack"


@dataclass
class FailedResource:
    """The first resource whose creation or update raised, as CloudFormation's events would name it."""

    logical_id: str
    resource_type: str
    reason: str


@dataclass
class _Recorder:
    first: FailedResource | None = None
    depth: int = field(default=0)


@contextlib.contextmanager
def first_failed_resource() -> Iterator[_Recorder]:
    """Record the innermost resource whose creation or update raised while the block runs.

    moto creates a resource's dependencies on demand, from inside the dependent's creation, so the exception
    surfaces at the dependent; the innermost failing call is the resource CloudFormation would blame.
    """
    recorder = _Recorder()
    originals = {name: getattr(parsing, name) for name in ("parse_and_create_resource", "parse_and_update_resource")}

    def recording(original: Any) -> Any:
        def call(logical_id: str, resource_json: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            try:
                return original(logical_id, resource_json, *args, **kwargs)
            except Exception as error:
                if recorder.first is None:
                    recorder.first = FailedResource(logical_id, str(resource_json.get("Type", "")), reason_of(error))
                raise

        return call

    for name, original in originals.items():
        setattr(parsing, name, recording(original))
    try:
        yield recorder
    finally:
        for name, original in originals.items():
            setattr(parsing, name, original)


@dataclass(frozen=True)
class Previous:
    """What an update replaces, to bring it back."""

    template: Any
    parameters: dict[str, Any]
    tags: dict[str, str]
    role_arn: str | None

    @classmethod
    def of(cls, stack: Any) -> Previous:
        return cls(stack.template, dict(stack.parameters), dict(stack.tags), stack.role_arn)


def update(
    stack: Any, template: str, parameters: dict[str, str], tags: dict[str, str] | None, role: str | None
) -> None:
    """Update `stack` to `template` and `parameters`; raises what the failing resource raised (see `roll_back_update`)."""
    _stack_event(stack, "UPDATE_IN_PROGRESS", "User Initiated")
    _delete_created(stack)
    stack.template, stack.parameters, stack.role_arn = template, dict(parameters), role
    if tags is not None:
        stack.tags = dict(tags)
    stack._parse_template()
    _build(stack)
    _stack_event(stack, "UPDATE_COMPLETE")
    stack.status = "UPDATE_COMPLETE"


def roll_back_creation(stack: Any, failed: FailedResource) -> None:
    _event(stack, failed, "CREATE_FAILED")
    _stack_event(stack, "ROLLBACK_IN_PROGRESS", f"The following resource(s) failed to create: [{failed.logical_id}].")
    _delete_created(stack)
    _forget_resources(stack)
    _stack_event(stack, "ROLLBACK_COMPLETE")
    stack.status = "ROLLBACK_COMPLETE"


def roll_back_update(stack: Any, previous: Previous, failed: FailedResource) -> None:
    _event(stack, failed, "UPDATE_FAILED")
    _stack_event(
        stack, "UPDATE_ROLLBACK_IN_PROGRESS", f"The following resource(s) failed to update: [{failed.logical_id}]."
    )
    _delete_created(stack)
    stack.template, stack.parameters, stack.tags, stack.role_arn = (
        previous.template,
        dict(previous.parameters),
        dict(previous.tags),
        previous.role_arn,
    )
    stack._parse_template()
    failure = _rebuild(stack)
    if failure is not None:
        _event(stack, failure, "UPDATE_FAILED")
        _forget_unbuilt(stack)
        _stack_event(stack, "UPDATE_ROLLBACK_FAILED", failure.reason)
        stack.status = "UPDATE_ROLLBACK_FAILED"
        return
    _stack_event(stack, "UPDATE_ROLLBACK_COMPLETE")
    stack.status = "UPDATE_ROLLBACK_COMPLETE"


def _rebuild(stack: Any) -> FailedResource | None:
    """Create the previous resources again; the resource that could not be created, if one could not."""
    if stack.name in ROLLBACK_FAULTS:
        ROLLBACK_FAULTS.discard(stack.name)
        return FailedResource(stack.name, _STACK_TYPE, "Injected: the previous resources could not be created again")
    with first_failed_resource() as recorder:
        try:
            _build(stack)
        except Exception as error:
            return recorder.first or FailedResource(stack.name, _STACK_TYPE, reason_of(error))
    return None


def reason_of(error: BaseException) -> str:
    """AWS's message of a moto exception (its `message` or `description`), else the exception's text."""
    return str(getattr(error, "message", None) or getattr(error, "description", None) or error)


# -- helpers --------------------------------------------------------------------------------------


def _build(stack: Any) -> None:
    stack.resource_map = stack._create_resource_map()
    stack.resource_map.create(stack.template_dict)
    stack.output_map = stack._create_output_map()


def _delete_created(stack: Any) -> None:
    """Delete what exists; a resource that refuses is left, as CloudFormation would leave it (and logged)."""
    try:
        stack.resource_map.delete()
    except Exception:
        log.debug("rollback of %s left resources behind", stack.name, exc_info=True)


def _forget_resources(stack: Any) -> None:
    stack.resource_map._resource_json_map = {}
    stack.output_map = parsing.OutputMap(stack.resource_map, {"Outputs": {}}, stack.stack_id)


def _forget_unbuilt(stack: Any) -> None:
    """Keep the resources that exist; drop the ones that were never created, so that no read creates them."""
    built = stack.resource_map._parsed_resources
    stack.resource_map._resource_json_map = {
        logical_id: declared
        for logical_id, declared in stack.resource_map._resource_json_map.items()
        if logical_id in built
    }
    stack.output_map = parsing.OutputMap(stack.resource_map, {"Outputs": {}}, stack.stack_id)


def _event(stack: Any, failed: FailedResource, status: str) -> None:
    stack.events.append(
        Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=failed.logical_id,
            physical_resource_id="",
            resource_type=failed.resource_type,
            resource_status=status,
            resource_status_reason=failed.reason,
            resource_properties=None,
        )
    )


def _stack_event(stack: Any, status: str, reason: str | None = None) -> None:
    stack._add_stack_event(status, resource_status_reason=reason)

"""`Custom::*` resources: the blueprint's own Lambda handler, run in-process with CloudFormation's protocol.

For Create, Update and Delete, the provider sends the function named by `ServiceToken` the request
CloudFormation would send (request type, properties, old properties, physical id, a `ResponseURL`), runs
it (see `local.lambda_runner`), and reads the answer the handler PUT to that URL (see `responses`):

- SUCCESS: the answer's physical id and `Data` become the resource's physical id and `Fn::GetAtt` values;
  an Update that returns a new physical id is followed by a Delete of the old one, as CloudFormation's
  cleanup does;
- FAILED, no answer at all, or a handler that raised: the resource fails with the handler's reason, and
  so does the stack (the reason is recorded as the resource's `*_FAILED` event, where status reports read it).

The function is looked up when the resource is created and remembered: CloudFormation deletes a custom
resource before the function it depends on, but moto deletes a stack's resources in no particular order.

moto's own custom-resource model cannot be used: it runs the function in Docker, asynchronously, and only
for Create.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from moto.cloudformation.exceptions import CloudFormationError, UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel

from .. import lambda_runner as lambdas
from . import responses
from .base import LocalProvider, properties

log = logging.getLogger(__name__)

CUSTOM_PREFIX = "Custom::"


class CustomResourceFailed(CloudFormationError):
    """A custom resource's handler reported failure: an AWS error (a 400 through the API), never a 500."""

    code = "CustomResourceFailed"

    def __init__(self, logical_id: str, request_type: str, reason: str) -> None:
        super().__init__(
            f"{logical_id}: {request_type} failed: Received response status [FAILED] from custom resource. "
            f"Message returned: {reason}"
        )


class CustomResource(LocalProvider, CloudFormationModel):
    resource_type = "Custom::*"
    provider = "custom-resource"
    creates = "the blueprint's Lambda handler, run in-process with CloudFormation's custom-resource protocol"

    def __init__(
        self,
        physical_id: str,
        data: dict[str, Any],
        *,
        function: lambdas.Function,
        account_id: str,
        region: str,
        stack_id: str,
        logical_id: str,
        type_name: str,
        resource_properties: dict[str, Any],
    ) -> None:
        super().__init__(physical_id, data)
        self.function = function
        self.account_id = account_id
        self.region = region
        self.stack_id = stack_id
        self.logical_id = logical_id
        self.type_name = type_name
        self.resource_properties = resource_properties

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True  # a custom resource's attributes are whatever its handler answers

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name in self.values:
            return self.values[attribute_name]
        raise UnformattedGetAttTemplateException()

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> CustomResource:
        wanted = as_sent(properties(cloudformation_json))
        stack_id, logical_id, type_name = kwargs["StackId"], kwargs["LogicalId"], kwargs["ResourceType"]
        request = _request("Create", stack_id, logical_id, type_name, wanted)
        function = _function(account_id, region_name, request)
        physical_id, data = _send(account_id, region_name, function, request)
        return cls(
            physical_id,
            data,
            function=function,
            account_id=account_id,
            region=region_name,
            stack_id=stack_id,
            logical_id=logical_id,
            type_name=type_name,
            resource_properties=wanted,
        )

    @classmethod
    def update_from_cloudformation_json(  # type: ignore[override]
        cls,
        original_resource: CustomResource,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> CustomResource:
        old = original_resource
        wanted = as_sent(properties(cloudformation_json))
        request = _request("Update", old.stack_id, old.logical_id, old.type_name, wanted)
        request["PhysicalResourceId"] = old.physical_id
        request["OldResourceProperties"] = old.resource_properties
        function = _function(account_id, region_name, request)
        physical_id, data = _send(account_id, region_name, function, request)
        if physical_id != old.physical_id:
            try:  # CloudFormation's cleanup phase: a failure there does not fail the update
                old.delete(account_id, region_name)
            except CustomResourceFailed as error:
                log.warning("cleanup of the replaced %s failed: %s", old.logical_id, error.message)
        return cls(
            physical_id,
            data,
            function=function,
            account_id=account_id,
            region=region_name,
            stack_id=old.stack_id,
            logical_id=old.logical_id,
            type_name=old.type_name,
            resource_properties=wanted,
        )

    def delete(self, account_id: str, region_name: str) -> None:
        request = _request("Delete", self.stack_id, self.logical_id, self.type_name, self.resource_properties)
        request["PhysicalResourceId"] = self.physical_id
        _send(account_id, region_name, self.function, request)


def as_sent(value: Any) -> Any:
    """Properties as CloudFormation sends them to a custom resource: every scalar a string."""
    if isinstance(value, dict):
        return {key: as_sent(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_sent(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def _request(
    request_type: str, stack_id: str, logical_id: str, type_name: str, resource_properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "RequestType": request_type,
        "ServiceToken": resource_properties.get("ServiceToken", ""),
        "StackId": stack_id,
        "RequestId": str(uuid.uuid4()),
        "LogicalResourceId": logical_id,
        "ResourceType": type_name,
        "ResourceProperties": resource_properties,
    }


def _function(account_id: str, region: str, request: dict[str, Any]) -> lambdas.Function:
    try:
        return lambdas.function(account_id, region, str(request["ServiceToken"]))
    except lambdas.FunctionError as error:
        _record_failure(account_id, region, request, str(error))
        raise CustomResourceFailed(request["LogicalResourceId"], request["RequestType"], str(error)) from error


def _send(
    account_id: str, region: str, function: lambdas.Function, request: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """Run the handler for `request`; (physical id, data) of a SUCCESS, else `CustomResourceFailed`."""
    receiver = responses.receiver()
    token, request["ResponseURL"] = receiver.new_url()
    logical_id, request_type = request["LogicalResourceId"], request["RequestType"]
    try:
        lambdas.run(function, request)
        answer = receiver.take(token)
    except Exception as error:  # the function could not run, or raised before answering
        log.debug("custom resource %s: the handler raised", logical_id, exc_info=True)
        answer = receiver.take(token) or {"Status": "FAILED", "Reason": f"{type(error).__name__}: {error}"}
    if answer is None:
        answer = {"Status": "FAILED", "Reason": "The function returned without answering CloudFormation."}
    if answer.get("Status") != "SUCCESS":
        reason = str(answer.get("Reason") or "See the function's logs.")
        _record_failure(account_id, region, request, reason)
        raise CustomResourceFailed(logical_id, request_type, reason)
    physical_id = str(answer.get("PhysicalResourceId") or request.get("PhysicalResourceId") or request["RequestId"])
    data = answer.get("Data") or {}
    return physical_id, dict(data) if isinstance(data, dict) else {}


def _record_failure(account_id: str, region: str, request: dict[str, Any], reason: str) -> None:
    """The resource's `*_FAILED` event, which DescribeStackEvents shows as on AWS."""
    from moto.cloudformation.models import Event, cloudformation_backends

    try:
        stack = cloudformation_backends[account_id][region].get_stack(request["StackId"])
    except Exception:
        return
    stack.events.append(
        Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=request["LogicalResourceId"],
            physical_resource_id=request.get("PhysicalResourceId") or "",
            resource_type=request["ResourceType"],
            resource_status=f"{request['RequestType'].upper()}_FAILED",
            resource_status_reason=reason,
            resource_properties=None,
        )
    )

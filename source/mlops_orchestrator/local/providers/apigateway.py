"""The API Gateway parts moto's CloudFormation lacks: account settings, models, request validators, stages.

Each is created through moto's API Gateway backend, so GetAccount, GetModels, GetRequestValidators and
GetStages see it. The REST API, its resources, methods and deployment are moto's own.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from moto.core.common_models import CloudFormationModel

from .base import LocalProvider, Where


def _backend(where: Where) -> Any:
    from moto.apigateway.models import apigateway_backends

    return apigateway_backends[where.account_id][where.region]


class ApiGatewayAccount(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApiGateway::Account"
    provider = "apigateway"
    creates = "the account's CloudWatch role setting (UpdateAccount)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        role = props.get("CloudWatchRoleArn")
        if role:
            _backend(where).update_account([{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
        return cls(where.account_id, where=where)

    # Removing the resource leaves the account setting, as CloudFormation does.


class ApiGatewayModel(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApiGateway::Model"
    provider = "apigateway"
    creates = "a request model of the REST API (CreateModel)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        # CloudFormation names an unnamed model itself; model names are alphanumeric.
        name = props.get("Name") or re.sub(r"[^A-Za-z0-9]", "", f"{where.logical_id}{where.generated_name[-12:]}")
        schema = props.get("Schema")
        _backend(where).create_model(
            rest_api_id=props["RestApiId"],
            name=name,
            content_type=props.get("ContentType", "application/json"),
            description=props.get("Description"),
            schema=json.dumps(schema) if isinstance(schema, dict) else schema,
        )
        return cls(name, where=where, values={"RestApiId": props["RestApiId"]})

    def remove(self) -> None:
        assert self.where is not None
        rest_api = _backend(self.where).apis.get(self.values["RestApiId"])
        if rest_api is not None:
            rest_api.models.pop(self.physical_id, None)


class ApiGatewayRequestValidator(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApiGateway::RequestValidator"
    provider = "apigateway"
    creates = "a request validator of the REST API (CreateRequestValidator)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        validator = _backend(where).create_request_validator(
            restapi_id=props["RestApiId"],
            name=props.get("Name") or where.generated_name,
            body=bool(props.get("ValidateRequestBody", False)),
            params=bool(props.get("ValidateRequestParameters", False)),
        )
        return cls(validator.id, where=where, values={"RestApiId": props["RestApiId"]})

    def remove(self) -> None:
        assert self.where is not None
        with contextlib.suppress(Exception):  # already gone with its API
            _backend(self.where).delete_request_validator(self.values["RestApiId"], self.physical_id)


class ApiGatewayStage(LocalProvider, CloudFormationModel):
    resource_type = "AWS::ApiGateway::Stage"
    provider = "apigateway"
    creates = "a stage of the REST API's deployment (CreateStage); local mode serves it (see `inference_api`)"

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        api_id, name = props["RestApiId"], props.get("StageName") or where.generated_name
        tags = {tag["Key"]: tag["Value"] for tag in props.get("Tags") or []}
        _backend(where).create_stage(
            function_id=api_id,
            stage_name=name,
            deploymentId=props["DeploymentId"],
            variables=props.get("Variables"),
            description=props.get("Description"),
            cacheClusterEnabled=props.get("CacheClusterEnabled"),
            cacheClusterSize=props.get("CacheClusterSize"),
            tags=tags or None,
            tracing_enabled=props.get("TracingEnabled"),
        )
        return cls(name, where=where, values={"RestApiId": api_id})

    def remove(self) -> None:
        assert self.where is not None
        with contextlib.suppress(Exception):  # already gone with its API
            _backend(self.where).delete_stage(self.values["RestApiId"], self.physical_id)

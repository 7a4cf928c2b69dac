"""SageMaker's names as AWS treats them, where moto does not:

- a template's `EndpointName` names the endpoint (moto's CloudFormation ignores it and generates a name), and
  a changed `EndpointName` replaces the endpoint: the new one first, then the old one goes (moto keeps the
  old name);
- a second model, endpoint configuration or endpoint with a name already taken is refused (moto silently
  replaces the first). One exception, local mode's own: an endpoint tagged `PLACEHOLDER_TAG` (seeded so that
  a monitor has an endpoint to watch before the real-time pipeline that owns the name deploys it) gives its
  name up to the first one created for real.

That is how a blueprint deploy fails in local mode for a reason validation cannot see: an `endpoint_name`
that another endpoint of the account already uses. `install()` and `uninstall()` switch both on and off
while local mode runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import FakeEndpoint, SageMakerModelBackend, sagemaker_backends
from moto.sagemaker.utils import arn_formatter

from .moto_patches import MotoPatches

# moto's CloudFormation takes a resource's name from the property this names ("" means: generate one).
PLACEHOLDER_TAG = "mlops-local:placeholder"
_NAME_TYPE = "cloudformation_name_type"
_UPDATE = "update_from_cloudformation_json"

# method -> (its name argument, the backend's store, the resource's ARN type, its name in AWS's message)
_CHECKED: dict[str, tuple[str, str, str, str]] = {
    "create_model": ("model_name", "_models", "model", "model"),
    "create_endpoint_config": ("endpoint_config_name", "endpoint_configs", "endpoint-config", "endpoint configuration"),
    "create_endpoint": ("endpoint_name", "endpoints", "endpoint", "endpoint"),
}


def _unique(original: Any, argument: str, store: str, arn_type: str, noun: str) -> Any:
    def create(backend: SageMakerModelBackend, *args: Any, **kwargs: Any) -> Any:
        name = str(kwargs.get(argument, args[0] if args else ""))
        existing = getattr(backend, store).get(name)
        if existing is not None and _is_placeholder(existing):
            backend.delete_endpoint(name)
        elif existing is not None:
            taken = arn_formatter(arn_type, name, backend.account_id, backend.region_name)
            raise ValidationError(message=f'Cannot create already existing {noun} "{taken}".')
        return original(backend, *args, **kwargs)

    return create


def _is_placeholder(resource: Any) -> bool:
    return isinstance(resource, FakeEndpoint) and any(tag.get("Key") == PLACEHOLDER_TAG for tag in resource.tags)


def _replaced_when_renamed(original: Any) -> Any:
    def update(
        cls: Any,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        named = cloudformation_json.get("Properties", {}).get("EndpointName")
        if not named or named == original_resource.endpoint_name:
            return original(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
        replacement = cls.create_from_cloudformation_json(named, cloudformation_json, account_id, region_name)
        sagemaker_backends[account_id][region_name].delete_endpoint(original_resource.endpoint_name)
        return replacement

    return update


def _endpoint_name_key() -> str:
    return "EndpointName"


def _checking(checked: tuple[str, str, str, str]) -> Callable[[Any], Any]:
    def wrap(original: Any) -> Any:
        return _unique(original, *checked)

    return wrap


_PATCHES = MotoPatches()
for _method, _checked in _CHECKED.items():
    _PATCHES.wrap(SageMakerModelBackend, _method, _checking(_checked))
_PATCHES.replace(FakeEndpoint, _NAME_TYPE, staticmethod(_endpoint_name_key))
_PATCHES.wrap(FakeEndpoint, _UPDATE, lambda original: classmethod(_replaced_when_renamed(original.__func__)))
install = _PATCHES.install
uninstall = _PATCHES.uninstall

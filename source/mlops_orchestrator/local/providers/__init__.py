"""Local mode's CloudFormation providers: what creates each resource of a blueprint template that moto's
CloudFormation cannot create itself.

- `custom_resources`: every `Custom::*` resource runs the blueprint's own Lambda handler in-process
  (`local.lambda_runner`), with CloudFormation's request and response protocol (`responses`);
- `pipeline`: `AWS::CodePipeline::Pipeline`, stored in moto and run by `pipeline_sim`;
- `apigateway`, `functions_and_buckets`, `scaling_and_alarms`, `codebuild`, `monitoring`: the other types,
  created through moto's backends or a stand-in API (`monitoring_api`), so Describe and List calls see them;
- `group_policy_api`: model package group resource policies, which moto has no API for (`registry share`).

`install()` switches them on; `uninstall()` restores moto as shipped (see `base`). `table` says, per resource
of a template, which of the emulator, a provider or neither creates it.
"""

from __future__ import annotations

from typing import Any

from moto.cloudformation import parsing

from .. import lambda_runner
from ..moto_patches import MotoPatches
from . import (  # noqa: F401  (importing a provider module registers its providers with moto)
    apigateway,
    codebuild,
    custom_resources,
    functions_and_buckets,
    group_policy_api,
    monitoring,
    monitoring_api,
    pipeline,
    responses,
    scaling_and_alarms,
)
from .base import Switch


def _resource_class_from_type(resource_type: str) -> Any:
    # moto maps every Custom:: type to its own Docker-based model before it looks at the type map.
    if resource_type.startswith(custom_resources.CUSTOM_PREFIX) and Switch.only is None:
        return custom_resources.CustomResource
    return _PATCHES.original(parsing, "resource_class_from_type")(resource_type)


_PATCHES = MotoPatches().replace(parsing, "resource_class_from_type", _resource_class_from_type)


def _clear_type_caches() -> None:
    parsing.get_model_list.cache_clear()
    parsing.get_model_map.cache_clear()
    parsing.get_name_type_map.cache_clear()


def install(only: frozenset[str] | None = None) -> None:
    """Switch the providers on: all of them (local mode), or `only` these resource types (tests on plain moto
    that need a template to deploy without local mode's pipeline runs and Lambda handlers)."""
    if Switch.active:
        if Switch.only != only:  # local mode's full set replaces a test's partial one, and back
            Switch.only = only
            _clear_type_caches()
        return
    Switch.active = True
    Switch.only = only
    _clear_type_caches()
    _PATCHES.install()
    monitoring_api.install()
    group_policy_api.install()
    lambda_runner.forget_warm_state()


def uninstall() -> None:
    if not Switch.active:
        return
    Switch.active = False
    Switch.only = None
    _clear_type_caches()
    _PATCHES.uninstall()
    monitoring_api.uninstall()
    group_policy_api.uninstall()
    responses.stop()
    lambda_runner.forget_warm_state()

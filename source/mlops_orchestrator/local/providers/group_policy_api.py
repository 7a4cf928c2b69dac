"""A stand-in for SageMaker's model package group resource policies, which moto does not have.

Put, Get and DeleteModelPackageGroupPolicy answer as SageMaker does, through moto's own SageMaker request
handler: a group that does not exist, and a group without a policy, are ValidationExceptions worded as
SageMaker words them (the orchestrator tells "no policy" by that wording). Policies are stored as given, per
account, region and group; the policy's content is not evaluated (moto does not enforce IAM here either).
"""

from __future__ import annotations

import json
import threading

from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import sagemaker_backends
from moto.sagemaker.responses import SageMakerResponse

from ..moto_patches import MotoPatches

_lock = threading.Lock()
_policies: dict[tuple[str, str, str], str] = {}


def _group_arn(response: SageMakerResponse) -> tuple[tuple[str, str, str], str]:
    name = response._get_param("ModelPackageGroupName") or ""
    group = sagemaker_backends[response.current_account][response.region].model_package_groups.get(name)
    if group is None:
        raise ValidationError(message=f"Cannot find Model Package Group with name {name}")
    return (response.current_account, response.region, name), str(group.arn)


def _put(self: SageMakerResponse) -> str:
    key, arn = _group_arn(self)
    document = self._get_param("ResourcePolicy") or ""
    try:
        json.loads(document)
    except ValueError:
        raise ValidationError(message="ResourcePolicy is not valid JSON") from None
    with _lock:
        _policies[key] = document
    return json.dumps({"ModelPackageGroupArn": arn})


def _get(self: SageMakerResponse) -> str:
    key, arn = _group_arn(self)
    with _lock:
        document = _policies.get(key)
    if document is None:
        raise ValidationError(message=f"Cannot find resource policy for {arn}")
    return json.dumps({"ResourcePolicy": document})


def _delete(self: SageMakerResponse) -> str:
    key, arn = _group_arn(self)
    with _lock:
        if _policies.pop(key, None) is None:
            raise ValidationError(message=f"Cannot find resource policy for {arn}")
    return "{}"


_PATCHES = MotoPatches()
for _name, _operation in {
    "put_model_package_group_policy": _put,
    "get_model_package_group_policy": _get,
    "delete_model_package_group_policy": _delete,
}.items():
    _PATCHES.replace(SageMakerResponse, _name, _operation)


def install() -> None:
    _PATCHES.install()


def uninstall() -> None:
    _PATCHES.uninstall()
    with _lock:
        _policies.clear()

"""What every local-mode provider shares: how moto finds it, and how it is switched off.

moto's CloudFormation maps a resource type to the model whose `cloudformation_type()` names it, among the
direct subclasses of `CloudFormationModel` (`moto.cloudformation.parsing.get_model_map`, cached). A provider
is such a subclass, with `LocalProvider` mixed in: while local mode runs it answers to its resource type;
otherwise to a type no template uses, so plain `mock_aws` tests in the same process see moto as shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

_INACTIVE_PREFIX = "MlopsLocal::Inactive::"

REGISTRY: dict[str, tuple[str, str]] = {}
"""Resource type -> (provider name, what it creates), for the resource table."""


class Switch:
    active = False
    only: frozenset[str] | None = None
    """The resource types switched on, when not all of them are (see `providers.install`)."""


@dataclass(frozen=True)
class Where:
    """Where a resource is created: the account, region and stack, and the name moto generated for it."""

    account_id: str
    region: str
    stack_id: str
    logical_id: str
    generated_name: str

    @property
    def stack_name(self) -> str:
        return self.stack_id.split("/")[1] if self.stack_id.count("/") >= 2 else self.stack_id


class LocalProvider:
    """Mixin for a provider of one resource type. Subclasses also derive from `CloudFormationModel`."""

    resource_type: ClassVar[str]
    provider: ClassVar[str]
    creates: ClassVar[str]
    """What the provider makes, in a few words (shown in the resource table)."""
    attributes: ClassVar[tuple[str, ...]] = ()
    """The `Fn::GetAtt` attributes it answers."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "resource_type" in cls.__dict__:
            REGISTRY[cls.resource_type] = (cls.provider, cls.creates)

    def __init__(self, physical_id: str, values: dict[str, Any] | None = None, where: Where | None = None) -> None:
        self.physical_id = physical_id
        self.values = dict(values or {})
        self.where = where

    # -- what a provider implements -------------------------------------------------------------

    @classmethod
    def create(cls, props: dict[str, Any], where: Where) -> LocalProvider:
        """Create the object through the emulator; the provider's instance records its id and attributes."""
        raise NotImplementedError

    def remove(self) -> None:
        """Delete the object (already gone is fine)."""

    # -- moto's CloudFormationModel interface ---------------------------------------------------

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> LocalProvider:
        where = Where(account_id, region_name, kwargs.get("StackId", ""), kwargs.get("LogicalId", ""), resource_name)
        return cls.create(properties(cloudformation_json), where)

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: LocalProvider,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> LocalProvider:
        """A changed resource is replaced: the old object goes, a new one is made from the new properties."""
        old = original_resource.where or Where(account_id, region_name, "", "", new_resource_name)
        original_resource.remove()
        where = Where(account_id, region_name, old.stack_id, old.logical_id, new_resource_name)
        return cls.create(properties(cloudformation_json), where)

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        """Only reached for a resource moto never created through this provider: nothing to delete."""

    def delete(self, account_id: str, region_name: str) -> None:
        self.remove()

    @classmethod
    def cloudformation_type(cls) -> str:
        on = Switch.active and (Switch.only is None or cls.resource_type in Switch.only)
        return cls.resource_type if on else f"{_INACTIVE_PREFIX}{cls.resource_type}"

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.attributes

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name in self.attributes and attribute_name in self.values:
            return self.values[attribute_name]
        raise UnformattedGetAttTemplateException()

    def is_created(self) -> bool:
        return True


def properties(cloudformation_json: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = cloudformation_json.get("Properties") or {}
    return found

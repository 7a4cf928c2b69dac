"""Finding the constructs CDK adds on its own (singleton handlers at stack level, permissions on a function)."""

from __future__ import annotations

from constructs import IConstruct


def child_ids(scope: IConstruct) -> set[str]:
    # By id: jsii hands out a new Python proxy per call, so object identity cannot tell children apart.
    return {child.node.id for child in scope.node.children}


def children_added(scope: IConstruct, before: set[str]) -> list[IConstruct]:
    """The children of `scope` that were not there when `before = child_ids(scope)` was taken."""
    return [child for child in scope.node.children if child.node.id not in before]

"""Evaluates the intrinsic functions blueprint templates use, for given parameter values and conditions.

Lets tests read a synthesized value as CloudFormation would deploy it (a UserParameters JSON, a policy ARN)
instead of comparing nested Fn::Join trees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PSEUDO = {
    "AWS::Partition": "aws",
    "AWS::Region": "eu-west-1",
    "AWS::AccountId": "123456789012",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "mlops-pipeline-demo-codepipeline",
    "AWS::StackId": (
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/mlops-pipeline-demo-codepipeline/"
        "1a2b3c4d-aaaa-bbbb-cccc-123456789abc"
    ),
}


def evaluate(value: Any, refs: Mapping[str, Any], conditions: Mapping[str, bool] | None = None) -> Any:
    """`refs`: parameter values and resource ids by logical id (pseudo parameters have defaults)."""
    conditions = conditions or {}

    def ev(item: Any) -> Any:
        if isinstance(item, list):
            return [ev(element) for element in item]
        if not isinstance(item, dict):
            return item
        if len(item) != 1:
            return {key: ev(element) for key, element in item.items()}
        [(key, arg)] = item.items()
        if key == "Ref":
            return {**PSEUDO, **refs}[arg]
        if key == "Fn::Join":
            return str(arg[0]).join(str(ev(part)) for part in arg[1])
        if key == "Fn::Split":
            return str(ev(arg[1])).split(arg[0])
        if key == "Fn::Select":
            return ev(arg[1])[int(arg[0])]
        if key == "Fn::If":
            return ev(arg[1] if conditions[arg[0]] else arg[2])
        if key == "Fn::GetAtt":
            return refs[".".join(arg)]
        if key == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], ev(arg[1]))
            names = {**PSEUDO, **refs, **variables}
            return re.sub(r"\$\{([^}!]+)\}", lambda match: str(names[match.group(1)]), text)
        return {key: ev(arg)}

    return ev(value)

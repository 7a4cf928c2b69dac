"""The custom algorithm image builder: its blueprint is the pipeline stack itself."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..fields import AssetKey, EcrRepoName, NamePart
from ..naming import PIPELINE_STACK_PREFIX
from . import blueprints
from .declaration import Deployment, KeyRules, Mode, PipelineRequest, PipelineType


class ImageBuilderRequest(PipelineRequest):
    custom_algorithm_docker: AssetKey = Field(
        description="Object key, in the assets bucket, of a zip with the Dockerfile and code of your algorithm.",
        examples=["algorithms/my-algorithm.zip"],
    )
    ecr_repo_name: EcrRepoName = Field(
        description="ECR repository the built image is pushed to.", examples=["mlops-custom-algorithms"]
    )
    image_tag: NamePart = Field(
        description=f"Tag of the built image; also names the stack (`{PIPELINE_STACK_PREFIX}-{{image_tag}}-…`), lowercased, "
        "which CloudFormation limits to 128 characters.",
        examples=["my-algorithm-v1"],
    )


def _keys(_mode: Mode, _problem_type: str) -> KeyRules:
    return KeyRules(("pipeline_type", "custom_algorithm_docker", "ecr_repo_name", "image_tag"))


IMAGE_BUILDER = PipelineType(
    name="byom_image_builder",
    request_model=ImageBuilderRequest,
    blueprint=blueprints.IMAGE_BUILDER,
    stack_postfix="BYOMPipelineImageBuilder",
    deployment=Deployment.DIRECT,
    parameters=(
        ("NotificationsSNSTopicArn", lambda r, c: c.settings.notifications_topic_arn),
        ("AssetsBucket", lambda r, c: c.settings.assets_bucket),
        ("CustomImage", lambda r, c: r.custom_algorithm_docker),
        ("ECRRepoName", lambda r, c: r.ecr_repo_name),
        ("ImageTag", lambda r, c: r.image_tag),
    ),
    keys=_keys,
    summary="Builds a custom algorithm container image from a zip in the assets bucket and pushes it to ECR.",
    name_key="image_tag",
)

DECLARED: tuple[PipelineType[Any], ...] = (IMAGE_BUILDER,)
"""This module's pipeline types, in catalog order."""

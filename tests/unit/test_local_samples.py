"""The sample artifacts local mode seeds cover every object the examples refer to, and are what they claim."""

from __future__ import annotations

import io
import json
import re
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from mlops_orchestrator.local import samples
from mlops_orchestrator.local import settings as local
from mlops_orchestrator.local.example_endpoint import EXAMPLE_ENDPOINT
from tests.support import EXAMPLES, example_files

_OBJECT = re.compile(r"\.(csv|jsonl?|gz|zip)$")
_IMAGE = re.compile(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/(?P<repository>[^:]+):(?P<tag>.+)$")


def _strings(value: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) for every string in a request, per-stage values and nested documents included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key if key not in ("dev", "staging", "prod") else field)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str):
        yield field, value


def _asset_key(text: str) -> str:
    """An assets-bucket key from an example's value (`bucket/key` locations name the bucket first)."""
    bucket, _, rest = text.partition("/")
    return rest if bucket == local.ASSETS_BUCKET else text


def referenced(path: Path) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """(objects, input prefixes, images) an example reads: values naming a file, `*_input` prefixes, ECR images."""
    objects, prefixes, images = set(), set(), set()
    for field, text in _strings(json.loads(path.read_text())):
        image = _IMAGE.match(text)
        if image:
            images.add((image["repository"], image["tag"]))
        elif _OBJECT.search(text):
            objects.add(_asset_key(text))
        elif field.endswith("_input"):
            prefixes.add(_asset_key(text))
    return objects, prefixes, images


@pytest.mark.parametrize("example", example_files(), ids=lambda path: path.name)
def test_every_object_an_example_reads_is_seeded(example: Path) -> None:
    objects, prefixes, images = referenced(example)

    assert objects - set(samples.ASSETS) == set()
    for prefix in prefixes:
        assert any(key.startswith(prefix.rstrip("/") + "/") for key in samples.ASSETS), prefix
    for repository, tag in images:
        assert tag in samples.IMAGE_TAGS.get(repository, ()), f"{repository}:{tag}"


def test_the_examples_are_found_and_read_something() -> None:
    files = example_files()
    assert {path.parent.name for path in files} == {"examples"}  # examples/ and docs/examples/
    assert len(files) >= 13
    assert sum(len(referenced(path)[0]) for path in files) >= 10


def test_the_model_archive_is_a_tar_gz_with_its_description() -> None:
    archive = samples.content(samples.ASSETS["models/churn/model.tar.gz"])
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as opened:
        assert opened.getnames() == ["model.json"]
        assert json.loads(opened.extractfile("model.json").read())["framework"] == "xgboost"  # type: ignore[union-attr]
    assert archive == samples.content(samples.ASSETS["models/churn/model.tar.gz"])  # the same bytes every time


def test_the_algorithm_zip_holds_a_buildable_container_folder() -> None:
    archive = samples.content(samples.ASSETS["custom-algorithms/churn/algorithm.zip"])
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert sorted(opened.namelist()) == ["Dockerfile", "program/serve", "program/train"]
        assert opened.read("Dockerfile").startswith(b"# A bring-your-own-container")


def test_the_training_data_has_the_label_first_and_the_columns_the_examples_name() -> None:
    with_header = samples.content(samples.ASSETS["training/churn/train-with-header.csv"]).decode().splitlines()
    header = with_header[0].split(",")
    autopilot = json.loads((EXAMPLES / "model_autopilot_training.json").read_text())
    bias = json.loads((EXAMPLES / "byom_model_bias_monitor.json").read_text())
    assert header[0] == autopilot["target_attribute"]
    assert bias["bias_config"]["facet_name"] in header
    plain = samples.content(samples.ASSETS["training/churn/train.csv"]).decode().splitlines()
    assert plain == with_header[1:]
    assert {row.split(",")[0] for row in plain} == {"0", "1"}


def test_seeding_puts_every_sample_and_image_into_the_emulator() -> None:
    with mock_aws():
        s3 = boto3.client("s3", region_name=local.REGION)
        ecr = boto3.client("ecr", region_name=local.REGION)
        s3.create_bucket(Bucket=local.ASSETS_BUCKET)
        ecr.create_repository(repositoryName=local.ECR_REPO)

        samples.seed(s3, ecr)

        listed = s3.list_objects_v2(Bucket=local.ASSETS_BUCKET)["Contents"]
        assert sorted(item["Key"] for item in listed) == sorted(samples.ASSETS)
        tags = [image["imageTag"] for image in ecr.list_images(repositoryName=local.ECR_REPO)["imageIds"]]
        assert tags == ["churn-1"]


def test_the_seeded_endpoint_is_the_one_every_monitor_example_watches() -> None:
    watched = {json.loads(path.read_text())["endpoint_name"] for path in EXAMPLES.glob("byom_*_monitor.json")}
    assert watched == {EXAMPLE_ENDPOINT}
    assert samples.MODEL_ARCHIVE in samples.ASSETS

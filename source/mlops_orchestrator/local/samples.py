"""The sample artifacts local mode seeds, so that every request in `examples/` runs with no manual step.

A small churn data set in the shapes the examples use (training data with and without a header, a batch
input, baselines, predictions with labels, ground truth), a model archive, the algorithm folder the image
builder example builds from, and the custom image the custom-container examples deploy. The files ship
with the package (`samples/`); archives are packed when seeded, with fixed timestamps.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from typing import Any, Literal

from . import settings as local
from .archives import tar_gz, zip_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sample:
    source: str
    """A file, or for an archive a folder, under `samples/`."""
    packed: Literal["file", "tar.gz", "zip"] = "file"


MODEL_ARCHIVE = "models/churn/model.tar.gz"
"""The examples' model archive (also the model of the endpoint the monitor examples watch)."""

ASSETS: dict[str, Sample] = {
    # key in the assets bucket -> what it holds
    MODEL_ARCHIVE: Sample("churn-model", "tar.gz"),
    "custom-algorithms/churn/algorithm.zip": Sample("churn-algorithm", "zip"),
    "training/churn/train.csv": Sample("churn/train.csv"),
    "training/churn/validation.csv": Sample("churn/validation.csv"),
    "training/churn/train-with-header.csv": Sample("churn/train-with-header.csv"),
    "batch/input/data.csv": Sample("churn/batch-input.csv"),
    "baselines/churn/training-data-with-header.csv": Sample("churn/train-with-header.csv"),
    "baselines/churn/shap-baseline.csv": Sample("churn/shap-baseline.csv"),
    "baselines/churn/predictions-with-labels.csv": Sample("churn/predictions-with-labels.csv"),
    "groundtruth/churn/2026/01/01/00/ground-truth.jsonl": Sample("churn/ground-truth.jsonl"),
}
IMAGE_TAGS: dict[str, tuple[str, ...]] = {local.ECR_REPO: ("churn-1",)}
"""Image tags pushed to the local ECR repositories (a manifest only: local mode runs no containers)."""


def _folder() -> Traversable:
    return resources.files(__package__).joinpath("samples")


def _files(folder: Traversable, prefix: str = "") -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            found.update(_files(entry, f"{prefix}{entry.name}/"))
        elif entry.name != "__pycache__":
            found[f"{prefix}{entry.name}"] = entry.read_bytes()
    return found


def content(sample: Sample) -> bytes:
    path = _folder().joinpath(sample.source)
    if sample.packed == "tar.gz":
        return tar_gz(_files(path))
    if sample.packed == "zip":
        return zip_bytes(_files(path))
    return path.read_bytes()


def _manifest(repository: str, tag: str) -> str:
    """A Docker image manifest (schema 2) whose digests are derived from the name, so they never change."""
    config = hashlib.sha256(f"{repository}:{tag}:config".encode()).hexdigest()
    layer = hashlib.sha256(f"{repository}:{tag}:layer".encode()).hexdigest()
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1,
                "digest": f"sha256:{config}",
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1,
                    "digest": f"sha256:{layer}",
                }
            ],
        }
    )


def seed(s3: Any, ecr: Any, bucket: str = local.ASSETS_BUCKET) -> None:
    """Put every sample into the assets bucket and every image tag into ECR (clients of the emulator)."""
    for key, sample in ASSETS.items():
        s3.put_object(Bucket=bucket, Key=key, Body=content(sample))
    for repository, tags in IMAGE_TAGS.items():
        for tag in tags:
            ecr.put_image(repositoryName=repository, imageManifest=_manifest(repository, tag), imageTag=tag)
    log.info("sample artifacts seeded (%d objects)", len(ASSETS))

"""The blueprint bucket's content, built locally: blueprint templates and the Lambda packages they load.

Layout (keys under `blueprints/` in the blueprint bucket, as in the original):
    <file name>             every synthesized blueprint template, e.g. byom_realtime_inference_pipeline.yaml
    lambdas/<name>.zip      every Lambda package the blueprints load, built without Docker and reproducibly
    manifest.json           file -> sha256, so an operator can tell which build a bucket holds

The blueprints are synthesized in a separate app (without cdk-nag: app.py checks them in its own app).
The folder is content-addressed under build/blueprints/, so identical content gives the identical CDK asset
hash and a stack update publishes nothing new.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS, BlueprintStack, blueprint_lambdas
from mlops_orchestrator.infrastructure.app_context import new_app
from mlops_orchestrator.infrastructure.lambda_package import REPO_ROOT, lambda_code_dir, zip_folder

BUILD_ROOT = REPO_ROOT / "build" / "blueprints"
MANIFEST = "manifest.json"


def synthesize_blueprints(entries: Sequence[BlueprintStack] = BLUEPRINT_STACKS) -> dict[str, dict[str, Any]]:
    """Template (as a dict) per blueprint file name, synthesized in one fresh app."""
    if not entries:
        return {}
    app = new_app()
    stacks = {entry.blueprint.file_name: entry.build(app) for entry in entries}
    assembly = app.synth()
    return {file_name: assembly.get_stack_artifact(stack.artifact_id).template for file_name, stack in stacks.items()}


def template_text(template: Mapping[str, Any]) -> str:
    """A synthesized template as the YAML the blueprint bucket (and the package data) holds."""
    return yaml.safe_dump(dict(template), sort_keys=False, width=120)


def blueprint_files(
    templates: Mapping[str, Mapping[str, Any]], lambdas: Sequence[BlueprintLambda] | None = None
) -> dict[str, bytes]:
    """Relative path (under blueprints/) -> content."""
    files = {file_name: template_text(template).encode() for file_name, template in sorted(templates.items())}
    for package in blueprint_lambdas() if lambdas is None else lambdas:
        code = lambda_code_dir(package.name, package.packages, package.requirements)
        files[package.key.removeprefix("blueprints/")] = zip_folder(code)
    manifest = {path: hashlib.sha256(content).hexdigest() for path, content in sorted(files.items())}
    files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return files


def write_package(files: Mapping[str, bytes], root: Path = BUILD_ROOT) -> Path:
    """Write the files into a folder named after their digest (reused when it already exists)."""
    digest = hashlib.sha256()
    for path, content in sorted(files.items()):
        digest.update(path.encode() + b"\0" + hashlib.sha256(content).digest())
    target = root / digest.hexdigest()[:16]
    if (target / MANIFEST).exists():
        return target
    staging = target.with_name(f"{target.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for path, content in files.items():
        destination = staging / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(content)
    try:
        staging.rename(target)
    except OSError:
        # Another process (a parallel synth) finished the same content first.
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / MANIFEST).exists():
            raise
    return target


def blueprint_package() -> Path:
    """The folder to publish: the current blueprints and their Lambda packages."""
    return write_package(blueprint_files(synthesize_blueprints()))

"""Turns a synthesized cloud assembly into the CloudFormation-console distribution (build-s3-dist.sh).

    global-s3-assets/<stack>.template      the two orchestrator templates
    regional-s3-assets/asset<key>          every file asset they reference (Lambda code, layers, blueprints)
    regional-s3-assets/blueprints.zip      the blueprint package, top-level folder blueprints/

Templates synthesized by CDK point their assets at the CDK bootstrap bucket. Here they are rewritten to
`<bucket-base>-${AWS::Region}` and `<solution>/<version>/asset<key>`, so that after uploading both folders
to `s3://<bucket-base>-<region>/<solution>/<version>/` the templates deploy from the console, with no
bootstrap, as the original's did.

    python -m mlops_orchestrator.orchestrator.distribution --cdk-out DIR --dist DIR \
        --bucket-base B --solution S --version V
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mlops_orchestrator.infrastructure.lambda_package import zip_folder

from .stack import MULTI_ACCOUNT_STACK, SINGLE_ACCOUNT_STACK

BOOTSTRAP_BUCKET = "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"
GLOBAL = "global-s3-assets"
REGIONAL = "regional-s3-assets"
BLUEPRINTS_ZIP = "blueprints.zip"
BUCKET_DEPLOYMENT = "Custom::CDKBucketDeployment"


def _walk(value: Any, rewrite_string: Any) -> Any:
    if isinstance(value, dict):
        return {key: _walk(item, rewrite_string) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, rewrite_string) for item in value]
    return rewrite_string(value) if isinstance(value, str) else value


def _strings(value: Any) -> set[str]:
    found: set[str] = set()

    def collect(text: str) -> str:
        found.add(text)
        return text

    _walk(value, collect)
    return found


def rewrite_template(template: Mapping[str, Any], *, keys: Mapping[str, str], bucket_base: str) -> dict[str, Any]:
    """Asset object keys -> `keys[...]`; the bootstrap bucket (always inside Fn::Sub) -> `<bucket_base>-${AWS::Region}`."""
    distribution_bucket = f"{bucket_base}-${{AWS::Region}}"

    def rewrite(text: str) -> str:
        return keys.get(text) or text.replace(BOOTSTRAP_BUCKET, distribution_bucket)

    rewritten: dict[str, Any] = _walk(dict(template), rewrite)
    return rewritten


def _file_assets(cdk_out: Path, stack: str) -> dict[str, Path]:
    """objectKey -> the asset's source in the cloud assembly."""
    manifest = json.loads((cdk_out / f"{stack}.assets.json").read_text())
    assets = {}
    for asset in manifest.get("files", {}).values():
        for destination in asset["destinations"].values():
            assets[destination["objectKey"]] = cdk_out / asset["source"]["path"]
    return assets


def _write_asset(source: Path, target: Path) -> None:
    if source.is_dir():
        target.write_bytes(zip_folder(source))
    else:
        shutil.copyfile(source, target)


def _blueprints_zip(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as staging:
        shutil.copytree(source, Path(staging) / "blueprints")
        target.write_bytes(zip_folder(Path(staging)))


def _deployed_blueprint_keys(template: Mapping[str, Any]) -> list[str]:
    return [
        key
        for resource in template.get("Resources", {}).values()
        if resource.get("Type") == BUCKET_DEPLOYMENT
        for key in resource["Properties"]["SourceObjectKeys"]
    ]


def package(
    cdk_out: Path,
    dist: Path,
    *,
    bucket_base: str,
    solution: str,
    version: str,
    stacks: Sequence[str] = (SINGLE_ACCOUNT_STACK, MULTI_ACCOUNT_STACK),
) -> None:
    global_dir, regional_dir = dist / GLOBAL, dist / REGIONAL
    for folder in (global_dir, regional_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for stack in stacks:
        template = json.loads((cdk_out / f"{stack}.template.json").read_text())
        referenced = _strings(template)
        assets = {key: source for key, source in _file_assets(cdk_out, stack).items() if key in referenced}
        keys = {key: f"{solution}/{version}/asset{key}" for key in assets}
        for key, source in assets.items():
            target = regional_dir / f"asset{key}"
            if not target.exists():
                _write_asset(source, target)
        for key in _deployed_blueprint_keys(template):
            if not (regional_dir / BLUEPRINTS_ZIP).exists():
                _blueprints_zip(assets[key], regional_dir / BLUEPRINTS_ZIP)
        rewritten = rewrite_template(template, keys=keys, bucket_base=bucket_base)
        leftover = [text for text in _strings(rewritten) if "cdk-hnb659fds" in text]
        if leftover:
            raise ValueError(f"{stack}: bootstrap references left after rewriting: {leftover}")
        (global_dir / f"{stack}.template").write_text(json.dumps(rewritten, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cdk-out", type=Path, required=True)
    parser.add_argument("--dist", type=Path, required=True)
    parser.add_argument("--bucket-base", required=True)
    parser.add_argument("--solution", required=True)
    parser.add_argument("--version", required=True)
    args = parser.parse_args(argv)
    package(args.cdk_out, args.dist, bucket_base=args.bucket_base, solution=args.solution, version=args.version)


if __name__ == "__main__":
    main()

"""Imports a blueprint Lambda's handler from its built zip, in a fresh interpreter that has boto3 and nothing of ours.

The zip's dependencies are built for the Lambda (Python 3.14 on arm64). Pure-Python ones must load from the zip;
a compiled one cannot load on this machine, so it is set aside and this interpreter's copy of the same version
stands in (pydantic refuses a pydantic-core of another version, so a mismatch still fails the import).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import boto3

from mlops_orchestrator.blueprints.lambdas import BlueprintLambda
from mlops_orchestrator.infrastructure.lambda_package import LAMBDA_PYTHON, lambda_code_dir, zip_folder

# Prints the modules the import loaded, and any from the zip's top-level names that came from elsewhere.
_PROBE = """
import importlib, json, sys
code, handler, boto, zipped = sys.argv[1], sys.argv[2], sys.argv[3], set(json.loads(sys.argv[4]))
sys.path[:] = [code, *sys.path, boto]
module, _, function = handler.rpartition(".")
assert callable(getattr(importlib.import_module(module), function))
files = {name: getattr(mod, "__file__", None) or "" for name, mod in sys.modules.items()}
print(json.dumps({
    "loaded": sorted(sys.modules),
    "elsewhere": sorted(n for n, f in files.items() if n.split(".")[0] in zipped and not f.startswith(code)),
}))
"""
FORBIDDEN = {"aws_cdk", "constructs", "jsii", "moto", "cdk_nag", "sagemaker"}
LAMBDA_EXTENSION = f"cpython-{LAMBDA_PYTHON.replace('.', '')}-aarch64-linux-gnu.so"


def built_zip(package: BlueprintLambda) -> zipfile.ZipFile:
    """The zip the orchestrator publishes for `package`."""
    folder = lambda_code_dir(package.name, package.packages, package.requirements)
    return zipfile.ZipFile(io.BytesIO(zip_folder(folder)))


def _set_aside_compiled(code: Path, aside: Path) -> set[str]:
    """Moves the packages with extension modules (all built for the Lambda) out of `code`; their names."""
    extensions = list(code.rglob("*.so"))
    assert all(path.name.endswith(LAMBDA_EXTENSION) for path in extensions), "an extension built for another platform"
    compiled = {path.relative_to(code).parts[0] for path in extensions}
    for name in compiled:
        shutil.move(code / name, aside / name)
    return compiled


def _top_level_modules(code: Path) -> set[str]:
    return {
        path.stem
        for path in code.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists()) or path.suffix == ".py"
    }


def loaded_modules(package: BlueprintLambda, handler: str) -> set[str]:
    """Every module loaded by importing `handler` from the zip; fails on any build-time or heavy package, and on
    any module of the zip (ours or a vendored library) that was loaded from elsewhere."""
    # boto3's folder holds this project's editable install too: only -S (no .pth files) keeps that one out.
    boto = str(Path(boto3.__file__).parents[1])
    with tempfile.TemporaryDirectory() as work:
        code, aside = Path(work, "code"), Path(work, "aside")
        aside.mkdir()
        built_zip(package).extractall(code)
        _set_aside_compiled(code, aside)
        done = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                "-c",
                _PROBE,
                str(code),
                handler,
                boto,
                json.dumps(sorted(_top_level_modules(code))),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": ""},
        )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["elsewhere"] == [], "imported from outside the zip"
    loaded = set(found["loaded"])
    assert not {name.split(".")[0] for name in loaded} & FORBIDDEN
    return loaded


def zip_imports(package: BlueprintLambda, handler: str) -> set[str]:
    """Top-level modules loaded by importing `handler` from the zip."""
    return {name.split(".")[0] for name in loaded_modules(package, handler)}

"""Lambda code built without Docker: our packages copied, pinned dependencies vendored for the Lambda platform.

Dependencies come from PyPI as wheels for manylinux aarch64 and the Lambda's Python version
(`pip install --target --platform ... --only-binary=:all:`), so compiled packages such as pydantic-core are
the Lambda's, not this machine's. Builds are cached under build/lambda/ by a hash of their inputs.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[2]
REPO_ROOT = SOURCE_ROOT.parent
BUILD_ROOT = REPO_ROOT / "build" / "lambda"
LAMBDA_PYTHON = "3.14"
LAMBDA_PLATFORM = "manylinux2014_aarch64"
RUNTIME_LIBRARIES = ("aws-lambda-powertools==3.37.0", "pydantic==2.14.3")
"""What Lambda code may use besides boto3, pinned as in constraints.txt: Powertools' event classes and
pydantic models of a Lambda's input."""
_COPIED_SUFFIXES = {".py", ".json"}
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _package_files(package: str) -> list[Path]:
    """The .py and .json files of a dotted package (or the one file of a dotted module), with the
    `__init__.py` of every parent package, so the code imports as it does from the source tree."""
    parts = package.split(".")
    module = SOURCE_ROOT.joinpath(*parts[:-1], f"{parts[-1]}.py")
    if module.is_file():
        files = [module]
    else:
        folder = SOURCE_ROOT.joinpath(*parts)
        files = [
            path
            for path in sorted(folder.rglob("*"))
            if path.suffix in _COPIED_SUFFIXES and "__pycache__" not in path.parts
        ]
    parents = [SOURCE_ROOT.joinpath(*parts[:depth], "__init__.py") for depth in range(1, len(parts))]
    return [*parents, *files]


def _fingerprint(name: str, files: Sequence[Path], requirements: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{name}|{LAMBDA_PYTHON}|{LAMBDA_PLATFORM}|{sorted(requirements)}|v3".encode())
    for path in files:
        digest.update(str(path.relative_to(SOURCE_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def lambda_code_dir(name: str, packages: Sequence[str], requirements: Sequence[str] = ()) -> Path:
    """A folder ready for `lambda.Code.from_asset`: `packages` (dotted names) and `requirements` (pinned)."""
    files = sorted({path for package in packages for path in _package_files(package)})
    target = BUILD_ROOT / f"{name}-{_fingerprint(name, files, requirements)}"
    if (target / ".complete").exists():
        return target
    # Staged per process: parallel builds (pytest workers, two synths) must not write into each other's folder.
    staging = target.with_name(f"{target.name}.{os.getpid()}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if requirements:
        _vendor(staging, requirements)
    for path in files:
        destination = staging / path.relative_to(SOURCE_ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    (staging / ".complete").write_text("")
    if (target / ".complete").exists():  # another process completed the same build meanwhile
        shutil.rmtree(staging, ignore_errors=True)
        return target
    shutil.rmtree(target, ignore_errors=True)  # an incomplete leftover of an interrupted build
    try:
        staging.rename(target)
    except OSError:
        # Another process completed the same build first; its folder has the same content.
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / ".complete").exists():
            raise
    return target


def _vendor(folder: Path, requirements: Sequence[str]) -> None:
    command = [
        sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
        "--target", str(folder), "--platform", LAMBDA_PLATFORM, "--implementation", "cp",
        "--python-version", LAMBDA_PYTHON, "--only-binary=:all:", *requirements,
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    for leftover in folder.glob("*.dist-info"):
        shutil.rmtree(leftover / "RECORD", ignore_errors=True)


def zip_folder(folder: Path) -> bytes:
    """A reproducible zip of a folder (sorted members, fixed timestamps): same input, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or path.name == ".complete" or "__pycache__" in path.parts:
                continue
            info = zipfile.ZipInfo(str(path.relative_to(folder)), date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()

"""ECR image URIs of SageMaker's built-in algorithms and monitoring containers, without the SageMaker SDK.

The answers come from ``image_uris.json`` next to this module, which ``tools/generate_image_uris.py``
builds from ``sagemaker.core.image_uris.retrieve`` (see that tool for the file layout). Importing this
module reads nothing; the table is parsed once, on the first lookup.
"""

from __future__ import annotations

import functools
from itertools import groupby

from ..monitoring import MonitoringType

__all__ = [
    "ImageLookupError",
    "frameworks",
    "image_uri",
    "monitor_image_uri",
    "regions",
    "versions",
]

_DATA_FILE = "image_uris.json"
_FORMAT = 1
_SHOWN = 10  # how many allowed values an error message lists

# The images that run monitoring jobs; they are not model frameworks.
_MONITOR_ONLY = frozenset(kind.image_framework for kind in MonitoringType)


class ImageLookupError(ValueError):
    """A framework, version or region with no built-in image. The message is safe to show to callers."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# Plain slotted classes rather than dataclasses or NamedTuple: importing dataclasses or typing would
# cost more than the whole of this module.
class _Image:
    __slots__ = ("registry", "repository")

    def __init__(self, registry: dict[str, str], repository: str) -> None:
        self.registry = registry  # region -> account that hosts the repository there
        self.repository = repository  # "name" or "name:tag"


class _Framework:
    __slots__ = ("default", "versions")

    def __init__(self, versions: dict[str, _Image], default: str | None) -> None:
        self.versions = versions
        self.default = default  # the version used when none is given, if the SDK has one


class _Table:
    __slots__ = ("domains", "frameworks")

    def __init__(self, domains: dict[str, str], frameworks: dict[str, _Framework]) -> None:
        self.domains = domains  # region -> DNS suffix of its ECR endpoint
        self.frameworks = frameworks


@functools.cache
def _table() -> _Table:
    import json
    import os

    # A path beside this file rather than importlib.resources, which alone costs ~25 ms to import.
    with open(os.path.join(os.path.dirname(__file__), _DATA_FILE), encoding="utf-8") as stream:
        document = json.load(stream)
    if document.get("format") != _FORMAT:
        raise RuntimeError(f"{_DATA_FILE} has format {document.get('format')!r}, expected {_FORMAT}")
    registries: dict[str, dict[str, str]] = document["registries"]
    parsed = {
        name: _Framework(
            versions={
                version: _Image(registries[registry], repository)
                for version, (registry, repository) in record["versions"].items()
            },
            default=record.get("default"),
        )
        for name, record in document["frameworks"].items()
    }
    return _Table(domains=document["domains"], frameworks=parsed)


def _version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order versions naturally: "0.90-1" < "1" < "1.2-2" < "1.10" < "latest"."""
    return tuple(
        (0, int(part), "") if digits else (1, 0, part)
        for digits, part in ((key, "".join(chars)) for key, chars in groupby(version, str.isdigit))
    )


def _brief(values: list[str], *, newest: bool = False) -> str:
    """Up to _SHOWN values for a message; the last ones when ``newest`` (for sorted versions)."""
    if len(values) <= _SHOWN:
        return ", ".join(values)
    if newest:
        return f"{', '.join(values[-_SHOWN:])} (newest {_SHOWN} of {len(values)})"
    return f"{', '.join(values[:_SHOWN])}, ... ({len(values)} in total)"


def _framework(name: str) -> _Framework:
    table = _table()
    if name in _MONITOR_ONLY or name not in table.frameworks:
        allowed = frameworks()
        import difflib

        near = difflib.get_close_matches(name.lower(), allowed, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise ImageLookupError(
            "model_framework",
            f"{name!r} is not a SageMaker built-in algorithm or framework; {hint}supported: {_brief(allowed)}",
        )
    return table.frameworks[name]


def _uri(framework: str, version: str, image: _Image, region: str) -> str:
    domains = _table().domains
    account = image.registry.get(region)
    if account is None:
        if region not in domains:
            raise ImageLookupError(
                "region", f"{region!r} is not a region with SageMaker built-in images; known: {_brief(regions())}"
            )
        label = f"{framework} {version}".rstrip()
        raise ImageLookupError(
            "region", f"{label} images are not published in {region}; available in: {_brief(sorted(image.registry))}"
        )
    return f"{account}.dkr.ecr.{region}.{domains[region]}/{image.repository}"


def image_uri(framework: str, version: str | None, region: str) -> str:
    """The ECR URI of a built-in algorithm or framework image, as ``sagemaker.image_uris.retrieve`` gives it.

    ``version`` may be None only for frameworks whose SDK config has a default (e.g. single-version
    algorithms such as ``kmeans``).
    """
    record = _framework(framework)
    if version is None:
        if record.default is None:
            raise ImageLookupError(
                "model_framework_version",
                f"is required for {framework}; use one of: {_brief(versions(framework), newest=True)}",
            )
        version = record.default
    image = record.versions.get(version)
    if image is None:
        raise ImageLookupError(
            "model_framework_version",
            f"{version!r} is not a supported {framework} version; use one of: "
            f"{_brief(versions(framework), newest=True)}",
        )
    return _uri(framework, version, image, region)


def monitor_image_uri(monitoring_type: str, region: str) -> str:
    """The image of a monitoring job: model-monitor for DataQuality/ModelQuality, clarify for the others."""
    try:
        framework = MonitoringType(monitoring_type).image_framework
    except ValueError:
        raise ValueError(
            f"unknown monitoring type {monitoring_type!r}; expected one of {', '.join(MonitoringType)}"
        ) from None
    record = _table().frameworks[framework]
    if record.default is None:
        raise RuntimeError(f"{_DATA_FILE} has no default {framework} version")
    return _uri(framework, "", record.versions[record.default], region)


def frameworks() -> list[str]:
    """Sorted names accepted as ``model_framework`` (monitoring-only images excluded)."""
    return sorted(name for name in _table().frameworks if name not in _MONITOR_ONLY)


def versions(framework: str) -> list[str]:
    """Versions (including aliases such as "latest") accepted for a framework, oldest first."""
    return sorted(_framework(framework).versions, key=_version_key)


def regions() -> list[str]:
    """Sorted regions that have at least one image in the table."""
    return sorted(_table().domains)

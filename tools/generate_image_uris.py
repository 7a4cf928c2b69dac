"""Build the SageMaker image URI table the orchestrator reads at run time.

The orchestrator Lambda must not import the SageMaker SDK (it takes seconds), so this build-time tool
asks ``sagemaker.core.image_uris.retrieve`` for every framework, version and region it can resolve
from those three arguments alone, and writes the answers, compacted, to
``source/mlops_orchestrator/core/images/image_uris.json``.

Run it with the project's virtual environment whenever sagemaker-core (or botocore, which supplies
the ECR host names) is upgraded::

    .venv/bin/python tools/generate_image_uris.py            # rewrite the checked-in table
    .venv/bin/python tools/generate_image_uris.py --check    # exit 1 if the table is stale

Layout of the written file (all keys sorted, so the output is byte-for-byte reproducible)::

    {
      "format": 1,
      "generated_from": {"botocore": "<version>", "sagemaker-core": "<version>"},
      "domains": {"<region>": "<DNS suffix>"},          # host is "<account>.dkr.ecr.<region>.<suffix>"
      "registries": {"<id>": {"<region>": "<account>"}}, # shared account maps, one per distinct map
      "frameworks": {
        "<framework>": {
          "default": "<version>",                        # only when retrieve() resolves version=None
          "versions": {"<version>": ["<registry id>", "<repository[:tag]>"]}
        }
      }
    }

A framework version is available in exactly the regions of its registry map. "format" is bumped when
this layout changes, so the runtime reader can refuse a table it does not understand.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.metadata
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "source" / "mlops_orchestrator" / "core" / "images" / "image_uris.json"
FORMAT = 1

# "<account>.dkr.ecr.<region>.<suffix>/<repository[:tag]>"
_URI = re.compile(r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.(?P<suffix>[a-z0-9.-]+)/(?P<image>.+)$")

Uris = dict[str, str]  # region -> full image URI


@contextlib.contextmanager
def _sdk_data_cached() -> Iterator[None]:
    """Cache, for the duration, the data files ``retrieve`` re-reads from disk on every call.

    Both the botocore endpoint resolver and the image_uri_config documents are static data, so
    caching them changes no answer; it makes a full probe take seconds instead of many minutes. On
    exit the SDK's own functions are put back, after checking that ``retrieve`` did not modify a
    cached config document (which would make later answers depend on earlier calls).
    """
    from sagemaker.core import common_utils, image_uris

    originals = [
        (common_utils, "_botocore_resolver", common_utils._botocore_resolver),
        (image_uris, "config_for_framework", image_uris.config_for_framework),
    ]
    cached_configs = functools.cache(image_uris.config_for_framework)
    common_utils._botocore_resolver = functools.cache(common_utils._botocore_resolver)
    image_uris.config_for_framework = cached_configs
    try:
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    for framework in image_uris.list_frameworks():
        if cached_configs(framework) != image_uris.config_for_framework(framework):
            raise RuntimeError(f"retrieve() modified the {framework} config; it cannot be cached")


def _config_regions(node: Any) -> set[str]:
    """Every region named under a "registries" key anywhere in one image_uri_config document."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "registries" and isinstance(value, dict):
                found.update(value)
            else:
                found |= _config_regions(value)
    elif isinstance(node, list):
        for item in node:
            found |= _config_regions(item)
    return found


def candidate_regions() -> list[str]:
    """The regions named anywhere in sagemaker-core's image_uri_config data."""
    from sagemaker.core import image_uris

    regions: set[str] = set()
    for framework in image_uris.list_frameworks():
        regions |= _config_regions(image_uris.config_for_framework(framework))
    return sorted(regions)


def candidate_versions(framework: str) -> list[str]:
    """The versions and aliases the SDK lists for a framework (empty if it lists none)."""
    from sagemaker.core import image_uris

    try:
        return list(image_uris.list_versions(framework))
    except (ValueError, KeyError, TypeError):
        return []


def probe(framework: str, version: str | None, regions: list[str]) -> Uris:
    """Ask ``retrieve`` with only framework, region and version; keep the regions that resolve."""
    from sagemaker.core import image_uris

    found: Uris = {}
    for region in regions:
        try:
            found[region] = image_uris.retrieve(framework=framework, region=region, version=version)
        except Exception:  # whatever the reason, it does not resolve from these three arguments
            continue
    return found


# Key of the version=None answer in a resolved table; never a real version string.
_NONE = "\x00default"


def resolved_table() -> dict[str, dict[str, Uris]]:
    """framework -> version -> region -> URI, for everything retrieve resolves from the three arguments.

    Under the extra version key ``_NONE`` is what ``retrieve`` returns when no version is given.
    """
    from sagemaker.core import image_uris

    table: dict[str, dict[str, Uris]] = {}
    with _sdk_data_cached():
        regions = candidate_regions()
        for framework in image_uris.list_frameworks():
            versions: dict[str, Uris] = {}
            for version in candidate_versions(framework):
                uris = probe(framework, version, regions)
                if uris:
                    versions[version] = uris
            if not versions:
                continue
            default = probe(framework, None, regions)
            if default:
                versions[_NONE] = default
            table[framework] = versions
    return table


def _split(uri: str) -> tuple[str, str, str, str]:
    match = _URI.match(uri)
    if match is None:
        raise ValueError(f"unexpected image URI shape: {uri}")
    return match["account"], match["region"], match["suffix"], match["image"]


def _default_version(framework: str, versions: Mapping[str, Uris], default: Uris) -> str:
    """The listed version whose URIs equal what retrieve gives for version=None, in every region."""
    matches = sorted(version for version, uris in versions.items() if uris == default)
    if not matches:
        raise ValueError(f"{framework}: the version=None image matches no listed version")
    return matches[0]


def compact(table: Mapping[str, Mapping[str, Uris]]) -> dict[str, Any]:
    """Fold the full table into shared registry and domain maps."""
    domains: dict[str, str] = {}
    maps: dict[str, dict[str, str]] = {}  # canonical JSON of a region->account map -> the map
    entries: dict[str, dict[str, tuple[str, str]]] = {}  # framework -> version -> (map key, image)
    defaults: dict[str, str] = {}

    for framework, versions in table.items():
        listed = {version: uris for version, uris in versions.items() if version != _NONE}
        if _NONE in versions:
            defaults[framework] = _default_version(framework, listed, versions[_NONE])
        entries[framework] = {}
        for version, uris in listed.items():
            accounts: dict[str, str] = {}
            images: set[str] = set()
            for region, uri in uris.items():
                account, host_region, suffix, image = _split(uri)
                if host_region != region:
                    raise ValueError(f"{uri} is not hosted in {region}")
                if domains.setdefault(region, suffix) != suffix:
                    raise ValueError(f"{region} has two DNS suffixes: {domains[region]}, {suffix}")
                accounts[region] = account
                images.add(image)
            if len(images) != 1:
                raise ValueError(f"{framework} {version}: repository differs by region: {sorted(images)}")
            key = json.dumps(accounts, sort_keys=True)
            maps[key] = accounts
            entries[framework][version] = (key, images.pop())

    # Registry ids are small integers in the order of the maps' canonical text: stable across runs.
    ids = {key: str(number) for number, key in enumerate(sorted(maps))}
    frameworks: dict[str, Any] = {}
    for framework, versions_out in entries.items():
        record: dict[str, Any] = {
            "versions": {version: [ids[key], image] for version, (key, image) in versions_out.items()}
        }
        if framework in defaults:
            record["default"] = defaults[framework]
        frameworks[framework] = record
    return {
        "format": FORMAT,
        "generated_from": {
            "botocore": importlib.metadata.version("botocore"),
            "sagemaker-core": importlib.metadata.version("sagemaker-core"),
        },
        "domains": domains,
        "registries": {ids[key]: accounts for key, accounts in maps.items()},
        "frameworks": frameworks,
    }


def render(document: Mapping[str, Any]) -> bytes:
    """Deterministic, compact serialisation: sorted keys, no padding, one trailing newline."""
    return (json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n").encode()


def build() -> bytes:
    """The bytes of the image URI table for the installed sagemaker-core and botocore."""
    logging.disable(logging.WARNING)  # retrieve() logs every defaulted argument at INFO/WARNING
    try:
        return render(compact(resolved_table()))
    finally:
        logging.disable(logging.NOTSET)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the table")
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing")
    args = parser.parse_args(argv)

    data = build()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale; re-run {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{args.output} is current ({len(data)} bytes)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    document = json.loads(data)
    versions = sum(len(record["versions"]) for record in document["frameworks"].values())
    print(
        f"wrote {args.output} ({len(data)} bytes): {len(document['frameworks'])} frameworks, "
        f"{versions} versions, {len(document['domains'])} regions, {len(document['registries'])} registries"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

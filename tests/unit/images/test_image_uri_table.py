"""The SDK-free image table agrees with sagemaker-core's ``image_uris.retrieve`` and is up to date."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlops_orchestrator.core import images

ROOT = Path(__file__).resolve().parents[3]
TABLE = ROOT / "source" / "mlops_orchestrator" / "core" / "images" / "image_uris.json"
GENERATOR = ROOT / "tools" / "generate_image_uris.py"
MONITOR_FRAMEWORKS = {"model-monitor": "DataQuality", "clarify": "ModelBias"}
ALGORITHMS = [
    "blazingtext",
    "factorization-machines",
    "forecasting-deepar",
    "image-classification",
    "ipinsights",
    "kmeans",
    "knn",
    "lda",
    "linear-learner",
    "ntm",
    "object-detection",
    "object2vec",
    "pca",
    "randomcutforest",
    "semantic-segmentation",
    "seq2seq",
    "xgboost",
]

Retrieve = Callable[..., str]


def _table_frameworks() -> list[str]:
    return sorted(json.loads(TABLE.read_text())["frameworks"])


@pytest.fixture(scope="module")
def retrieve() -> Iterator[Retrieve]:
    """The SDK's retrieve, with only botocore's endpoint data cached (it is re-read on every call)."""
    from sagemaker.core import common_utils, image_uris

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common_utils, "_botocore_resolver", functools.cache(common_utils._botocore_resolver))
        yield image_uris.retrieve


def _sdk(retrieve: Retrieve, framework: str, version: str | None, region: str) -> str | None:
    try:
        return retrieve(framework=framework, region=region, version=version)
    except Exception:  # the SDK raises ValueError, KeyError or TypeError for what it cannot resolve
        return None


def _ours(lookup: Callable[[], str]) -> str | None:
    """The table's URI, or None where it says the image is not published in that region."""
    try:
        return lookup()
    except images.ImageLookupError as error:
        if error.field != "region":
            raise
        return None


@pytest.mark.parametrize("framework", _table_frameworks())
def test_table_matches_sdk_in_every_region(framework: str, retrieve: Retrieve) -> None:
    """Every version (aliases included) in every region: the same URI, or unavailable in both."""
    mismatches: list[tuple[str | None, str, str | None, str | None]] = []
    if framework in MONITOR_FRAMEWORKS:
        monitoring_type = MONITOR_FRAMEWORKS[framework]
        for region in images.regions():
            ours = _ours(functools.partial(images.monitor_image_uri, monitoring_type, region))
            theirs = _sdk(retrieve, framework, None, region)
            if ours != theirs:
                mismatches.append((None, region, ours, theirs))
    else:
        versions: list[str | None] = [*images.versions(framework), None]
        for version in versions:
            for region in images.regions():
                try:
                    ours = _ours(functools.partial(images.image_uri, framework, version, region))
                except images.ImageLookupError as error:  # no default version: the SDK must refuse too
                    assert version is None and error.field == "model_framework_version"
                    ours = None
                theirs = _sdk(retrieve, framework, version, region)
                if ours != theirs:
                    mismatches.append((version, region, ours, theirs))
    assert not mismatches, mismatches[:5]


def test_checked_in_table_is_current(tmp_path: Path) -> None:
    fresh = tmp_path / "image_uris.json"
    subprocess.run([sys.executable, str(GENERATOR), "--output", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == TABLE.read_bytes(), f"stale: run .venv/bin/python {GENERATOR.relative_to(ROOT)}"


def test_table_is_compact_and_records_its_source() -> None:
    from importlib.metadata import version

    assert TABLE.stat().st_size < 300_000
    document = json.loads(TABLE.read_text())
    assert document["generated_from"]["sagemaker-core"] == version("sagemaker-core")


def test_known_uris() -> None:
    assert images.image_uri("xgboost", "1.2-2", "us-east-1") == (
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-2"
    )
    assert images.monitor_image_uri("DataQuality", "us-east-1") == (
        "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
    )
    assert images.monitor_image_uri("ModelQuality", "us-east-1") == images.monitor_image_uri("DataQuality", "us-east-1")
    assert images.monitor_image_uri("ModelBias", "us-east-1") == (
        "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
    )
    assert images.monitor_image_uri("ModelExplainability", "us-east-1") == images.monitor_image_uri(
        "ModelBias", "us-east-1"
    )
    assert images.image_uri("kmeans", "1", "cn-north-1").endswith(".dkr.ecr.cn-north-1.amazonaws.com.cn/kmeans:1")


def test_listings() -> None:
    names = images.frameworks()
    assert names == sorted(names)
    assert set(ALGORITHMS) <= set(names)
    assert not set(MONITOR_FRAMEWORKS) & set(names)
    assert {"1", "1.2-2", "1.7-1", "latest"} <= set(images.versions("xgboost"))
    assert images.versions("kmeans") == ["1"]
    assert images.versions("xgboost").index("1") < images.versions("xgboost").index("1.2-2")
    assert {"us-east-1", "cn-north-1", "us-gov-west-1"} <= set(images.regions())


@pytest.mark.parametrize(
    ("framework", "version", "region", "field"),
    [
        ("not-an-algorithm", "1", "us-east-1", "model_framework"),
        ("XGBoost", "1.2-2", "us-east-1", "model_framework"),
        ("model-monitor", "", "us-east-1", "model_framework"),
        ("clarify", "1.0", "us-east-1", "model_framework"),
        ("xgboost", "99.9", "us-east-1", "model_framework_version"),
        ("xgboost", None, "us-east-1", "model_framework_version"),
        ("kmeans", "2", "us-east-1", "model_framework_version"),
        ("xgboost", "1.2-2", "mars-north-1", "region"),
        ("lda", "1", "cn-north-1", "region"),
    ],
)
def test_lookup_errors_name_the_field(framework: str, version: str | None, region: str, field: str) -> None:
    with pytest.raises(images.ImageLookupError) as caught:
        images.image_uri(framework, version, region)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)


def test_error_messages_list_allowed_values_briefly() -> None:
    with pytest.raises(images.ImageLookupError, match=r"'99\.9'.*1\.2-2.*1\.7-1") as caught:
        images.image_uri("xgboost", "99.9", "us-east-1")
    long = max(images.frameworks(), key=lambda name: len(images.versions(name)))
    assert len(images.versions(long)) > 10
    with pytest.raises(images.ImageLookupError) as truncated:
        images.image_uri(long, "0.0.0.0", "us-east-1")
    assert str(truncated.value).count(",") < 12
    assert images.versions(long)[-1] in str(truncated.value)
    with pytest.raises(images.ImageLookupError, match="did you mean 'xgboost'"):
        images.image_uri("XGBoost", "1", "us-east-1")
    assert "us-east-1" not in str(caught.value)


def test_monitor_errors() -> None:
    with pytest.raises(images.ImageLookupError) as caught:
        images.monitor_image_uri("ModelBias", "mars-north-1")
    assert caught.value.field == "region"
    with pytest.raises(ValueError, match="monitoring type") as unknown:
        images.monitor_image_uri("Drift", "us-east-1")
    assert not isinstance(unknown.value, images.ImageLookupError)


def test_versions_of_unknown_framework() -> None:
    with pytest.raises(images.ImageLookupError) as caught:
        images.versions("nope")
    assert caught.value.field == "model_framework"


def test_import_is_lazy_and_never_loads_the_sdk() -> None:
    script = (
        "import sys, mlops_orchestrator.core.images as m\n"
        "assert m._table.cache_info().currsize == 0\n"
        "m.image_uri('xgboost', '1.2-2', 'us-east-1')\n"
        "assert not any(k.startswith('sagemaker') for k in sys.modules), 'sagemaker imported'\n"
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "source")}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=ROOT)

"""Local mode's botocore loaders share parsed data files, keyed so that different extras stay apart."""

from __future__ import annotations

import botocore.session
from botocore.loaders import Loader

from mlops_orchestrator.local.sdk_models import share_parsed_models


def test_sessions_share_one_parsed_model_once_installed() -> None:
    # Without the sharing, each session's loader parses its own copy (botocore caches per loader only).
    share_parsed_models()
    share_parsed_models()  # idempotent
    loaders = [botocore.session.get_session().get_component("data_loader") for _ in range(2)]

    first, second = (loader.load_service_model("sqs", "service-2") for loader in loaders)
    assert first is second
    assert first["metadata"]["endpointPrefix"] == "sqs"


def test_loaders_with_other_extras_keep_their_own_copy() -> None:
    share_parsed_models()
    plain, other = Loader(), Loader()
    other.extras_types.append("mlops-test")  # as moto adds its own extras to its loaders

    assert plain.load_data("sqs/2012-11-05/service-2") is not other.load_data("sqs/2012-11-05/service-2")

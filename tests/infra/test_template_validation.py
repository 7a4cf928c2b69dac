"""CDK's built-in CloudFormation validation (what `npx cdk synth` runs) finds nothing unacknowledged.

The suite synthesizes with that validation off for speed (CDK_VALIDATION=false) and relies on cfn-lint;
this test turns it on once for every template the app ships, so a user's `cdk synth` stays free of warnings
and each acknowledged finding keeps its reason on the one construct it belongs to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from mlops_orchestrator.blueprints.stacks import BLUEPRINT_STACKS
from mlops_orchestrator.infrastructure.app_context import FEATURE_FLAGS
from mlops_orchestrator.infrastructure.nag import acknowledge_template_check, enable_checks
from mlops_orchestrator.orchestrator.stack import multi_account, single_account

PLUGIN = "CloudFormation Validate"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, empty_blueprints: Path) -> dict[str, Any]:
    outdir = tmp_path_factory.mktemp("validated")
    app = cdk.App(outdir=str(outdir), context=FEATURE_FLAGS)
    enable_checks(app)
    # Registered explicitly: the environment variable that switches the built-in instance off stays set.
    cdk.Validations.of(app).add_plugins(cdk.CloudFormationValidatePlugin())
    single_account(app, empty_blueprints)
    multi_account(app, empty_blueprints)
    for entry in BLUEPRINT_STACKS:
        entry.build(app)
    app.synth()
    return dict(json.loads((outdir / "validation-report.json").read_text()))


def _plugin(report: dict[str, Any]) -> dict[str, Any]:
    found = [plugin for plugin in report["pluginReports"] if plugin["pluginName"] == PLUGIN]
    assert len(found) == 1, [plugin["pluginName"] for plugin in report["pluginReports"]]
    return found[0]


def test_every_template_passes_cdks_builtin_validation(report: dict[str, Any]) -> None:
    findings = [
        f"{v['ruleName']} {v['description']} @ {[c['constructPath'] for c in v['violatingConstructs']]}"
        for v in _plugin(report)["violations"]
    ]
    assert findings == []


def test_each_acknowledgement_sits_on_the_construct_it_excuses_and_gives_a_reason(report: dict[str, Any]) -> None:
    acknowledged = _plugin(report).get("suppressedViolations", [])
    assert acknowledged, "the known false positives (empty parameter defaults inside Fn::If) are acknowledged"
    for finding in acknowledged:
        paths = [construct["constructPath"] for construct in finding["violatingConstructs"]]
        # On the resource itself (or the stack, for findings in Outputs), never a parent that hides others.
        assert paths == [finding["acknowledgedAt"]], finding["description"]
        assert len(finding["reason"]) >= 20, finding["acknowledgedId"]


def test_an_acknowledgement_needs_a_real_reason() -> None:
    stack = cdk.Stack(cdk.App())
    with pytest.raises(ValueError, match="real reason"):
        acknowledge_template_check(stack, "W1001", "fine")

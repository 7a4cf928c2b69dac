"""Property tests on validation and planning: any body is either planned or refused with named fields."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlops_orchestrator.core.errors import RequestValidationError
from mlops_orchestrator.core.planning import plan_request
from mlops_orchestrator.core.validation import validate_request
from tests.reliability.bodies import MODES, Mutated, mutated_bodies
from tests.reliability.checks import mutated_key_is_named, problems_are_named
from tests.reliability.modes import budget
from tests.reliability.tally import TALLY
from tests.support import mode_settings

AREA = "fuzz: validate_request + plan"
SETTINGS = {name: mode_settings(mode) for name, mode in MODES.items()}


def check(mode: str, mutated: Mutated) -> None:
    settings_ = SETTINGS[mode]
    try:
        plan = plan_request(validate_request(mutated.body, settings_), settings_)
    except RequestValidationError as error:
        TALLY.case(AREA, 400)
        problems: list[dict[str, Any]] = [problem.as_dict() for problem in error.problems]
        problems_are_named(problems)
        mutated_key_is_named(problems, mutated.key)
        assert error.detailed_message.strip()
        return
    except Exception:
        TALLY.failure(AREA)
        raise
    TALLY.case(AREA, 200)
    assert plan.pipeline_stack and len(plan.pipeline_stack) <= 128


@settings(max_examples=budget(1500, 36_000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mode=st.sampled_from(sorted(MODES)), data=st.data())
def test_any_body_is_planned_or_refused_with_named_fields(mode: str, data: st.DataObject) -> None:
    check(mode, data.draw(mutated_bodies(mode)))

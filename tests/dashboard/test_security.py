"""CSRF on every state-changing request, escaping of everything from AWS, headers, Host check, no CORS."""

from __future__ import annotations

import pytest

from mlops_orchestrator.dashboard.security import is_loopback

from .fakes import FakeCodePipeline, Harness, listed, status_answer

SCRIPT = "<script>alert('pwned')</script>"

WAITING_STATE = {
    "pipelineName": "mlops-pipeline-codepipeline",
    "stageStates": [
        {
            "stageName": "DeployDev",
            "actionStates": [
                {"actionName": "DeployStaging", "latestExecution": {"status": "InProgress", "token": "tok-1"}}
            ],
        }
    ],
}


@pytest.fixture
def harness() -> Harness:
    harness = Harness({"codepipeline": FakeCodePipeline(WAITING_STATE)})
    harness.api.routes["/listpipelines"] = lambda body: (200, {"pipelines": [listed(SCRIPT, "mlops-evil")]})
    answer = status_answer(
        {"Source": "Succeeded", "DeployDev": "Failed"},
        failures=[{"stage": "DeployDev", "action": SCRIPT, "reason": f"bad {SCRIPT} reason"}],
        approvals=[{"stage": "DeployDev", "action": "DeployStaging"}],
    )
    answer["summary"]["deployments"] = [
        {"stage": "dev", "status": "CREATE_COMPLETE", "stack": "s", "outputs": {"Url": SCRIPT}}
    ]
    answer["summary"]["request"] = {"model_name": SCRIPT}
    harness.api.routes["/pipelinestatus"] = lambda body: (200, answer)
    harness.api.routes["/provisionpipeline"] = lambda body: (
        200,
        {"plan": {"stages": {"dev": {"parameters": {"ModelName": SCRIPT}}}}},
    )
    return harness


@pytest.mark.parametrize("path", ["/pipelines", "/pipelines/mlops-evil", "/approvals", f"/pipelines/{SCRIPT}"])
def test_names_and_reasons_from_aws_render_as_text(harness: Harness, path: str) -> None:
    html = harness.client.get(path).get_data(as_text=True)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in html


def test_every_answer_carries_a_strict_csp_and_no_cors(harness: Harness) -> None:
    for path in ("/pipelines", "/static/dashboard.js", "/nowhere"):
        answer = harness.client.get(path, headers={"Origin": "https://evil.example"})
        policy = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe" not in policy
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert not any(name.lower().startswith("access-control-") for name, _ in answer.headers)


def test_pages_have_no_inline_script_or_style(harness: Harness) -> None:
    html = harness.client.get("/pipelines/mlops-evil").get_data(as_text=True)

    assert html.count("<script") == 2 and html.count('<script src="/static/') == 2
    assert "<style" not in html and " style=" not in html and " onclick" not in html


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_a_state_change_without_the_sessions_csrf_token_is_refused_and_does_nothing(
    harness: Harness, token: str | None
) -> None:
    harness.csrf_token()
    form = {"pipeline": "mlops-evil", "verdict": "approve", **({"csrf_token": token} if token is not None else {})}

    answer = harness.client.post("/approvals", data=form)

    assert answer.status_code == 403
    assert "did not come from this dashboard" in answer.get_data(as_text=True)
    assert harness.aws["codepipeline"].answers == []
    assert harness.client.post("/pipelines/mlops-evil/deprovision", data=form).status_code == 403
    assert "/deprovisionpipeline" not in harness.api.paths()


def test_the_csrf_token_of_the_session_approves_in_codepipeline(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post(
        "/approvals",
        data={
            "pipeline": "mlops-evil",
            "stage": "staging",
            "verdict": "approve",
            "comment": "ok",
            "next": "/pipelines/mlops-evil",
        },
        headers={"X-CSRF-Token": token},
    )

    assert answer.status_code == 302 and answer.headers["Location"] == "/pipelines/mlops-evil"
    assert harness.aws["codepipeline"].answers == [
        {
            "pipelineName": "mlops-pipeline-codepipeline",
            "stageName": "DeployDev",
            "actionName": "DeployStaging",
            "result": {"summary": "ok", "status": "Approved"},
            "token": "tok-1",
        }
    ]
    page = harness.client.get("/pipelines/mlops-evil").get_data(as_text=True)
    assert (
        "Approved DeployDev / DeployStaging of mlops-pipeline-codepipeline: the pipeline deploys to staging now."
        in page
    )


def test_after_an_approval_the_dashboard_redirects_only_within_itself(harness: Harness) -> None:
    token = harness.csrf_token()
    form = {"csrf_token": token, "pipeline": "mlops-evil", "verdict": "reject", "next": "//evil.example/x"}

    answer = harness.client.post("/approvals", data=form)

    assert answer.headers["Location"] == "/approvals"
    assert harness.aws["codepipeline"].answers[0]["result"]["status"] == "Rejected"


def test_an_incomplete_approval_form_is_a_400(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post("/approvals", data={"csrf_token": token, "pipeline": "x", "verdict": "maybe"})

    assert answer.status_code == 400 and harness.aws["codepipeline"].answers == []


def test_another_host_name_is_refused_on_loopback(harness: Harness) -> None:
    assert harness.client.get("/pipelines", headers={"Host": "rebound.evil.example"}).status_code == 400
    assert harness.client.get("/pipelines", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def test_the_session_cookie_is_http_only_and_same_site_strict(harness: Harness) -> None:
    cookie = harness.client.get("/pipelines").headers["Set-Cookie"]

    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("10.0.0.5", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback

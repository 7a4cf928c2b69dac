"""The pages over a faked API: what the pipelines list and a pipeline's page show, filters, live fragments, errors."""

from __future__ import annotations

import pytest

from .fakes import Harness, listed, status_answer

FAILED_REASON = "Stack mlops-x could not be created: KmsKeyArn must be an ARN"


@pytest.fixture
def harness() -> Harness:
    harness = Harness()
    pipelines = [
        listed("churn", "mlops-churn-byompipelinerealtimebuiltin"),
        listed("fraud", "mlops-fraud-byompipelinebatchbuiltin", "byom_batch_builtin"),
    ]
    answers = {
        pipelines[0]["stack_name"]: status_answer({"Source": "Succeeded", "DeployCloudFormation": "Succeeded"}),
        pipelines[1]["stack_name"]: status_answer(
            {"Source": "Succeeded", "DeployCloudFormation": "Failed"},
            failures=[{"stage": "DeployCloudFormation", "action": "deploy", "reason": FAILED_REASON}],
        ),
    }
    harness.api.routes["/listpipelines"] = lambda body: (200, {"pipelines": pipelines})
    # The list addresses pipelines by stack id, the pages by stack name: the API takes both.
    harness.api.routes["/pipelinestatus"] = lambda body: (
        200,
        answers[body["pipeline_id"].split("/")[-2 if "/" in body["pipeline_id"] else -1]],
    )
    return harness


def test_the_list_shows_each_pipeline_with_its_type_stages_last_change_and_failure(harness: Harness) -> None:
    page = harness.client.get("/pipelines")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "churn" in html and "fraud" in html and "byom_batch_builtin" in html
    # Each step carries its status as a word and a symbol, not only a colour.
    assert (
        'class="step succeeded"><span class="symbol" aria-hidden="true">✓</span> Source: <span class="status">Succeeded</span>'
        in html
    )
    assert (
        'class="step failed"><span class="symbol" aria-hidden="true">✗</span> DeployCloudFormation: <span class="status">Failed</span>'
        in html
    )
    assert "2026-12-04 10:11:12 UTC" in html
    assert f"Failure:</span> {FAILED_REASON}" in html
    assert html.count("Failure:") == 1


def test_the_filters_keep_only_matching_pipelines(harness: Harness) -> None:
    by_status = harness.client.get("/pipelines?status=failed").get_data(as_text=True)
    by_type = harness.client.get("/pipelines/rows?type=byom_realtime_builtin").get_data(as_text=True)
    nothing = harness.client.get("/pipelines/rows?type=byom_image_builder").get_data(as_text=True)

    assert "fraud" in by_status and ">churn<" not in by_status
    assert ">churn<" in by_type and "fraud" not in by_type
    assert "No pipeline matches these filters." in nothing


def test_the_live_fragment_polls_with_the_same_filters(harness: Harness) -> None:
    fragment = harness.client.get("/pipelines/rows?status=failed", headers={"HX-Request": "true"})

    html = fragment.get_data(as_text=True)
    assert html.lstrip().startswith('<tbody id="pipeline-rows"')
    assert 'hx-get="/pipelines/rows?status=failed"' in html and 'hx-trigger="every 5s"' in html
    assert "<html" not in html


def test_one_unreadable_pipeline_does_not_hide_the_others(harness: Harness) -> None:
    def status(body: dict[str, str]) -> tuple[int, dict[str, object]]:
        if "fraud" in body["pipeline_id"]:
            return 500, {"message": "Internal server error"}
        return 200, status_answer({"Source": "Succeeded"})

    harness.api.routes["/pipelinestatus"] = status
    html = harness.client.get("/pipelines").get_data(as_text=True)

    assert ">churn<" in html
    assert "Cannot read its status: HTTP 500" in html


def test_a_pipeline_page_shows_stages_actions_times_failures_and_deprovision(harness: Harness) -> None:
    page = harness.client.get("/pipelines/mlops-fraud-byompipelinebatchbuiltin")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "DeployCloudFormationAction" in html and "2026-12-04 10:11:12 UTC" in html
    assert f'<p class="reason">{FAILED_REASON}</p>' in html
    assert 'href="/pipelines/mlops-fraud-byompipelinebatchbuiltin/deprovision"' in html
    assert harness.api.requests[-1] == ("/pipelinestatus", {"pipeline_id": "mlops-fraud-byompipelinebatchbuiltin"})


def test_a_pipeline_that_is_not_found_is_a_404_page_with_the_apis_words(harness: Harness) -> None:
    harness.api.routes["/pipelinestatus"] = lambda body: (404, {"message": "Pipeline not found: nope"})

    page = harness.client.get("/pipelines/nope")

    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "Pipeline not found: nope" in html and 'role="alert"' in html


def test_an_unreachable_api_is_a_502_that_says_where(harness: Harness) -> None:
    del harness.api.routes["/listpipelines"]

    page = harness.client.get("/pipelines")

    assert page.status_code == 502
    assert "cannot reach the API at https://abc123.execute-api" in page.get_data(as_text=True)


def test_expired_credentials_are_explained_and_reloaded_on_the_next_request(harness: Harness) -> None:
    harness.api.routes["/listpipelines"] = lambda body: (
        403,
        {"message": "The security token included in the request is expired"},
    )
    first = harness.client.get("/pipelines")
    harness.api.routes["/listpipelines"] = lambda body: (200, {"pipelines": []})
    second = harness.client.get("/pipelines")

    assert first.status_code == 403
    assert "expired" in first.get_data(as_text=True)
    assert second.status_code == 200 and "No pipelines yet." in second.get_data(as_text=True)
    assert harness.connects == 2


def test_the_deprovision_confirmation_lists_what_would_be_deleted_and_deletes_nothing(harness: Harness) -> None:
    harness.api.routes["/deprovisionpipeline"] = lambda body: (
        200,
        {"message": "Dry run: nothing was deleted.", "would_delete": ["stack mlops-churn", "template.zip"]},
    )

    page = harness.client.get("/pipelines/mlops-churn/deprovision")

    html = page.get_data(as_text=True)
    assert "<li>stack mlops-churn</li>" in html and "Yes, deprovision mlops-churn" in html
    assert harness.api.requests[-1] == ("/deprovisionpipeline", {"pipeline_id": "mlops-churn", "dry_run": True})


def test_deprovision_after_confirmation_says_what_happened(harness: Harness) -> None:
    harness.api.routes["/deprovisionpipeline"] = lambda body: (
        200,
        {"message": "Pipeline is being deleted.", "status": "deleting", "deleting": ["stack mlops-churn"]},
    )
    token = harness.csrf_token()

    answer = harness.client.post("/pipelines/mlops-churn/deprovision", data={"csrf_token": token})
    page = harness.client.get(answer.headers["Location"])

    assert answer.status_code == 302
    assert [body for path, body in harness.api.requests if path == "/deprovisionpipeline"] == [
        {"pipeline_id": "mlops-churn"}
    ]
    assert "Pipeline is being deleted. Still deleting: stack mlops-churn." in page.get_data(as_text=True)


def test_the_static_files_ship_with_the_package_and_nothing_else_is_served(harness: Harness) -> None:
    htmx = harness.client.get("/static/htmx-2.0.11.min.js")
    css = harness.client.get("/static/dashboard.css")

    assert htmx.status_code == 200 and htmx.mimetype == "text/javascript" and b"htmx" in htmx.data
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert harness.client.get("/static/__init__.py").status_code == 404
    assert harness.client.get("/static/..%2fapp.py").status_code == 404


def test_a_pipeline_page_shows_what_each_stage_deployed_its_parameters_and_the_request(harness: Harness) -> None:
    request = {"pipeline_type": "byom_realtime_builtin", "model_name": "churn", "model_package_name": "arn:pkg/churn/3"}
    answer = status_answer({"Source": "Succeeded", "DeployDev": "Succeeded"})
    answer["summary"]["request"] = request
    answer["summary"]["deployments"] = [
        {
            "stage": "default",
            "status": "CREATE_COMPLETE",
            "stack": "mlops-churn-bp",
            "model_package": "arn:pkg/churn/<script>3</script>",
            "outputs": {"Endpoint": "churn-ep"},
        },
        {"stage": "prod", "status": "NOT_DEPLOYED", "stackset": "mlops-churn-prod", "instances": []},
    ]
    plan = {
        "stages": {
            "dev": {"parameters": {"ModelName": "churn", "KmsKeyArn": ""}},
            "prod": {"parameters": {"ModelName": "churn-prod"}},
        }
    }
    harness.api.routes["/pipelinestatus"] = lambda body: (200, answer)
    harness.api.routes["/provisionpipeline"] = lambda body: (200, {"message": "Dry run", "plan": plan})

    html = harness.client.get("/pipelines/mlops-churn").get_data(as_text=True)

    assert "<dt>Model package</dt><dd>arn:pkg/churn/3</dd>" in html
    assert "stack mlops-churn-bp" in html and "<dt>Endpoint</dt><dd>churn-ep</dd>" in html
    assert "model package arn:pkg/churn/&lt;script&gt;3&lt;/script&gt;</span>" in html
    assert "StackSet mlops-churn-prod" in html and "NOT_DEPLOYED" in html
    assert '<th scope="col">dev</th><th scope="col">prod</th>' in html
    assert '<tr><th scope="row">ModelName</th><td>churn</td><td>churn-prod</td></tr>' in html
    # Empty in dev, and not a parameter in prod (a dash).
    assert '<td><span class="sub">(empty)</span></td><td>\N{EN DASH}</td>' in html
    assert "&#34;model_package_name&#34;: &#34;arn:pkg/churn/3&#34;" in html
    assert ("/provisionpipeline", {**request, "dry_run": True}) in harness.api.requests


def test_a_stored_request_that_no_longer_plans_still_shows_the_page(harness: Harness) -> None:
    answer = status_answer({"Source": "Succeeded"})
    answer["summary"]["request"] = {"pipeline_type": "byom_realtime_builtin"}
    harness.api.routes["/pipelinestatus"] = lambda body: (200, answer)
    harness.api.routes["/provisionpipeline"] = lambda body: (400, {"message": "Bad request", "errors": []})

    page = harness.client.get("/pipelines/mlops-churn")

    assert page.status_code == 200
    assert "cannot plan the stored request now (HTTP 400" in page.get_data(as_text=True)


def test_a_failed_refresh_is_shown_in_place_and_polling_goes_on(harness: Harness) -> None:
    harness.api.routes["/listpipelines"] = lambda body: (500, {"message": "Internal server error"})
    harness.api.routes["/pipelinestatus"] = lambda body: (500, {"message": "Internal server error"})

    rows = harness.client.get("/pipelines/rows", headers={"HX-Request": "true"})
    live = harness.client.get("/pipelines/mlops-churn/live", headers={"HX-Request": "true"})

    for answer, element in ((rows, '<tbody id="pipeline-rows"'), (live, '<div id="pipeline-live"')):
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200  # htmx swaps only a success: the error has to arrive as one
        assert html.lstrip().startswith(element) and 'hx-trigger="every 5s"' in html
        assert "Cannot refresh" in html and "HTTP 500" in html and 'role="alert"' in html


def test_a_pipeline_page_shows_its_release_history_as_text(harness: Harness) -> None:
    answer = status_answer({"Source": "Succeeded", "DeployCloudFormation": "Succeeded"})
    answer["summary"]["releases"] = [
        {"time": "2026-12-04T10:00:01+00:00", "version": 1, "cause": "request", "model_package": "arn:pkg/churn/1"},
        {"time": "2026-12-04T11:00:02+00:00", "version": 2, "cause": "<script>x</script>", "model_package": "p/2"},
    ]
    harness.api.routes["/pipelinestatus"] = lambda body: (200, answer)
    harness.api.routes["/provisionpipeline"] = lambda body: (200, {"message": "Dry run", "plan": {}})

    html = harness.client.get("/pipelines/mlops-churn").get_data(as_text=True)

    releases = html.split('<table class="releases">', 1)[1].split("</table>", 1)[0]
    assert '<td>2026-12-04 10:00:01 UTC</td><th scope="row">1</th><td>request</td>' in releases
    assert "<td>&lt;script&gt;x&lt;/script&gt;</td><td>p/2</td>" in releases
    assert "<script>x" not in html

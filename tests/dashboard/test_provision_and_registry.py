"""The provision page (checked by the API's dry run as it is typed, then submitted) and the registry page (moto)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from .fakes import Harness, listed

PLAN = {
    "pipeline_type": "byom_realtime_builtin",
    "stack_name": "mlops-churn-byompipelinerealtimebuiltin",
    "pipeline_template": "single_account_codepipeline.yaml",
    "blueprint": "realtime_inference.yaml",
    "stages": {},
}
FIELD_ERRORS = {
    "message": "Bad request. The request has invalid fields.",
    "errors": [
        {"field": "model_name", "message": "is required"},
        {"field": "inference_instance", "message": "ml.m5.hugee is not an instance type <script>x</script>"},
    ],
}


def provision_api(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if "model_name" not in body:
        return 400, FIELD_ERRORS
    if body.get("dry_run"):
        return 200, {"message": "Dry run: nothing was created.", "plan": PLAN, "warnings": []}
    return 200, {"message": "success: stack creation started", "pipeline_id": "mlops-churn-byompipelinerealtimebuiltin"}


@pytest.fixture
def harness() -> Harness:
    harness = Harness()
    harness.api.routes["/provisionpipeline"] = provision_api
    return harness


def test_the_check_names_every_offending_field_from_the_apis_dry_run(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post(
        "/provision/check", data={"request": '{"pipeline_type": "byom_realtime_builtin"}', "csrf_token": token}
    )

    html = answer.get_data(as_text=True)
    assert "<li><code>model_name</code>: is required</li>" in html
    assert "<code>inference_instance</code>: ml.m5.hugee is not an instance type &lt;script&gt;" in html
    assert harness.api.requests[-1] == (
        "/provisionpipeline",
        {"pipeline_type": "byom_realtime_builtin", "dry_run": True},
    )


def test_a_valid_request_shows_the_plan_and_creates_nothing(harness: Harness) -> None:
    token = harness.csrf_token()

    html = harness.client.post(
        "/provision/check", data={"request": '{"model_name": "churn"}'}, headers={"X-CSRF-Token": token}
    ).get_data(as_text=True)

    assert "Valid. Dry run: nothing was created." in html
    assert "mlops-churn-byompipelinerealtimebuiltin" in html and '<pre class="plan">' in html
    assert [body.get("dry_run") for path, body in harness.api.requests if path == "/provisionpipeline"] == [True]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", "Paste or upload a request to check it."),
        ('{"model_name": ', "not valid JSON: line 1, column 16: Expecting value"),
        ("[1, 2]", "the request must be one JSON object"),
    ],
)
def test_what_is_not_a_json_object_is_explained_without_asking_the_api(harness: Harness, text: str, shown: str) -> None:
    token = harness.csrf_token()

    html = harness.client.post("/provision/check", data={"request": text, "csrf_token": token}).get_data(as_text=True)

    assert shown in html
    assert "/provisionpipeline" not in harness.api.paths()


def test_submitting_a_bad_request_keeps_it_on_the_page_with_its_errors(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post("/provision", data={"request": '{"pipeline_type": "x"}', "csrf_token": token})

    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert "<li><code>model_name</code>: is required</li>" in html
    assert "{&#34;pipeline_type&#34;: &#34;x&#34;}</textarea>" in html


def test_submitting_a_good_request_provisions_and_opens_the_pipeline(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post("/provision", data={"request": '{"model_name": "churn"}', "csrf_token": token})

    assert answer.status_code == 302
    assert answer.headers["Location"] == "/pipelines/mlops-churn-byompipelinerealtimebuiltin"
    assert harness.api.requests[-1] == ("/provisionpipeline", {"model_name": "churn"})


def test_an_uploaded_file_is_used_when_the_box_is_empty(harness: Harness) -> None:
    token = harness.csrf_token()

    answer = harness.client.post(
        "/provision",
        data={"request": "", "csrf_token": token, "upload": (io.BytesIO(b'{"model_name": "churn"}'), "churn.json")},
        content_type="multipart/form-data",
    )

    assert answer.status_code == 302
    assert harness.api.requests[-1] == ("/provisionpipeline", {"model_name": "churn"})


def test_checking_and_submitting_need_the_csrf_token(harness: Harness) -> None:
    harness.csrf_token()

    assert harness.client.post("/provision/check", data={"request": "{}"}).status_code == 403
    assert harness.client.post("/provision", data={"request": '{"model_name": "churn"}'}).status_code == 403
    assert "/provisionpipeline" not in harness.api.paths()


@pytest.fixture
def sagemaker() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("sagemaker", region_name="us-east-1")
        client.create_model_package_group(ModelPackageGroupName="churn", ModelPackageGroupDescription="<b>churn</b>")
        for _ in range(2):
            client.create_model_package(
                ModelPackageGroupName="churn",
                ModelApprovalStatus="PendingManualApproval",
                InferenceSpecification={
                    "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1"}],
                    "SupportedContentTypes": ["text/csv"],
                    "SupportedResponseMIMETypes": ["text/csv"],
                },
            )
        yield client


def test_the_registry_lists_versions_per_group_with_their_status(sagemaker: Any) -> None:
    harness = Harness({"sagemaker": sagemaker})

    html = harness.client.get("/registry").get_data(as_text=True)

    assert '<h2 id="group-1">churn</h2>' in html and "&lt;b&gt;churn&lt;/b&gt;" in html
    assert html.count("PendingManualApproval</span>") == 2
    assert "model-package/churn/2" in html


def test_approving_a_version_in_the_registry_updates_it_in_sagemaker(sagemaker: Any) -> None:
    harness = Harness({"sagemaker": sagemaker})
    token = harness.csrf_token()
    arn = sagemaker.list_model_packages(ModelPackageGroupName="churn")["ModelPackageSummaryList"][0]["ModelPackageArn"]

    answer = harness.client.post(
        "/registry", data={"csrf_token": token, "arn": arn, "status": "Approved", "comment": "good AUC"}
    )

    assert answer.status_code == 302
    described = sagemaker.describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "Approved"
    assert f"{arn} is Approved now." in harness.client.get("/registry").get_data(as_text=True)


def test_the_registry_form_needs_its_token_and_a_known_status(sagemaker: Any) -> None:
    harness = Harness({"sagemaker": sagemaker})
    token = harness.csrf_token()
    arn = sagemaker.list_model_packages(ModelPackageGroupName="churn")["ModelPackageSummaryList"][0]["ModelPackageArn"]

    assert harness.client.post("/registry", data={"arn": arn, "status": "Approved"}).status_code == 403
    assert (
        harness.client.post("/registry", data={"csrf_token": token, "arn": arn, "status": "Maybe"}).status_code == 400
    )
    assert sagemaker.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_an_empty_registry_says_so() -> None:
    with mock_aws():
        harness = Harness({"sagemaker": boto3.client("sagemaker", region_name="us-east-1")})
        assert "No model package groups" in harness.client.get("/registry").get_data(as_text=True)


def test_the_registry_shows_which_pipeline_and_stage_runs_each_version_as_text(sagemaker: Any) -> None:
    harness = Harness({"sagemaker": sagemaker})
    packages = sagemaker.list_model_packages(ModelPackageGroupName="churn")["ModelPackageSummaryList"]
    v1 = next(item["ModelPackageArn"] for item in packages if item["ModelPackageArn"].endswith("/1"))
    stack_name = "<script>alert(1)</script>"
    # The API's follower lookup: only the group's followers, asked for by group.
    harness.api.routes["/listpipelines"] = lambda body: (
        200,
        {"pipelines": [listed("churn", stack_name)] if body == {"model_package_group_name": "churn"} else []},
    )
    harness.api.routes["/pipelinestatus"] = lambda body: (
        200,
        {"summary": {"deployments": [{"stage": "prod", "model_package": v1}]}},
    )

    html = harness.client.get("/registry").get_data(as_text=True)

    rows = {arn: html.split(arn, 1)[1].split("</tr>", 1)[0] for arn in (v1, v1[:-1] + "2")}
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt; (prod)</li>" in rows[v1]
    assert "<li>" not in rows[v1[:-1] + "2"]
    assert "<script>alert" not in html


def test_the_registry_still_lists_versions_when_the_api_cannot_say_what_runs_them(sagemaker: Any) -> None:
    harness = Harness({"sagemaker": sagemaker})  # no API routes: the API is unreachable

    html = harness.client.get("/registry").get_data(as_text=True)

    assert "Which pipelines run each version is unknown: cannot reach the API" in html
    assert html.count('<td class="runs-in">unknown') == 2

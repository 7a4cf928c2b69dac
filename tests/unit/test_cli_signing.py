"""The CLI's SigV4 signing: what it sends verifies against botocore's SigV4 for the same request.

The check plays the API Gateway side: it takes the request exactly as urllib would send it (URL, body
bytes, headers), recomputes the signature with botocore from those and compares the Authorization header.
"""

from __future__ import annotations

import datetime
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from mlops_orchestrator.cli.exit_codes import EXIT_SERVER, EXIT_USAGE, CliError
from mlops_orchestrator.cli.http_client import ApiClient, Signer, default_signer, region_from_url

URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod"
FIXED_TIME = datetime.datetime(2025, 3, 4, 5, 6, 7)
ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


class Recorder:
    """Stands in for urlopen: keeps the urllib Request the client built and answers 200 with JSON."""

    def __init__(self) -> None:
        self.sent: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> Any:
        self.sent.append(request)
        response = io.BytesIO(json.dumps({"message": "ok"}).encode())
        response.status = 200  # type: ignore[attr-defined]
        return response


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: FIXED_TIME)


@pytest.fixture
def isolated_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only what a test sets: no profile files, no tokens left by tests/conftest.py, no metadata service."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def _send(signer: Signer | None, body: dict[str, Any], url: str = URL) -> urllib.request.Request:
    recorder = Recorder()
    assert ApiClient(url, signer, opener=recorder).post("/provisionpipeline", body) == {"message": "ok"}
    (request,) = recorder.sent
    return request


def _expected_authorization(request: urllib.request.Request, credentials: Credentials, region: str) -> str:
    """What a verifier computes from the received request: botocore's canonical request, string to sign, HMAC."""
    headers = {name: value for name, value in request.header_items() if name.lower() != "authorization"}
    received = AWSRequest(method=request.get_method(), url=request.full_url, data=request.data, headers=headers)
    received.context["timestamp"] = headers["X-amz-date"]
    auth = SigV4Auth(credentials, "execute-api", region)
    canonical = auth.canonical_request(received)
    signature = auth.signature(auth.string_to_sign(received, canonical), received)
    scope = f"{ACCESS_KEY}/{headers['X-amz-date'][:8]}/{region}/execute-api/aws4_request"
    return f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders={auth.signed_headers(auth.headers_to_sign(received))}, Signature={signature}"


def test_a_signed_request_verifies_against_botocore_sigv4(fixed_time: None) -> None:
    credentials = Credentials(ACCESS_KEY, SECRET_KEY)
    request = _send(Signer(credentials, "eu-west-1"), {"pipeline_type": "byom_batch_builtin", "model_name": "m"})

    assert request.full_url == f"{URL}/provisionpipeline"
    assert request.get_header("X-amz-date") == "20250304T050607Z"
    authorization = request.get_header("Authorization")
    assert authorization == _expected_authorization(request, credentials, "eu-west-1")
    assert "SignedHeaders=accept;content-type;host;x-amz-date," in authorization
    assert "/20250304/eu-west-1/execute-api/aws4_request" in authorization


def test_the_signature_covers_the_body(fixed_time: None) -> None:
    credentials = Credentials(ACCESS_KEY, SECRET_KEY)
    request = _send(Signer(credentials, "eu-west-1"), {"pipeline_id": "a"})

    request.data = json.dumps({"pipeline_id": "b"}).encode()  # what a tampered request would carry
    assert request.get_header("Authorization") != _expected_authorization(request, credentials, "eu-west-1")


def test_a_session_token_is_sent_and_signed(fixed_time: None) -> None:
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token="session-token-value")
    request = _send(Signer(credentials, "eu-west-1"), {"pipeline_id": "a"})

    assert request.get_header("X-amz-security-token") == "session-token-value"
    assert "x-amz-security-token" in request.get_header("Authorization")
    assert request.get_header("Authorization") == _expected_authorization(request, credentials, "eu-west-1")


@pytest.mark.parametrize("url", ["http://127.0.0.1:35335", "http://localhost:8080/", "http://[::1]:9000"])
def test_local_mode_is_never_signed_and_needs_no_credentials(url: str, isolated_credentials: None) -> None:
    assert default_signer(url) is None
    request = _send(default_signer(url), {"pipeline_id": "a"}, url)
    assert request.get_header("Authorization") is None
    assert request.get_header("X-amz-date") is None


def test_credentials_come_from_the_standard_chain(isolated_credentials: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDFROMENVIRONMENT")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)

    signer = default_signer(URL)

    assert signer is not None
    assert signer.credentials.access_key == "AKIDFROMENVIRONMENT"
    assert signer.region == "eu-west-1"  # read from the execute-api host
    assert "Credential=AKIDFROMENVIRONMENT/" in _send(signer, {"pipeline_id": "a"}).get_header("Authorization")


def test_a_profile_is_read_from_the_config_files(isolated_credentials: None, tmp_path: Path) -> None:
    (tmp_path / "credentials").write_text(
        f"[team]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = {SECRET_KEY}\n"
    )
    (tmp_path / "config").write_text("[profile team]\nregion = ap-southeast-2\n")

    signer = default_signer("https://api.example.com/prod", profile="team")

    assert signer is not None
    assert (signer.credentials.access_key, signer.region) == ("AKIDPROFILE", "ap-southeast-2")


def test_the_region_option_wins_and_custom_domains_fall_back_to_aws_region(
    isolated_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", "ca-central-1")

    assert region_from_url("https://api.example.com/prod") is None
    assert default_signer(URL, region="us-west-2").region == "us-west-2"  # type: ignore[union-attr]
    assert default_signer(URL).region == "eu-west-1"  # type: ignore[union-attr]
    assert default_signer("https://api.example.com/prod").region == "ca-central-1"  # type: ignore[union-attr]

    monkeypatch.delenv("AWS_REGION")
    with pytest.raises(CliError) as missing:
        default_signer("https://api.example.com/prod")
    assert missing.value.exit_code == EXIT_USAGE
    assert "--region" in str(missing.value)


def test_no_credentials_is_one_clear_error(isolated_credentials: None) -> None:
    with pytest.raises(CliError) as missing:
        default_signer(URL)
    assert missing.value.exit_code == EXIT_SERVER
    assert str(missing.value).startswith("no AWS credentials found")

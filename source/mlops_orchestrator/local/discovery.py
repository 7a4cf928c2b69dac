"""How a client finds local mode's AWS emulator from the API URL alone: one well-known route of the local HTTP front.

Commands that call AWS themselves (approve and reject call CodePipeline with the caller's credentials) must talk
to the emulator in local mode, and they know only the API URL every command gets. So the local front answers
`GET /.well-known/mlops-local` with the emulator's endpoint. API Gateway has no such route: on AWS it is never
asked (the CLI asks only an API on this machine).
"""

from __future__ import annotations

import json

DISCOVERY_PATH = "/.well-known/mlops-local"
ENDPOINT_KEY = "aws_endpoint_url"
REGION_KEY = "region"


def discovery_document(aws_endpoint_url: str, region: str) -> bytes:
    return json.dumps({ENDPOINT_KEY: aws_endpoint_url, REGION_KEY: region}).encode()

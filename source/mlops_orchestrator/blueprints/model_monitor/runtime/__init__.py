"""The baseline Lambda: a custom resource that starts the monitor's baseline job (boto3, Powertools, pydantic)."""

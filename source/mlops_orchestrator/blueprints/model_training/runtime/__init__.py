"""The training Lambda: a custom resource that starts a training or tuning job (boto3, Powertools, pydantic)."""

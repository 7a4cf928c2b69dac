"""The batch transform Lambda: a custom resource that starts the transform job (boto3, Powertools, pydantic)."""

"""The Autopilot Lambda: a CloudFormation custom resource that starts an AutoML job (boto3, Powertools, pydantic)."""

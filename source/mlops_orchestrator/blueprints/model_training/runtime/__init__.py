"""The training Lambda: a CloudFormation custom resource that starts a training or tuning job (boto3 only)."""

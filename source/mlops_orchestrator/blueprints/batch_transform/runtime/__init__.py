"""The batch transform Lambda: a CloudFormation custom resource that starts the transform job (boto3 only)."""

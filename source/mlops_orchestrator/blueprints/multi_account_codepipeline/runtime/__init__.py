"""The StackSet Lambda's runtime code. boto3 only: never CDK, never the SageMaker SDK."""

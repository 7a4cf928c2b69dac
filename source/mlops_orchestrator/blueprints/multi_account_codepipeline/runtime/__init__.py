"""The StackSet Lambda's runtime code: boto3, Powertools and pydantic; never CDK, never the SageMaker SDK."""

"""Domain core: pure Python on boto3, Powertools and pydantic. Never imports CDK or the SageMaker SDK."""

"""The orchestrator Lambda's runtime code. boto3 and Powertools only: never CDK, never the SageMaker SDK."""

"""Runtime code shared by the Lambdas behind the blueprints' job-starting custom resources (boto3 only, never CDK).

Every Lambda that imports it lists `CUSTOM_RESOURCE_RUNTIME` among its packages, so the zip carries a copy.
"""

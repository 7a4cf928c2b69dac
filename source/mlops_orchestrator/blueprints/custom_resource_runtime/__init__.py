"""Runtime code shared by the Lambdas behind the blueprints' job-starting custom resources (boto3, Powertools
and pydantic; never CDK).

Every Lambda that imports it lists `CUSTOM_RESOURCE_RUNTIME` among its packages and `RUNTIME_LIBRARIES` among
its requirements, so the zip carries a copy and the libraries.
"""

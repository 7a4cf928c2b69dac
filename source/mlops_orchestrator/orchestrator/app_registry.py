"""An AppRegistry application for the stack, so the deployment shows up in Service Catalog AppRegistry."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_servicecatalogappregistry as appregistry
from constructs import Construct

from .solution import Solution


class AppRegistryApplication(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, solution: Solution) -> None:
        super().__init__(scope, construct_id)
        self.application = appregistry.CfnApplication(
            self,
            "Application",
            name=cdk.Fn.join("-", ["App", cdk.Aws.STACK_NAME, "mlops"]),
            description=f"{solution.name} {solution.version}: the orchestrator stack and its resources.",
            tags={
                "Solutions:SolutionID": solution.solution_id,
                "Solutions:SolutionName": solution.name,
                "Solutions:SolutionVersion": solution.version,
                "Solutions:ApplicationType": "AWS-Solutions",
            },
        )
        appregistry.CfnResourceAssociation(
            self,
            "StackAssociation",
            application=self.application.attr_id,
            resource=cdk.Aws.STACK_ID,
            resource_type="CFN_STACK",
        )

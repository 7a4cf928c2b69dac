"""MLOps Workload Orchestrator: provision SageMaker MLOps pipelines from one JSON document."""

__version__ = "0.1.0"

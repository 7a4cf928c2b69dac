"""The `mlops-orchestrator` command line."""

"""The baseline Lambda: a custom resource that starts the monitor's baseline processing job (boto3 only)."""

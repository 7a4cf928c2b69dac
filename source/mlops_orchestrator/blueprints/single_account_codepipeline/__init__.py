"""`single_account_codepipeline.yaml`: deploys a blueprint from template.zip into the orchestrator account."""

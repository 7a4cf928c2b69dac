"""Package data only: the synthesized template of every blueprint, one YAML file per catalog file name.

Generated at build time from the CDK stacks (`python -m mlops_orchestrator.orchestrator.shipped_templates
--write`), so that local mode and the CLI read them with `importlib.resources` and never need CDK, jsii or
Node. A test fails when they differ from what the stacks synthesize. Never edit these files by hand.
"""

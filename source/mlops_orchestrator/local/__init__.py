"""Local mode: the orchestrator offline, against an embedded AWS emulator. Never used on AWS.

- `runner`: `LocalMode` (start/stop, in-process use) and `run_local` (`mlops-orchestrator local`).
- `demo`: `run_demo` (`mlops-orchestrator demo`).
- `emulator`: the moto server; `bootstrap`: the orchestrator's own resources in it.
- `standins`, `providers`, `pipeline_sim*`, `pipeline_jobs`, `lambda_runner`, `cfn_parameters`: what moto
  lacks (the blueprint templates' resource types moto's CloudFormation cannot create, custom resources run
  by the blueprints' own Lambda handlers in-process, pipeline runs and GetPipelineState, CloudFormation's
  parameter checks).
- `templates`: the blueprint templates uploaded (the real ones, of every blueprint).
- `api_server`, `config_trigger`, `invoker`: the API front, the mlops-config.json trigger, and the
  handler invocation they share. `environment`, `settings`: process environment and embedded defaults.
"""

"""`mlops-orchestrator dashboard`: server-rendered pages over the orchestrator API, for the person at this machine.

The server holds the user's AWS credentials and calls the API (SigV4, as the CLI does), CodePipeline and SageMaker
with them; the browser only ever sees HTML.
"""

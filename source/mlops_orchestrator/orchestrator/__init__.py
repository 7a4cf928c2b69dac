"""The orchestrator: its Lambda runtime (runtime/) and, beside it, its infrastructure."""

"""Local mode: the orchestrator offline, against an embedded AWS emulator. Never used on AWS."""

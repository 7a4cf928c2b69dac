"""The four model monitor blueprints: a baseline job started by a custom resource, a job definition, a schedule."""

"""Shared CDK building blocks (secure defaults, Lambda packaging, policy-as-code). Never imported at runtime."""

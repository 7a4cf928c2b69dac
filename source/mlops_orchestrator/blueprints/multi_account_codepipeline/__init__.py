"""`multi_account_codepipeline.yaml`: promotes a blueprint through dev, staging and prod StackSets.

This package is copied into the StackSet Lambda's zip: keep it free of imports (the stack lives in `stack.py`).
"""

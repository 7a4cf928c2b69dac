"""Blueprint stacks, one folder each with its Lambda runtime beside it; `stacks.py` pairs them with the catalog.

Runtime folders are copied into Lambda zips with their parent packages' `__init__.py`: keep this file free of
imports.
"""

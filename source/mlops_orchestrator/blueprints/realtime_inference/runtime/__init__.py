"""The inference Lambda behind POST /inference (boto3 only)."""

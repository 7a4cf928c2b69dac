"""The SageMaker model shared by the real-time and batch blueprints: its conditions, execution role and model."""

"""byom_batch_pipeline.yaml: a SageMaker model and a batch transform job started on every deployment."""

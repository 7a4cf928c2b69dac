"""byom_realtime_inference_pipeline.yaml: a SageMaker endpoint with data capture and an IAM-authorized API."""

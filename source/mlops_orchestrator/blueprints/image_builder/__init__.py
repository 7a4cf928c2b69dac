"""byom_custom_algorithm_image_builder.yaml: a CodePipeline that builds a custom algorithm image into ECR."""

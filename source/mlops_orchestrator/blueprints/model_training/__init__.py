"""model_training_pipeline.yaml and model_hyperparameter_tunning_pipeline.yaml: one stack class for both."""

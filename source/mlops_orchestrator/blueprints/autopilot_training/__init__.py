"""autopilot_training_pipeline.yaml: an Autopilot job started on every create and update of the stack."""

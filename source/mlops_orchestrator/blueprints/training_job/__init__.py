"""What the training, tuning and Autopilot blueprints share: the job's execution role, the Lambda and custom
resource that start the job, its outputs, and the rules that report its final state."""

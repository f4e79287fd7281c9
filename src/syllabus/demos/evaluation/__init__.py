"""Demos of the evaluation and model-selection lecture."""

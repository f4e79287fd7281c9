"""Demos of the decision-trees, ensembles and nearest-neighbours lecture."""

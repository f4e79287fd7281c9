"""Demos of the optimisation and training-techniques lecture."""

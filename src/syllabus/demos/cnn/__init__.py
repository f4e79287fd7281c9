"""Demos of the convolutional networks lecture."""

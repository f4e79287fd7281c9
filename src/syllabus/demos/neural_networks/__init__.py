"""Demos of the neural-networks and backpropagation lecture."""

"""Demos of the kernels and support-vector-machines lecture."""

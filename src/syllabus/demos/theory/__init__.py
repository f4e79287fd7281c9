"""Demos of the learning-theory lecture: shattering, PAC sample sizes, VC bounds, bias and variance."""

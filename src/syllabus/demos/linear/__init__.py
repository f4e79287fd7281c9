"""Demos of the linear-models lecture: regression, regularisation, basis functions, logistic regression."""

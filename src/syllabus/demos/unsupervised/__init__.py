"""Demos of the unsupervised-learning lecture: K-means, PCA and whitening, EM for Gaussian mixtures."""

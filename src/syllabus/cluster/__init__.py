"""Clustering: K-means (Lloyd's algorithm with k-means++ seeding) and mini-batch K-means."""

from ._kmeans import KMeans, MiniBatchKMeans, kmeans_plusplus

__all__ = ["KMeans", "MiniBatchKMeans", "kmeans_plusplus"]

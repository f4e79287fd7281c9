"""Matrix decompositions: PCA (full, covariance and randomized SVD), ZCA whitening, kernel PCA."""

from ._kernel_pca import KernelPCA
from ._pca import PCA, ZCA, randomized_svd, svd_flip

__all__ = ["PCA", "ZCA", "KernelPCA", "randomized_svd", "svd_flip"]

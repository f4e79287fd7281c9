"""How close generated digits are to real ones: the measures shared by the GAN and diffusion
demos on the 8x8 digits (pixels scaled to [-1, 1])."""

from __future__ import annotations

import numpy as np

from syllabus.decomposition import PCA
from syllabus.demos._plotting import montage
from syllabus.neighbors import KNeighborsClassifier

from ._ae_training import digits01
from ._toy2d import energy_distance


def digits_pm1():
    """The bundled digits as ``(X_train, y_train, X_test, y_test)``, pixels in [-1, 1] (float64),
    the first three quarters for training."""
    X01, y = digits01()
    X = 2.0 * X01.astype(np.float64) - 1.0
    n_train = len(X) * 3 // 4
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def independent_pixels(X: np.ndarray, n: int, seed: int) -> np.ndarray:
    """``n`` draws of the independent-pixel Gaussian fitted to ``X`` (each pixel's mean and
    variance, no correlation between pixels), clipped to [-1, 1]."""
    z = np.random.default_rng(seed).standard_normal((n, X.shape[1]))
    return np.clip(X.mean(0) + X.std(0) * z, -1, 1)


def compare_with_digits(samples: dict[str, np.ndarray], X_train: np.ndarray, y_train: np.ndarray,
                        X_test: np.ndarray, y_test: np.ndarray) -> dict:
    """Energy distances of each named sample to held-out digits (``len`` of the first sample of
    them), in pixel space (``"pixel"``) and on the training digits' first 10 principal
    coordinates (``"pca"``); ``"share"``: the fraction of each sample a 5-nearest-neighbour
    classifier of the training digits puts in each class; ``"accuracy"``: that classifier's
    accuracy on the held-out digits."""
    n = len(next(iter(samples.values())))
    held_out = X_test[:n]
    pca = PCA(10, svd_solver="full").fit(X_train)
    coords = pca.transform(held_out)
    clf = KNeighborsClassifier(5).fit(X_train, y_train)
    return {
        "pixel": {k: energy_distance(v, held_out) for k, v in samples.items()},
        "pca": {k: energy_distance(pca.transform(v), coords) for k, v in samples.items()},
        "share": {k: np.bincount(clf.predict(v), minlength=10) / len(v) for k, v in samples.items()},
        "accuracy": float((clf.predict(X_test) == y_test).mean()),
    }


def pm1_montage(images: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """:func:`montage` of images in [-1, 1] (clipped), mapped to [0, 1] for ``imshow``."""
    return montage(np.clip((images.reshape(-1, 64) + 1) / 2, 0, 1), rows, cols)

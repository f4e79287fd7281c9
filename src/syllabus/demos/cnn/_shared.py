"""Pieces shared by the CNN demos: the bundled digits as 32x32 images, and LeNet-5 trained on
them (cached, so the demos that look inside the trained network do not train it again)."""

from __future__ import annotations

import functools

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.data import DataLoader, TensorDataset
from syllabus.datasets import load_digits
from syllabus.model_selection import train_test_split
from syllabus.models import LeNet5
from syllabus.nn import functional as F
from syllabus.train import fit


def digits_32_all():
    """All 1797 8x8 digits enlarged 4x by bilinear interpolation to LeNet-5's 32x32 input and
    standardised (zero mean, unit variance over all pixels): ``X`` (1797, 1, 32, 32) float32
    and the labels ``y``."""
    X, y = load_digits(return_X_y=True)
    images = (X / 16.0).reshape(-1, 1, 8, 8).astype(np.float32)
    with no_grad():
        big = F.interpolate(images, scale_factor=4, mode="bilinear").data
    return ((big - big.mean()) / big.std()).astype(np.float32), y


@functools.lru_cache(maxsize=2)
def digits_32(seed: int):
    """:func:`digits_32_all` split 75 / 25, stratified: ``X_train, X_test, y_train, y_test``."""
    X, y = digits_32_all()
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)


def train_classifier(model, X, y, X_test, y_test, *, epochs: int, seed: int, lr: float = 3e-3,
                     batch_size: int = 32, transform=None):
    """Adam with a cosine learning-rate schedule on cross-entropy through syllabus.train.fit;
    returns the history (train loss, and test loss and accuracy per epoch unless ``X_test`` is
    None)."""
    loader = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True, seed=seed,
                        transform=transform)
    test_loader = None if X_test is None else DataLoader(TensorDataset(X_test, y_test), batch_size=512)
    opt = optim.Adam(model.parameters(), lr=lr)
    return fit(model, nn.CrossEntropyLoss(), opt, loader, test_loader, epochs=epochs,
               scheduler=optim.lr_scheduler.CosineAnnealingLR(opt, epochs), metrics=["accuracy"],
               quiet=True)


def predict(model, X) -> np.ndarray:
    """Class predictions of ``model`` (evaluation mode, no graph)."""
    model.eval()
    with no_grad():
        return np.concatenate([model(X[i:i + 512]).data.argmax(axis=1) for i in range(0, len(X), 512)])


LENET_EPOCHS = {True: 2, False: 12}  # fast, full


@functools.lru_cache(maxsize=2)
def trained_lenet(seed: int, fast: bool):
    """LeNet-5 trained on :func:`digits_32` (fewer epochs in fast mode): ``(model, history)``."""
    X, X_test, y, y_test = digits_32(seed)
    manual_seed(seed)
    model = LeNet5()
    history = train_classifier(model, X, y, X_test, y_test, epochs=LENET_EPOCHS[fast], seed=seed)
    model.eval()
    return model, history

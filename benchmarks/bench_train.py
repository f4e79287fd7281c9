"""train / neural_network: a training epoch against PyTorch, MLPClassifier against scikit-learn."""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks._harness import blas_threads, case
from benchmarks._torch_twins import mlp_784, twins


@case("train: 1 epoch MLP 784-256-128-10, SGD momentum, 60k x 784, batch 128",
      reference="PyTorch", target=1.3, repeats=5)
def _one_epoch():
    import torch

    from syllabus import nn, optim
    from syllabus.data import DataLoader, TensorDataset
    from syllabus.train import fit

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60_000, 784)).astype(np.float32)
    y = rng.integers(0, 10, 60_000)

    ours, theirs = twins(mlp_784)
    opt_ours = optim.SGD(ours.parameters(), lr=0.01, momentum=0.9)
    opt_theirs = torch.optim.SGD(theirs.parameters(), lr=0.01, momentum=0.9)
    loader = DataLoader(TensorDataset(X, y), batch_size=128, shuffle=True, seed=0)
    # PyTorch's fast idiom for in-memory tensors: whole batches fetched by one index
    # (a BatchSampler), not 128 __getitem__ calls stacked by the collate function.
    data = torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y))
    sampler = torch.utils.data.BatchSampler(torch.utils.data.RandomSampler(data), 128, False)
    torch_loader = torch.utils.data.DataLoader(data, sampler=sampler, batch_size=None)
    loss_ours, loss_theirs = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()

    def epoch_ours():
        fit(ours, loss_ours, opt_ours, loader, epochs=1, quiet=True)

    def epoch_theirs():
        theirs.train()
        for xb, yb in torch_loader:
            opt_theirs.zero_grad()
            loss = loss_theirs(theirs(xb), yb)
            loss.backward()
            opt_theirs.step()

    return epoch_ours, epoch_theirs


@case("neural_network: MLPClassifier fit, digits, (100,), adam, 200 epochs",
      reference="scikit-learn", repeats=3)
def _mlp_classifier_digits():
    from sklearn.neural_network import MLPClassifier as SkMLPClassifier

    from syllabus.datasets import load_digits
    from syllabus.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16.0

    def quietly(estimator_cls):
        def run():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # both stop at max_iter with a warning
                estimator_cls(random_state=0).fit(X, y)
        return run

    return quietly(MLPClassifier), quietly(SkMLPClassifier)


@case("neural_network: MLPClassifier fit, sparse 2000 x 5000 (1% non-zero) CSR, (64,), adam, "
      "20 epochs", reference="scikit-learn", repeats=3)
def _mlp_classifier_sparse():
    import scipy.sparse as sp
    from sklearn.neural_network import MLPClassifier as SkMLPClassifier

    from syllabus.neural_network import MLPClassifier

    rng = np.random.default_rng(0)
    X = sp.random(2000, 5000, density=0.01, format="csr", random_state=0)
    y = (X @ rng.normal(size=5000) > 0).astype(int)

    def quietly(estimator_cls):
        def run():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # both stop at max_iter with a warning
                estimator_cls((64,), max_iter=20, random_state=0).fit(X, y)
        return run

    return quietly(MLPClassifier), quietly(SkMLPClassifier)

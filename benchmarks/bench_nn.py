"""nn: forward + backward of an MLP against PyTorch CPU, same thread count, float32."""

from __future__ import annotations

import numpy as np

from benchmarks._harness import blas_threads, case
from benchmarks._torch_twins import forward_backward_steps, mlp_784, twins


@case("nn: MLP 784-256-128-10 fwd+bwd, batch 128, float32", reference="PyTorch", target=1.3,
      repeats=41)
def _mlp_forward_backward():
    import torch

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 784)).astype(np.float32)
    y = rng.integers(0, 10, 128)

    step_ours, step_theirs = forward_backward_steps(*twins(mlp_784), x, y)

    def run(step):
        def repeated():
            for _ in range(20):  # 20 steps per timing: milliseconds, not microseconds
                step()
        return repeated

    return run(step_ours), run(step_theirs)


@case("nn: CNN conv-pool x2 + linear fwd+bwd, batch 64x1x28x28", reference="PyTorch",
      repeats=15)
def _cnn_forward_backward():
    import torch

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 64)

    def layers(lib):
        return lib.Sequential(lib.Conv2d(1, 8, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
                              lib.Conv2d(8, 16, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
                              lib.Flatten(), lib.Linear(16 * 7 * 7, 10))

    return forward_backward_steps(*twins(layers), x, y)


def _lenet5(lib):
    """LeNet-5 (conv5-pool-conv5-pool-120-84-10, ReLU, max pooling) from ``lib``."""
    return lib.Sequential(lib.Conv2d(1, 6, 5), lib.ReLU(), lib.MaxPool2d(2),
                          lib.Conv2d(6, 16, 5), lib.ReLU(), lib.MaxPool2d(2), lib.Flatten(),
                          lib.Linear(400, 120), lib.ReLU(), lib.Linear(120, 84), lib.ReLU(),
                          lib.Linear(84, 10))


@case("nn: LeNet-5 fwd+bwd, batch 128x1x32x32 float32", reference="PyTorch", target=1.0,
      repeats=21)
def _lenet_step():
    import torch

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 1, 32, 32)).astype(np.float32)
    y = rng.integers(0, 10, 128)
    step_ours, step_theirs = forward_backward_steps(*twins(_lenet5), x, y)

    def repeated(step):
        def run():
            for _ in range(5):
                step()
        return run

    return repeated(step_ours), repeated(step_theirs)


@case("nn: LeNet-5 epoch of 6,000 32x32 images (batch 128, shuffled, SGD momentum)",
      reference="PyTorch", target=1.1, repeats=5)
def _lenet_epoch():
    import torch

    from syllabus import nn, optim
    from syllabus.data import DataLoader, TensorDataset

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6000, 1, 32, 32)).astype(np.float32)
    y = rng.integers(0, 10, 6000)
    ours, theirs = twins(_lenet5)
    opt_ours = optim.SGD(ours.parameters(), lr=0.01, momentum=0.9)
    opt_theirs = torch.optim.SGD(theirs.parameters(), lr=0.01, momentum=0.9)
    loader = DataLoader(TensorDataset(x, y), batch_size=128, shuffle=True, seed=0)
    torch_loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=128,
        shuffle=True, generator=torch.Generator().manual_seed(0))
    loss_ours, loss_theirs = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()

    def epoch_ours():
        for xb, yb in loader:
            opt_ours.zero_grad()
            loss_ours(ours(xb), yb).backward()
            opt_ours.step()

    def epoch_theirs():
        for xb, yb in torch_loader:
            opt_theirs.zero_grad()
            loss_theirs(theirs(xb), yb).backward()
            opt_theirs.step()

    return epoch_ours, epoch_theirs
def _recurrent_case(name: str):
    """``name``(32 -> 128), T = 50, batch 64: forward + backward of sum(output * v), float32."""
    import torch

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 64, 32)).astype(np.float32)
    v = rng.standard_normal((50, 64, 128)).astype(np.float32)
    ours, theirs = twins(lambda lib: getattr(lib, name)(32, 128))
    tx, tv = torch.from_numpy(x), torch.from_numpy(v)

    def step_ours():
        ours.zero_grad()
        out, _ = ours(x)
        out.backward(v)

    def step_theirs():
        theirs.zero_grad()
        out, _ = theirs(tx)
        out.backward(tv)

    return step_ours, step_theirs


@case("nn: LSTM 32->128 fwd+bwd, T=50, batch 64, float32", reference="PyTorch", target=1.2,
      repeats=21)
def _lstm_forward_backward():
    return _recurrent_case("LSTM")


@case("nn: GRU 32->128 fwd+bwd, T=50, batch 64, float32", reference="PyTorch", target=1.2,
      repeats=21)
def _gru_forward_backward():
    return _recurrent_case("GRU")


@case("nn: RNN 32->128 fwd+bwd, T=50, batch 64, float32", reference="PyTorch", target=1.2,
      repeats=21)
def _rnn_forward_backward():
    return _recurrent_case("RNN")


@case("nn: TransformerEncoderLayer fwd+bwd d_model 128, 4 heads, ff 512, seq 64, batch 32, "
      "float32", reference="PyTorch", target=1.3, repeats=21)
def _transformer_encoder_layer():
    """Batch first, dropout 0 (no random masks), ReLU, post-norm: backward of sum(out * v)."""
    import torch

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 64, 128)).astype(np.float32)
    v = rng.standard_normal((32, 64, 128)).astype(np.float32)
    ours, theirs = twins(lambda lib: lib.TransformerEncoderLayer(128, 4, 512, dropout=0.0,
                                                                 batch_first=True))
    tx, tv = torch.from_numpy(x), torch.from_numpy(v)

    def step_ours():
        ours.zero_grad()
        ours(x).backward(v)

    def step_theirs():
        theirs.zero_grad()
        theirs(tx).backward(tv)

    def repeated(step):
        def run():
            for _ in range(5):
                step()
        return run

    return repeated(step_ours), repeated(step_theirs)
@case("models: VAE 64-128-2 negative ELBO fwd+bwd, batch 128, float32", reference="PyTorch",
      repeats=21)
def _vae_forward_backward():
    import torch

    from syllabus.models import VAE

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(128, 64)).astype(np.float32)
    eps = rng.standard_normal((128, 2)).astype(np.float32)
    ours = VAE(64, 2, 128)
    enc, mu, logvar = (torch.nn.Linear(64, 128), torch.nn.Linear(128, 2), torch.nn.Linear(128, 2))
    dec = torch.nn.Sequential(torch.nn.Linear(2, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64))
    xt, et = torch.tensor(x), torch.tensor(eps)

    def theirs_step():
        h = torch.relu(enc(xt))
        m, lv = mu(h), logvar(h)
        out = dec(m + torch.exp(0.5 * lv) * et)
        rec = torch.nn.functional.binary_cross_entropy_with_logits(out, xt, reduction="sum") / 128
        loss = rec + 0.5 * (m * m + lv.exp() - 1 - lv).sum() / 128
        loss.backward()

    def ours_step():
        ours.loss(x, eps=eps).backward()

    def run(step):
        def repeated():
            for _ in range(20):
                step()
        return repeated

    return run(ours_step), run(theirs_step)

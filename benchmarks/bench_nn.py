"""nn: forward + backward of an MLP against PyTorch CPU, same thread count, float32."""

from __future__ import annotations

import numpy as np

from benchmarks._harness import blas_threads, case


@case("nn: MLP 784-256-128-10 fwd+bwd, batch 128, float32", reference="PyTorch", target=1.3,
      repeats=41)
def _mlp_forward_backward():
    import torch

    from syllabus import nn

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 784)).astype(np.float32)
    y = rng.integers(0, 10, 128)

    ours = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))
    theirs = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                 torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                 torch.nn.Linear(128, 10))
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    loss_ours, loss_theirs = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def step_ours():
        ours.zero_grad()
        loss_ours(ours(x), y).backward()

    def step_theirs():
        theirs.zero_grad()
        loss_theirs(theirs(tx), ty).backward()

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

    from syllabus import nn

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 64)

    def layers(lib):
        return lib.Sequential(lib.Conv2d(1, 8, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
                              lib.Conv2d(8, 16, 3, padding=1), lib.ReLU(), lib.MaxPool2d(2),
                              lib.Flatten(), lib.Linear(16 * 7 * 7, 10))

    ours, theirs = layers(nn), layers(torch.nn)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    loss_ours, loss_theirs = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def step_ours():
        ours.zero_grad()
        loss_ours(ours(x), y).backward()

    def step_theirs():
        theirs.zero_grad()
        loss_theirs(theirs(tx), ty).backward()

    return step_ours, step_theirs

"""The training paradigms against PyTorch: SimCLR's NT-Xent loss (not a PyTorch layer, so the
reference is the same formula written in PyTorch), forward and backward, float32."""

from __future__ import annotations

import numpy as np

from benchmarks._harness import blas_threads, case


@case("paradigms: NT-Xent fwd+bwd, 2 x 256 views of 128 features, float32",
      reference="PyTorch (same formula)", target=1.5, repeats=21)
def _nt_xent_forward_backward():
    import torch

    from syllabus import tensor
    from syllabus.nn import functional as F

    torch.set_num_threads(blas_threads())
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((256, 128)).astype(np.float32) for _ in range(2))
    n = len(a)
    partner = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    diagonal = torch.eye(2 * n, dtype=torch.bool)

    def ours():
        for _ in range(10):
            z1, z2 = tensor(a, requires_grad=True), tensor(b, requires_grad=True)
            F.nt_xent_loss(z1, z2, 0.5).backward()

    def theirs():
        for _ in range(10):
            z1, z2 = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
            z = torch.nn.functional.normalize(torch.cat([z1, z2]), dim=1)
            sim = (z @ z.T / 0.5).masked_fill(diagonal, float("-inf"))
            torch.nn.functional.cross_entropy(sim, partner).backward()

    return ours, theirs

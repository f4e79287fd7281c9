"""Demo: many-to-one sequence classification, RNN vs LSTM vs GRU on a long-range task."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.nn import functional as F

from ._shared import OKABE_ITO

CELLS = ("RNN", "LSTM", "GRU")


def _task(rng, n, t_min, t_max):
    """Variable-length sequences of 2 features: a +-1 signal at the first step only (its sign
    is the label), and noise N(0, 1) at every step."""
    lengths = rng.integers(t_min, t_max + 1, n)
    y = rng.integers(0, 2, n)
    x = np.zeros((n, t_max, 2), dtype=np.float32)
    x[:, 0, 0] = 2 * y - 1
    x[:, :, 1] = rng.standard_normal((n, t_max))
    x[np.arange(t_max)[None, :] >= lengths[:, None]] = 0  # padding
    return x, lengths, y


class _Classifier(nn.Module):
    def __init__(self, cell, hidden):
        super().__init__()
        self.rnn = getattr(nn, cell)(2, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)
        if cell == "LSTM":  # forget gate open at the start (Gers et al.; Jozefowicz et al.)
            self.rnn.bias_ih_l0.data[hidden:2 * hidden] += 1.0

    def forward(self, x, lengths):
        _, state = self.rnn(x, lengths=lengths)
        h = state[0] if isinstance(state, tuple) else state
        return self.head(h[-1])  # the final state of each sequence: many-to-one


@register("sequence_classification", topic="rnn", order=8,
          title="Many-to-one classification: RNN vs LSTM vs GRU on a long-range task")
def sequence_classification(ctx):
    r"""A many-to-one network reads a whole sequence and classifies it from its final
    state: $\hat y = \mathrm{softmax}(V h_T)$. Here the label is the sign of a signal given
    at the first step only, while a noise input arrives at every one of 15 to 25 steps, so
    the network must carry one bit through all of them. Sequences have different lengths (a
    padded batch with ``lengths=``: each one is read to its own end). The same budget of
    Adam steps trains an Elman RNN, an LSTM and a GRU of the same width.

    The LSTM starts with its forget gate open (forget bias +1, the usual initialisation).

    What to notice: the LSTM learns the task within the budget (the GRU usually too); the
    plain RNN, whose gradient from the last step to the first vanishes, stays near chance."""
    manual_seed(ctx.seed)  # the layers' default initialisation draws from the global generator
    rng = ctx.rng
    hidden, steps, t_min, t_max = 16, 120, 15, 25
    x_train, l_train, y_train = _task(rng, 2048, t_min, t_max)
    x_test, l_test, y_test = _task(rng, 500 if ctx.fast else 4000, t_min, t_max)
    curves, accuracy = {}, {}
    for cell in CELLS:
        net = _Classifier(cell, hidden)
        opt = optim.Adam(net.parameters(), lr=0.01)
        curves[cell] = []
        batches = np.random.default_rng(ctx.seed)
        for _ in range(steps):
            idx = batches.integers(0, len(x_train), 64)
            opt.zero_grad()
            loss = F.cross_entropy(net(x_train[idx], l_train[idx]), y_train[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            curves[cell].append(float(loss.data))
        with no_grad():
            accuracy[cell] = float((net(x_test, l_test).data.argmax(1) == y_test).mean())
        ctx.number(f"{cell} test accuracy", round(accuracy[cell], 3))

    fig, axes = ctx.figure("classification", 1, 2, figsize=(9, 3.6))
    window = 10
    for cell, color in zip(CELLS, OKABE_ITO):
        smooth = np.convolve(curves[cell], np.ones(window) / window, mode="valid")
        axes[0].plot(np.arange(window, steps + 1), smooth, color=color, label=cell)
    axes[0].axhline(np.log(2), color="k", ls=":", label="chance (ln 2)")
    axes[0].set_xlabel("Adam step (batch 64)")
    axes[0].set_ylabel("training cross-entropy (nats, 10-step mean)")
    axes[0].legend(fontsize=8)
    axes[1].bar(CELLS, [accuracy[c] for c in CELLS], color=OKABE_ITO[:3])
    axes[1].axhline(0.5, color="k", ls=":")
    axes[1].set_ylim(0, 1.05)
    axes[1].set_ylabel("test accuracy")
    axes[1].set_title(f"recall the first of {t_min}-{t_max} inputs", fontsize=10)

    ctx.check("the LSTM classifies held-out sequences with accuracy >= 0.9",
              accuracy["LSTM"] >= 0.9, detail=f"LSTM {accuracy['LSTM']:.3f}, GRU {accuracy['GRU']:.3f}")
    ctx.check("the plain RNN stays at least 0.2 below the LSTM after the same training",
              accuracy["RNN"] < accuracy["LSTM"] - 0.2,
              detail=f"RNN {accuracy['RNN']:.3f} vs LSTM {accuracy['LSTM']:.3f}")

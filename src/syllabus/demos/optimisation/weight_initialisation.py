"""Demo: activation statistics through 10 layers for zeros, N(0, 0.01), Xavier and He init."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn
from syllabus.demos import register

N_LAYERS = 10


def _initialise(layer, scheme: str, generator) -> None:
    weight = layer.weight
    if scheme == "zeros":
        nn.init.zeros_(weight)
    elif scheme == "N(0, 0.01)":  # the lecture's np.random.randn(shape) * 0.01
        nn.init.normal_(weight, 0.0, 0.01, generator=generator)
    elif scheme == "Xavier":  # Var(w) = 2 / (n_in + n_out) = 1 / n for square layers
        nn.init.xavier_normal_(weight, generator=generator)
    else:  # He: Var(w) = 2 / n_in
        nn.init.kaiming_normal_(weight, nonlinearity="relu", generator=generator)
    nn.init.zeros_(layer.bias)


def _variance_of_weights(scheme: str, width: int) -> float:
    return {"zeros": 0.0, "N(0, 0.01)": 1e-4, "Xavier": 1 / width, "He": 2 / width}[scheme]


@register("weight_initialisation", topic="optimisation", order=5,
          title="Weight initialisation: activations through 10 layers")
def weight_initialisation(ctx):
    r"""A batch of standard-normal inputs goes through 10 fully connected layers under four
    initialisations. All zeros: every unit computes the same value, so the symmetry is never
    broken. $\mathcal{N}(0, 0.01^2)$: each layer multiplies the spread by about $0.01\sqrt{n} < 1$,
    so activations vanish geometrically. For ReLU,

    $$\mathbb{E}[z_{l+1}^2] = \tfrac{1}{2}\, n \operatorname{Var}(w)\, \mathbb{E}[z_l^2],$$

    which halves every layer with Xavier ($\operatorname{Var}(w) = 1/n$) and stays constant with He
    ($\operatorname{Var}(w) = 2/n$).

    What to notice: on the log axis the small-Gaussian curve falls by a constant factor per layer,
    He stays flat, and the histograms of the last layer show tanh units alive with Xavier."""
    width = 256 if ctx.fast else 500
    n_samples = 256 if ctx.fast else 1000
    schemes = ("zeros", "N(0, 0.01)", "Xavier", "He")
    generator = np.random.default_rng(ctx.seed)
    X = ctx.rng.normal(size=(n_samples, width)).astype(np.float32)

    stats: dict[tuple[str, str], dict[str, np.ndarray]] = {}
    hists: dict[tuple[str, str], list[np.ndarray]] = {}
    for activation in ("tanh", "relu"):
        for scheme in schemes:
            layers = [nn.Linear(width, width) for _ in range(N_LAYERS)]
            for layer in layers:
                _initialise(layer, scheme, generator)
            act = nn.Tanh() if activation == "tanh" else nn.ReLU()
            h = autograd.tensor(X)
            pre_ms, post_std, unit_spread, acts = [], [], [], []
            with autograd.no_grad():
                for layer in layers:
                    z = layer(h)
                    h = act(z)
                    pre_ms.append(float(np.mean(z.data.astype(np.float64) ** 2)))
                    post_std.append(float(h.data.std()))
                    unit_spread.append(float(np.max(np.ptp(h.data, axis=1))))
                    acts.append(h.data.ravel()[:20000])
            stats[activation, scheme] = {"pre_ms": np.array(pre_ms), "std": np.array(post_std),
                                         "unit_spread": np.array(unit_spread)}
            hists[activation, scheme] = acts
            ctx.number(f"{activation}_{scheme}_layer10_std", post_std[-1])

    # Zeros: identical units (here all exactly zero) in every layer.
    zero_spread = max(stats[a, "zeros"]["unit_spread"].max() for a in ("tanh", "relu"))
    # ... and identical gradients: backprop one loss through a zero-initialised tanh net.
    layers = [nn.Linear(width, width) for _ in range(3)]
    for layer in layers:
        _initialise(layer, "zeros", generator)
    net = nn.Sequential(layers[0], nn.Tanh(), layers[1], nn.Tanh(), layers[2])
    out = net(X[:32])
    (out * autograd.tensor(ctx.rng.normal(size=out.shape).astype(np.float32))).sum().backward()
    rows_equal = all(np.array_equal(layer.weight.grad, np.broadcast_to(
        layer.weight.grad[:1], layer.weight.grad.shape)) for layer in layers[:2])
    ctx.check("zeros: all units of a layer are identical and get identical gradients",
              zero_spread == 0.0 and rows_equal,
              detail=f"max spread across units {zero_spread}, equal gradient rows: {rows_equal}")

    small = stats["tanh", "N(0, 0.01)"]["std"]
    per_layer = 0.01 * np.sqrt(width)
    ctx.check("N(0, 0.01): tanh activations vanish geometrically (layer 10 < 1e-4 x layer 1)",
              small[-1] < 1e-4 * small[0],
              detail=f"std {small[0]:.2e} -> {small[-1]:.2e}; predicted factor/layer {per_layer:.3f}")
    xavier = stats["tanh", "Xavier"]["std"]
    ctx.check("Xavier: tanh activations keep their spread (layer 10 std > 0.1 and > 0.2 x layer 1)",
              xavier[-1] > 0.1 and xavier[-1] > 0.2 * xavier[0],
              detail=f"std {xavier[0]:.3f} -> {xavier[-1]:.3f}")

    details, ok = [], True
    for scheme in ("N(0, 0.01)", "Xavier", "He"):
        ms = stats["relu", scheme]["pre_ms"]
        measured = (ms[-1] / ms[0]) ** (1 / (N_LAYERS - 1))
        predicted = width * _variance_of_weights(scheme, width) / 2
        ok &= abs(measured / predicted - 1) < 0.1
        details.append(f"{scheme}: {measured:.4f} vs {predicted:.4f}")
        ctx.number(f"relu_{scheme}_mean_square_factor_per_layer", measured)
    ctx.check("ReLU: E[z^2] changes by n Var(w) / 2 per layer (within 10%): x1/2 with Xavier, "
              "x1 with He", ok, detail="; ".join(details))

    fig, axes = ctx.figure("activation_std", 1, 2, figsize=(11, 4))
    for ax, activation in zip(axes, ("tanh", "relu")):
        for scheme in schemes:
            std = np.maximum(stats[activation, scheme]["std"], 1e-30)
            ax.semilogy(range(1, N_LAYERS + 1), std, "o-", ms=3, label=scheme)
        ax.set_xlabel("layer")
        ax.set_ylabel("std of activations")
        ax.set_title(activation)
        ax.legend(fontsize=8)
    fig2, axes2 = ctx.figure("histograms", 2, 3, figsize=(13, 6))
    for row, activation in enumerate(("tanh", "relu")):
        for col, scheme in enumerate(("N(0, 0.01)", "Xavier", "He")):
            ax = axes2[row, col]
            for layer in (0, 4, 9):
                values = hists[activation, scheme][layer]
                if activation == "relu":
                    values = values[values > 0]
                ax.hist(values, bins=50, histtype="step", density=True, label=f"layer {layer + 1}")
            ax.set_title(f"{activation}, {scheme}", fontsize=9)
            ax.legend(fontsize=7)

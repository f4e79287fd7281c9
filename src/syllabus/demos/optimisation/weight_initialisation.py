"""Demo: activation statistics through 10 layers for zeros, N(0, 0.01), Xavier and He init."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn
from syllabus.demos import register

from .._plotting import COLORS

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

    What to notice: on the log axis the small-Gaussian curve falls by a constant factor per layer
    while He stays flat; move the layer slider to watch the small-Gaussian activations collapse
    onto 0 while Xavier keeps tanh units alive and He keeps ReLU units spread."""
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
            ctx.number(f"{activation}, {scheme}: std of layer 10", post_std[-1])

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
        ctx.number(f"ReLU, {scheme}: factor of E[z^2] per layer", measured)
    ctx.check("ReLU: E[z^2] changes by n Var(w) / 2 per layer (within 10%): x1/2 with Xavier, "
              "x1 with He", ok, detail="; ".join(details))

    fig, axes = ctx.figure("activation_std", 1, 2, figsize=(9.5, 3.6), sharey=True)
    for ax, activation in zip(axes, ("tanh", "relu")):
        for scheme, color in zip(schemes, COLORS):
            std = stats[activation, scheme]["std"]
            if np.all(std == 0):  # nothing to draw on a log axis: say so instead
                ax.text(0.03, 0.04, f"{scheme}: exactly 0 at every layer", color=color,
                        transform=ax.transAxes, fontsize=8)
                continue
            ax.semilogy(range(1, N_LAYERS + 1), std, "o-", ms=3, color=color, label=scheme)
        ax.set(xlabel="layer", title=f"{activation} network", xticks=range(1, N_LAYERS + 1))
        ax.legend(loc="center right")
    axes[0].set_ylabel("std of the layer's activations (log scale)")

    # Slider over the depth: the distribution of one layer's activations per scheme.
    edges = {"tanh": np.linspace(-1, 1, 42), "relu": np.linspace(0, 4, 41)}  # a bin centred on 0
    shown_layers = (1, 2, 4, 6, 8, 10)

    def fractions(activation, scheme, layer):
        values = hists[activation, scheme][layer - 1].astype(np.float64)
        if activation == "relu":
            values = values[values > 0]  # the other half is exactly 0
        counts, _ = np.histogram(np.clip(values, *edges[activation][[0, -1]]), edges[activation])
        return counts / max(values.size, 1)

    # one y-range per panel for every frame, so the frames compare
    top = {(a, sc): 1.05 * max(fractions(a, sc, la).max() for la in shown_layers)
           for a in ("tanh", "relu") for sc in ("N(0, 0.01)", "Xavier", "He")}

    def draw_layer(fig, axes, layer):
        for row, activation in enumerate(("tanh", "relu")):
            for col, scheme in enumerate(("N(0, 0.01)", "Xavier", "He")):
                ax = axes[row, col]
                e = edges[activation]
                ax.stairs(fractions(activation, scheme, layer), e, fill=True,
                          color=COLORS[col + 1])
                std = stats[activation, scheme]["std"][layer - 1]
                ax.set(title=f"{activation}, {scheme}: std {std:.2g}",
                       ylim=(0, top[activation, scheme]), xlim=(e[0], e[-1]),
                       xticks=np.linspace(e[0], e[-1], 5),
                       xlabel="activation" if activation == "tanh" else "positive activation")
                if col == 0:
                    ax.set_ylabel("fraction of units")
        fig.suptitle(f"Activations of layer {layer} of {N_LAYERS}")

    ctx.frames("histograms", "layer", shown_layers, draw_layer, nrows=2, ncols=3,
               figsize=(10, 5.6))

"""Demo: a variational auto-encoder on digits -- ELBO, samples, the latent grid, interpolation,
and the beta trade-off between reconstruction and KL."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._plotting import montage
from syllabus.models import VAE

from ._ae_training import COLOURS, digits01, train

BETAS = [0.5, 1.0, 4.0]


@register("vae_digits", topic="generative", order=20,
          title="Variational auto-encoder on digits: ELBO, samples, latent grid, beta trade-off")
def vae_digits(ctx):
    r"""A VAE encodes each digit to a Gaussian q(z|x) over a 2-D latent space, samples a code
    by the reparameterisation trick and decodes it to Bernoulli pixel probabilities. Training
    maximises the evidence lower bound (ELBO): the expected log-likelihood of the digit minus
    the KL divergence from q(z|x) to the prior N(0, I), in closed form. Weighting the KL by
    beta trades reconstruction against a code that stays close to the prior; new digits are
    decoded from prior draws, and a grid over the latent plane shows what each region means.

    $$-\mathrm{ELBO}(x) = \mathbb{E}_{q(z|x)}[-\log p(x|z)] + \beta\,\tfrac12\sum_j
    \left(\mu_j^2 + \sigma_j^2 - 1 - \log\sigma_j^2\right), \qquad z = \mu + \sigma \odot
    \varepsilon,\ \varepsilon \sim \mathcal N(0, I)$$

    What to notice: the held-out ELBO beats the likelihood of independent pixels; lowering
    beta buys better reconstructions with a larger KL, while beta = 4 pushes q(z|x) onto the
    prior (KL near 0) and the decoded digits blur into an average shape."""
    X, y = digits01(600 if ctx.fast else None)
    n_train = len(X) * 3 // 4
    X_train, X_test = X[:n_train], X[n_train:]
    epochs = 8 if ctx.fast else 150
    models, histories, terms = {}, {}, {}
    for beta in BETAS:
        manual_seed(ctx.seed)
        models[beta] = VAE(64, 2, 128, beta=beta)
        if beta == 1.0:
            manual_seed(ctx.seed + 1)
            with no_grad():
                untrained = models[beta].loss(X_test).item()
        histories[beta] = train(models[beta], X_train, epochs=epochs, seed=ctx.seed,
                                lr=1e-2 if ctx.fast else 3e-3, batch_size=32 if ctx.fast else 64)
        manual_seed(ctx.seed + 1)
        with no_grad():
            rec, kl = models[beta].loss_terms(X_test)
        terms[beta] = (rec.item(), kl.item())
    vae = models[1.0]
    elbo = -(terms[1.0][0] + terms[1.0][1])
    p = np.clip(X_train.mean(axis=0), 1e-3, 1 - 1e-3)  # independent Bernoulli pixels
    baseline = float(np.mean((X_test * np.log(p) + (1 - X_test) * np.log(1 - p)).sum(axis=1)))
    ctx.number("held-out ELBO per digit (nats), beta = 1", round(elbo, 2))
    ctx.number("held-out log-likelihood of independent pixels (nats)", round(baseline, 2))
    ctx.number("held-out reconstruction and KL for beta = 0.5, 1, 4",
               {b: (round(r, 2), round(k, 3)) for b, (r, k) in terms.items()})
    ctx.check("training lowers the held-out negative ELBO below 75% of the untrained network's",
              -elbo < 0.75 * untrained, detail=f"{untrained:.2f} -> {-elbo:.2f} nats per digit")
    ctx.check("on held-out digits the ELBO (a lower bound on log p(x)) exceeds the exact "
              "log-likelihood of an independent-pixel model", elbo > baseline,
              detail=f"ELBO {elbo:.2f} > {baseline:.2f} nats")
    recs, kls = [terms[b][0] for b in BETAS], [terms[b][1] for b in BETAS]
    # fast mode (8 short epochs): beta 0.5 and 1 reconstruct about equally well, so only the
    # ends are compared for the reconstruction term
    rec_ok = recs[0] < recs[2] if ctx.fast else recs[0] < recs[1] < recs[2]
    ctx.check("the beta trade-off: as beta grows 0.5 -> 1 -> 4 the KL term falls and the "
              "reconstruction term rises" + (" (0.5 vs 4 in fast mode)" if ctx.fast else ""),
              rec_ok and kls[0] > kls[1] > kls[2],
              detail=f"reconstruction {np.round(recs, 2).tolist()}, KL {np.round(kls, 3).tolist()}")

    fig, axes = ctx.figure("elbo_and_tradeoff", 1, 2, figsize=(11, 4))
    colours = {0.5: "#0072B2", 1.0: "#009E73", 4.0: "#D55E00"}
    for beta in BETAS:
        axes[0].plot(np.arange(1, epochs + 1), histories[beta], color=colours[beta],
                     label=f"beta = {beta:g}")
    axes[0].set_xlabel("epoch")
    axes[0].set_ylabel("training loss: reconstruction + beta KL (nats per digit)")
    axes[0].set_title("training curves (beta = 1: the negative ELBO)")
    axes[0].legend(fontsize=8)
    for beta in BETAS:
        axes[1].scatter(terms[beta][1], terms[beta][0], s=60, color=colours[beta], label=f"beta = {beta:g}")
    axes[1].set_xlabel("KL(q(z|x) || N(0, I)) (nats per digit, held-out)")
    axes[1].set_ylabel("reconstruction -log p(x|z) (nats per digit)")
    axes[1].set_title("the beta trade-off on held-out digits")
    axes[1].legend(fontsize=8)

    grid = np.linspace(-2.0, 2.0, 10)

    def draw(fig, axes, beta):
        model = models[beta]
        with no_grad():
            mu = model.encode(X_test)[0].data
            zz = np.array([[a, b] for b in grid[::-1] for a in grid], dtype=np.float32)
            decoded = model.decode(zz).data
        for d in range(10):
            axes[0].scatter(*mu[y[n_train:] == d].T, s=8, color=COLOURS[d], marker="o" if d < 8 else "^", label=str(d))
        axes[0].set_xlim(-3, 3)
        axes[0].set_ylim(-3, 3)
        axes[0].set_xlabel("mu_1")
        axes[0].set_ylabel("mu_2")
        axes[0].set_title("encoder means (held-out)")
        axes[0].legend(fontsize=6, ncol=2, title="digit", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        axes[1].imshow(montage(decoded, 10, 10), cmap="gray_r", vmin=0, vmax=1,
                       extent=(-2.22, 2.22, -2.22, 2.22))
        axes[1].set_xlabel("z_1")
        axes[1].set_ylabel("z_2")
        axes[1].set_title("decoded latent grid")
        axes[2].imshow(montage(model.sample(25, seed=ctx.seed), 5, 5), cmap="gray_r", vmin=0, vmax=1)
        axes[2].axis("off")
        axes[2].set_title("samples z ~ N(0, I)")
        r, k = terms[beta]
        fig.suptitle(f"beta = {beta:g}: reconstruction {r:.1f}, KL {k:.2f} nats per digit")

    # fast: the two ends of the trade-off (each frame costs ~0.5 s of drawing)
    ctx.frames("latent_space", "beta", BETAS[::2] if ctx.fast else BETAS, draw, nrows=1, ncols=3,
               figsize=(13, 4))

    fig, axes = ctx.figure("interpolation", 3, 1, figsize=(9, 3.6))
    pairs = [(0, 1), (3, 8), (4, 7)]
    idx = {d: int(np.flatnonzero(y[n_train:] == d)[0]) for d in range(10)}
    for ax, (a, b) in zip(axes, pairs, strict=True):
        path = vae.interpolate(X_test[idx[a]], X_test[idx[b]], steps=10)
        ax.imshow(montage(path, 1, 10), cmap="gray_r", vmin=0, vmax=1)
        ax.axis("off")
        ax.set_title(f"{a} -> {b}: decoded (1 - t) mu(x_a) + t mu(x_b), t = 0 ... 1", fontsize=8)

"""GAN, RealNVP and DDPM: losses against PyTorch, the flow's exact density, the diffusion's
closed forms."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from syllabus import optim
from syllabus.autograd import tensor
from syllabus.models import DDPM, GAN, RealNVP


def _perturb(module, rng, scale=0.6):
    """Random weights large enough that every coupling/layer does something."""
    for p in module.parameters():
        p.data[...] = rng.normal(scale=scale, size=p.shape)


def _fd_log_det(flow, x, h=1e-6):
    """log|det df/dx| of each row by central finite differences of z = f(x)."""
    n, d = x.shape
    jac = np.empty((n, d, d))
    for j in range(d):
        step = np.zeros(d)
        step[j] = h
        jac[:, :, j] = (flow(x + step)[0].data - flow(x - step)[0].data) / (2 * h)
    return np.linalg.slogdet(jac)[1]


@pytest.mark.parametrize("d", [2, 5])
def test_realnvp_inverse_and_change_of_variables(d):
    rng = np.random.default_rng(0)
    flow = RealNVP(d, n_layers=4, hidden_size=8, dtype=np.float64)
    _perturb(flow, rng)
    x = rng.normal(size=(20, d)) * 1.5
    z, log_det = flow(x)
    np.testing.assert_allclose(flow.inverse(z).data, x, rtol=0, atol=1e-10)
    assert np.abs(z.data - x).max() > 0.5  # the flow is far from the identity
    np.testing.assert_allclose(log_det.data, _fd_log_det(flow, x), rtol=0, atol=1e-7)
    log_normal = -0.5 * (z.data ** 2).sum(1) - 0.5 * d * np.log(2 * np.pi)
    np.testing.assert_allclose(flow.log_prob(x).data, log_normal + _fd_log_det(flow, x), rtol=0, atol=1e-7)
    s = flow.sample(50, seed=1)
    np.testing.assert_allclose(flow(s)[0].data, np.random.default_rng(1).standard_normal((50, d)),
                               rtol=0, atol=1e-10)


def test_realnvp_density_integrates_to_one():
    rng = np.random.default_rng(3)
    flow = RealNVP(2, n_layers=3, hidden_size=8, dtype=np.float64)
    _perturb(flow, rng, scale=0.5)
    grid = np.linspace(-12, 12, 801)
    xx, yy = np.meshgrid(grid, grid)
    density = np.exp(flow.log_prob(np.column_stack([xx.ravel(), yy.ravel()])).data)
    total = density.sum() * (grid[1] - grid[0]) ** 2
    assert abs(total - 1.0) < 2e-3, total


def test_realnvp_gradient_of_log_prob_matches_finite_differences():
    rng = np.random.default_rng(4)
    flow = RealNVP(2, n_layers=2, hidden_size=4, dtype=np.float64)
    _perturb(flow, rng)
    x = rng.normal(size=(6, 2))
    flow.zero_grad()
    flow.loss(x).backward()
    w = flow.couplings[1].net[0].weight
    num = np.empty(w.shape)
    for idx in np.ndindex(w.shape):
        old = w.data[idx]
        w.data[idx] = old + 1e-6
        up = flow.loss(x).item()
        w.data[idx] = old - 1e-6
        down = flow.loss(x).item()
        w.data[idx] = old
        num[idx] = (up - down) / 2e-6
    np.testing.assert_allclose(w.grad, num, rtol=1e-6, atol=1e-8)


def test_ddpm_schedules_match_their_closed_forms():
    T = 1000
    lin = DDPM(2, n_steps=T, schedule="linear")
    np.testing.assert_allclose(lin.betas, 1e-4 + (0.02 - 1e-4) * np.arange(T) / (T - 1), rtol=1e-13)
    np.testing.assert_allclose(lin.alpha_bars, np.cumprod(1 - lin.betas), rtol=1e-13)
    lin50 = DDPM(2, n_steps=50)
    np.testing.assert_allclose(lin50.betas[[0, -1]], [20 * 1e-4, 20 * 0.02], rtol=1e-13)
    cos = DDPM(2, n_steps=T, schedule="cosine")
    s = 0.008
    t = np.arange(1, T + 1)
    f = np.cos((t / T + s) / (1 + s) * np.pi / 2) ** 2 / np.cos(s / (1 + s) * np.pi / 2) ** 2
    # alpha_bar telescopes to f(t)/f(0) until the 0.999 clip on beta binds at the very end
    unclipped = cos.betas < 0.999
    assert unclipped.sum() >= T - 2 and cos.betas.max() <= 0.999
    np.testing.assert_allclose(cos.alpha_bars[unclipped], f[unclipped], rtol=1e-10)
    assert np.all(np.diff(cos.alpha_bars) < 0) and np.all(np.diff(lin.alpha_bars) < 0)


@pytest.mark.parametrize("schedule", ["linear", "cosine"])
def test_ddpm_q_sample_moments_monte_carlo(schedule):
    rng = np.random.default_rng(5)
    model = DDPM(3, n_steps=100, schedule=schedule)
    x0 = np.array([[1.5, -2.0, 0.5]])
    n = 200_000
    for t in (0, 30, 99):
        xt = model.q_sample(np.repeat(x0, n, 0), t, rng.standard_normal((n, 3)))
        ab = model.alpha_bars[t]
        se_mean = np.sqrt((1 - ab) / n)
        np.testing.assert_allclose(xt.mean(0), np.sqrt(ab) * x0[0], rtol=0, atol=5 * se_mean)
        # Var of a sample variance of a Gaussian: 2 sigma^4 / (n - 1)
        np.testing.assert_allclose(xt.var(0, ddof=1), 1 - ab, rtol=0,
                                   atol=5 * (1 - ab) * np.sqrt(2 / (n - 1)))


@pytest.mark.parametrize("schedule", ["linear", "cosine"])
def test_ddpm_q_sample_equals_iterating_one_step(schedule):
    rng = np.random.default_rng(6)
    model = DDPM(2, n_steps=40, schedule=schedule)
    x0 = rng.normal(size=(7, 2))
    noises = rng.standard_normal((40, 7, 2))
    x = x0
    for t in range(40):
        x = model.q_step(x, t, noises[t])
        # x_t = sqrt(ab_t) x0 + sum_s c_s eps_s, c_s = sqrt(beta_s) prod_{s<r<=t} sqrt(alpha_r)
        c = np.sqrt(model.betas[:t + 1]) * np.sqrt(model.alpha_bars[t] / model.alpha_bars[:t + 1])
        np.testing.assert_allclose((c ** 2).sum(), 1 - model.alpha_bars[t], rtol=1e-12)
        eps = np.tensordot(c, noises[:t + 1], axes=1) / np.sqrt(1 - model.alpha_bars[t])
        np.testing.assert_allclose(x, model.q_sample(x0, t, eps), rtol=0, atol=1e-12)


def test_ddpm_loss_is_epsilon_prediction_mse():
    model = DDPM(2, n_steps=20, hidden_size=8, time_dim=4, dtype=np.float64)
    x0 = np.random.default_rng(7).normal(size=(16, 2))
    loss = model.loss(x0, rng=8).item()
    rng = np.random.default_rng(8)
    t = rng.integers(0, 20, size=16)
    eps = rng.standard_normal((16, 2))
    ab = model.alpha_bars[t][:, None]
    xt = np.sqrt(ab) * x0 + np.sqrt(1 - ab) * eps
    half = np.arange(2) / 2
    rates = np.exp(-np.log(10000.0) * half)
    emb = np.concatenate([np.sin(t[:, None] * rates), np.cos(t[:, None] * rates)], 1)
    h = np.concatenate([xt, emb], 1)
    layers = [m for m in model.net if hasattr(m, "weight")]
    for i, lin in enumerate(layers):
        h = h @ lin.weight.data.T + lin.bias.data
        if i < len(layers) - 1:
            h = np.maximum(h, 0)
    np.testing.assert_allclose(loss, ((h - eps) ** 2).mean(), rtol=1e-12)


def test_ddpm_sampling_with_the_oracle_denoiser_recovers_gaussian_data():
    # For data x0 ~ N(0, I), x_t ~ N(0, I) and the optimal predictor is sqrt(1 - ab_t) x_t;
    # the reverse chain run with it keeps a standard normal distribution.
    model = DDPM(2, n_steps=50, dtype=np.float64)

    class Oracle:
        def __call__(self, x, t):
            return tensor(np.sqrt(1 - model.alpha_bars[t]) * x.data)

    model.forward = Oracle()
    x, path = model.sample(40_000, seed=9, return_trajectory=True)
    assert path.shape == (51, 40_000, 2)
    np.testing.assert_allclose(x.mean(0), 0, atol=0.03)
    np.testing.assert_allclose(x.var(0), 1, atol=0.05)


def _torch_mlp(seq):
    layers = []
    for m in seq:
        if hasattr(m, "weight"):
            lin = torch.nn.Linear(m.in_features, m.out_features, dtype=torch.float64)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(m.weight.data))
                lin.bias.copy_(torch.from_numpy(m.bias.data))
            layers.append(lin)
        elif type(m).__name__ == "LeakyReLU":
            layers.append(torch.nn.LeakyReLU(0.2))
        elif type(m).__name__ in ("Tanh", "Sigmoid"):
            layers.append(getattr(torch.nn, type(m).__name__)())
        else:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("output_activation", [None, "tanh", "sigmoid"])
def test_gan_losses_and_gradients_match_pytorch_bce_with_logits(output_activation):
    rng = np.random.default_rng(10)
    gan = GAN(3, latent_dim=2, hidden_size=8, output_activation=output_activation, dtype=np.float64)
    assert len(gan.generator) == 5 + (output_activation is not None)
    g_t, d_t = _torch_mlp(gan.generator), _torch_mlp(gan.discriminator)
    real, z = rng.normal(size=(12, 3)), rng.normal(size=(12, 2))
    bce = torch.nn.BCEWithLogitsLoss()

    fake = gan(z)
    loss_d = gan.discriminator_loss(real, fake)
    gan.zero_grad()
    loss_d.backward()
    fake_t = g_t(torch.from_numpy(z))
    lr_, lf_ = d_t(torch.from_numpy(real)), d_t(fake_t.detach())
    ref_d = bce(lr_, torch.ones_like(lr_)) + bce(lf_, torch.zeros_like(lf_))
    ref_d.backward()
    np.testing.assert_allclose(loss_d.item(), ref_d.item(), rtol=1e-12)
    for ours, ref in zip(gan.discriminator.parameters(), d_t.parameters()):
        np.testing.assert_allclose(ours.grad, ref.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert all(p.grad is None or not np.any(p.grad) for p in gan.generator.parameters())

    gan.zero_grad()
    d_t.zero_grad()
    loss_g = gan.generator_loss(gan(z))
    loss_g.backward()
    out = d_t(g_t(torch.from_numpy(z)))
    ref_g = bce(out, torch.ones_like(out))
    ref_g.backward()
    np.testing.assert_allclose(loss_g.item(), ref_g.item(), rtol=1e-12)
    # non-saturating form: mean softplus(-D(G(z)))
    np.testing.assert_allclose(loss_g.item(), torch.nn.functional.softplus(-out).mean().item(), rtol=1e-12)
    for ours, ref in zip(gan.generator.parameters(), g_t.parameters()):
        np.testing.assert_allclose(ours.grad, ref.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_gan_train_step_matches_pytorch_alternating_updates():
    rng = np.random.default_rng(11)
    gan = GAN(2, latent_dim=2, hidden_size=8, dtype=np.float64)
    g_t, d_t = _torch_mlp(gan.generator), _torch_mlp(gan.discriminator)
    opt_g, opt_d = optim.SGD(gan.generator.parameters(), lr=0.1), optim.SGD(gan.discriminator.parameters(), lr=0.1)
    tg, td = torch.optim.SGD(g_t.parameters(), lr=0.1), torch.optim.SGD(d_t.parameters(), lr=0.1)
    bce = torch.nn.BCEWithLogitsLoss()
    for step in range(3):
        x = rng.normal(size=(10, 2))
        noise = np.random.default_rng(step)
        z1, z2 = noise.standard_normal((10, 2)), noise.standard_normal((10, 2))
        loss_d, loss_g = gan.train_step(x, opt_g, opt_d, rng=step)
        td.zero_grad()
        fake = g_t(torch.from_numpy(z1)).detach()
        a, b = d_t(torch.from_numpy(x)), d_t(fake)
        ref_d = bce(a, torch.ones_like(a)) + bce(b, torch.zeros_like(b))
        ref_d.backward()
        td.step()
        tg.zero_grad()
        out = d_t(g_t(torch.from_numpy(z2)))
        ref_g = bce(out, torch.ones_like(out))
        ref_g.backward()
        tg.step()
        np.testing.assert_allclose([loss_d, loss_g], [ref_d.item(), ref_g.item()], rtol=1e-12)
    for ours, ref in zip(gan.parameters(), list(g_t.parameters()) + list(d_t.parameters())):
        np.testing.assert_allclose(ours.data, ref.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="schedule"):
        DDPM(2, schedule="quadratic")
    with pytest.raises(ValueError, match="at least 2"):
        RealNVP(1)
    with pytest.raises(ValueError, match="positive integer"):
        GAN(2, hidden_size=0)
    with pytest.raises(ValueError, match="output_activation must be one of"):
        GAN(2, output_activation="relu")
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        RealNVP(2).log_prob(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="NaN"):
        GAN(2).discriminator_loss(np.array([[np.nan, 0.0]]), np.zeros((1, 2)))
    with pytest.raises(ValueError, match="steps t"):
        DDPM(2, n_steps=10).q_sample(np.zeros((2, 2)), 10, np.zeros((2, 2)))


def test_extreme_inputs_stay_finite():
    flow = RealNVP(2, n_layers=2, hidden_size=4, dtype=np.float64)
    assert np.all(np.isfinite(flow.log_prob(np.array([[1e3, -1e3]])).data))
    gan = GAN(2, hidden_size=4, dtype=np.float64)
    assert np.isfinite(gan.discriminator_loss(np.full((2, 2), 1e6), np.full((2, 2), -1e6)).item())


def test_models_round_trip_through_syllabus_io(tmp_path):
    from syllabus import io

    rng = np.random.default_rng(12)
    x = rng.normal(size=(5, 2))
    for model, out in [(GAN(2, hidden_size=4, dtype=np.float64), lambda m: m.sample(3, seed=0)),
                       (GAN(2, hidden_size=4, output_activation="tanh", dtype=np.float64),
                        lambda m: m.sample(3, seed=0)),
                       (RealNVP(2, n_layers=2, hidden_size=4, dtype=np.float64), lambda m: m.log_prob(x).data),
                       (DDPM(2, n_steps=20, schedule="cosine", hidden_size=4, dtype=np.float64),
                        lambda m: m.sample(3, seed=0))]:
        io.save(model, tmp_path / "m.safetensors")
        loaded = io.load(tmp_path / "m.safetensors")
        assert type(loaded) is type(model)
        np.testing.assert_array_equal(out(loaded), out(model))


def test_ddpm_posterior_mean_form_equals_the_epsilon_form_without_clipping():
    # clip_denoised=inf takes the x0-prediction route; it must give the same chain.
    model = DDPM(2, n_steps=30, schedule="cosine", hidden_size=8, dtype=np.float64)
    a = model.sample(50, seed=13)
    b = model.sample(50, seed=13, clip_denoised=np.inf)
    np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-9)
    c = model.sample(50, seed=13, clip_denoised=1.0)
    assert np.abs(c).max() <= 1.0 + 1e-12  # the last step returns the clipped x0_hat itself

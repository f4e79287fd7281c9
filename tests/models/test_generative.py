"""AutoEncoder, ConvAutoEncoder, VAE and VQVAE against closed forms, PCA and the same networks
written in torch (float64, same weights, same noise)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import optim  # noqa: E402
from syllabus.autograd import manual_seed, tensor  # noqa: E402
from syllabus.decomposition import PCA  # noqa: E402
from syllabus.models import VAE, VQVAE, AutoEncoder, ConvAutoEncoder  # noqa: E402


def _load(ours, theirs):
    """Copy theirs' parameters (in registration order) into ours."""
    ours_params, theirs_params = list(ours.parameters()), list(theirs.parameters())
    assert [p.shape for p in ours_params] == [tuple(p.shape) for p in theirs_params]
    for p, q in zip(ours_params, theirs_params, strict=True):
        p.data[...] = q.detach().numpy()
    return ours_params, theirs_params


def _same_grads(ours_params, theirs_params):
    for p, q in zip(ours_params, theirs_params, strict=True):
        np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-9, atol=1e-12)


# ----------------------------------------------------------------------------------- VAE
class TorchVAE(torch.nn.Module):
    def __init__(self, d, k, h, likelihood, sigma, beta):
        super().__init__()
        self.enc = torch.nn.Linear(d, h)
        self.mu, self.logvar = torch.nn.Linear(h, k), torch.nn.Linear(h, k)
        self.dec1, self.dec2 = torch.nn.Linear(k, h), torch.nn.Linear(h, d)
        self.likelihood, self.sigma, self.beta = likelihood, sigma, beta

    def loss(self, x, eps):
        h = torch.relu(self.enc(x))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        out = self.dec2(torch.relu(self.dec1(z)))
        if self.likelihood == "bernoulli":
            nll = torch.nn.functional.binary_cross_entropy_with_logits(out, x, reduction="none").sum(1)
        else:
            nll = -torch.distributions.Normal(out, self.sigma).log_prob(x).sum(1)
        q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
        kl = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum(1)
        return (nll + self.beta * kl).mean()


@pytest.mark.parametrize("likelihood, sigma, beta", [("bernoulli", 1.0, 1.0), ("bernoulli", 1.0, 4.0),
                                                     ("gaussian", 0.3, 0.5)])
def test_vae_loss_is_torch_negative_elbo_with_the_same_noise(likelihood, sigma, beta):
    torch.manual_seed(0)
    theirs = TorchVAE(7, 3, 5, likelihood, sigma, beta).double()
    ours = VAE(7, 3, 5, likelihood=likelihood, sigma=sigma, beta=beta, dtype=np.float64)
    ours_params, theirs_params = _load(ours, theirs)
    rng = np.random.default_rng(1)
    x = rng.uniform(size=(6, 7))
    eps = rng.standard_normal((6, 3))
    loss = ours.loss(x, eps=eps)
    ref = theirs.loss(torch.tensor(x), torch.tensor(eps))
    assert loss.item() == pytest.approx(ref.item(), rel=1e-12)
    loss.backward()
    ref.backward()
    _same_grads(ours_params, theirs_params)


def test_vae_closed_form_kl_equals_monte_carlo_and_torch():
    manual_seed(2)
    vae = VAE(5, 4, 8, dtype=np.float64)
    rng = np.random.default_rng(3)
    vae.fc_logvar.bias.data[...] = rng.normal(0, 0.5, 4)  # variances away from 1
    x = rng.uniform(size=(3, 5))
    _, kl = vae.loss_terms(x, eps=np.zeros((3, 4)))
    mu, logvar = (t.data for t in vae.encode(x))
    q = torch.distributions.Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * logvar)))
    ref = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum(1).mean()
    assert kl.item() == pytest.approx(ref.item(), rel=1e-12)
    # Monte-Carlo: E_q[log q(z) - log p(z)] from 400,000 draws, within 5 standard errors
    z = mu + np.exp(0.5 * logvar) * rng.standard_normal((400_000, *mu.shape))
    log_ratio = (-0.5 * ((z - mu) ** 2 / np.exp(logvar) + logvar) + 0.5 * z ** 2).sum(-1).mean(-1)
    assert abs(log_ratio.mean() - kl.item()) < 5 * log_ratio.std() / np.sqrt(len(log_ratio))


def test_vae_forward_sample_interpolate():
    manual_seed(4)
    vae = VAE(6, 2, 5, dtype=np.float64)
    rng = np.random.default_rng(5)
    x = rng.uniform(size=(4, 6))
    eps = rng.standard_normal((4, 2))
    recon, mu, logvar = vae(x, eps=eps)
    z = mu.data + np.exp(0.5 * logvar.data) * eps
    np.testing.assert_allclose(recon.data, vae.decode(z).data, rtol=1e-14)
    assert np.all((recon.data > 0) & (recon.data < 1))
    vae.eval()
    np.testing.assert_allclose(vae(x)[0].data, vae.decode(mu).data, rtol=1e-14)
    draws = vae.sample(3, seed=7)
    np.testing.assert_array_equal(draws, vae.sample(3, seed=7))
    np.testing.assert_allclose(draws, vae.decode(np.random.default_rng(7).standard_normal((3, 2))).data,
                               rtol=1e-14)
    path = vae.interpolate(x[0], x[1], steps=5)
    np.testing.assert_allclose(path[[0, -1]], vae.decode(mu.data[:2]).data, rtol=1e-12)
    mid = vae.decode(0.5 * (mu.data[0] + mu.data[1])[None]).data[0]
    np.testing.assert_allclose(path[2], mid, rtol=1e-12)


def test_vae_bad_input():
    with pytest.raises(ValueError, match="likelihood must be one of"):
        VAE(4, 2, 3, likelihood="poisson")
    with pytest.raises(ValueError, match="beta must be"):
        VAE(4, 2, 3, beta=-1.0)
    with pytest.raises(ValueError, match="latent_dim must be a positive int"):
        VAE(4, 0, 3)
    vae = VAE(4, 2, 3)
    with pytest.raises(ValueError, match=r"shape \(N, 4\)"):
        vae.loss(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="NaN"):
        vae.loss(np.full((2, 4), np.nan))
    with pytest.raises(ValueError, match="eps must have shape"):
        vae.loss(np.zeros((2, 4)), eps=np.zeros((3, 2)))
    gauss = VAE(4, 2, 3, likelihood="gaussian", dtype=np.float64)
    assert np.isfinite(gauss.loss(np.ones((2, 4)) * 1e3, eps=np.zeros((2, 2))).item())


# ------------------------------------------------------------------------------- VQ-VAE
class TorchVQVAE(torch.nn.Module):
    def __init__(self, d, h, k, dim, n_lat, beta):
        super().__init__()
        self.enc = torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Linear(h, n_lat * dim))
        self.dec = torch.nn.Sequential(torch.nn.Linear(n_lat * dim, h), torch.nn.ReLU(), torch.nn.Linear(h, d))
        self.codebook = torch.nn.Embedding(k, dim)
        self.n_lat, self.dim, self.beta = n_lat, dim, beta

    def terms(self, x):
        z = self.enc(x).reshape(len(x), self.n_lat, self.dim)
        z.retain_grad()
        d2 = ((z[..., None, :] - self.codebook.weight) ** 2).sum(-1)
        q = self.codebook(d2.argmin(-1))
        zq = z + (q - z).detach()
        zq.retain_grad()
        rec = torch.nn.functional.mse_loss(self.dec(zq.reshape(len(x), -1)), x)
        return z, zq, rec, torch.nn.functional.mse_loss(q, z.detach()), torch.nn.functional.mse_loss(z, q.detach())


def test_vqvae_matches_torch_straight_through_twin():
    torch.manual_seed(6)
    theirs = TorchVQVAE(9, 7, 5, 2, 3, 0.25).double()
    ours = VQVAE(9, 7, num_embeddings=5, embedding_dim=2, num_latents=3, dtype=np.float64)
    ours_params, theirs_params = _load(ours, theirs)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((8, 9))
    z, zq, *ref = theirs.terms(torch.tensor(x))
    terms = ours.loss_terms(x)
    for a, b in zip(terms, ref, strict=True):
        assert a.item() == pytest.approx(b.item(), rel=1e-12)
    loss, ref_loss = ours.loss(x), ref[0] + ref[1] + 0.25 * ref[2]
    assert loss.item() == pytest.approx(ref_loss.item(), rel=1e-12)
    loss.backward()
    ref_loss.backward()
    _same_grads(ours_params, theirs_params)
    usage = ours.codebook_usage(x)
    np.testing.assert_array_equal(usage, np.bincount(
        ((z[..., None, :] - theirs.codebook.weight) ** 2).sum(-1).argmin(-1).numpy().ravel(), minlength=5))
    assert usage.sum() == 8 * 3


def test_vqvae_straight_through_passes_the_decoder_gradient_unchanged():
    manual_seed(8)
    vq = VQVAE(6, 5, num_embeddings=4, embedding_dim=2, num_latents=2, dtype=np.float64)
    x = tensor(np.random.default_rng(9).standard_normal((5, 6)))
    z_e = vq.encode(x)
    z_e.retain_grad()
    z_q, e, _ = vq.quantize(z_e)
    z_q.retain_grad()
    np.testing.assert_allclose(z_q.data, e.data, rtol=1e-15, atol=1e-16)  # the forward value is the code
    rec = ((vq.decode(z_q) - x) ** 2).mean()
    rec.backward()
    assert np.abs(z_q.grad).max() > 0
    np.testing.assert_array_equal(z_e.grad, z_q.grad)  # identity backward, bit for bit
    assert vq.codebook.weight.grad is None or not np.any(vq.codebook.weight.grad)  # sg on the code


def test_vqvae_bad_input():
    with pytest.raises(ValueError, match="num_embeddings must be a positive int"):
        VQVAE(4, 3, num_embeddings=0)
    with pytest.raises(ValueError, match="commitment_cost"):
        VQVAE(4, 3, commitment_cost=np.nan)
    with pytest.raises(ValueError, match=r"shape \(N, 4\)"):
        VQVAE(4, 3).loss(np.zeros((2, 3)))


class TorchConvVQVAE(TorchVQVAE):
    """The convolutional VQ-VAE: a grid of latent vectors, one per cell, quantised on its own."""

    def __init__(self, c, h, k, dim, beta):
        torch.nn.Module.__init__(self)
        self.enc = torch.nn.Sequential(torch.nn.Conv2d(c, h, 3, stride=2, padding=1), torch.nn.ReLU(),
                                       torch.nn.Conv2d(h, dim, 3, stride=2, padding=1))
        self.dec = torch.nn.Sequential(
            torch.nn.ConvTranspose2d(dim, h, 3, stride=2, padding=1, output_padding=1), torch.nn.ReLU(),
            torch.nn.ConvTranspose2d(h, c, 3, stride=2, padding=1, output_padding=1))
        self.codebook = torch.nn.Embedding(k, dim)
        self.dim, self.beta = dim, beta

    def terms(self, x):
        z_map = self.enc(x)  # (N, D, h, w)
        n, _, gh, gw = z_map.shape
        z = z_map.permute(0, 2, 3, 1).reshape(n, gh * gw, self.dim)
        z.retain_grad()
        d2 = ((z[..., None, :] - self.codebook.weight) ** 2).sum(-1)
        q = self.codebook(d2.argmin(-1))
        zq = z + (q - z).detach()
        zq.retain_grad()
        out = self.dec(zq.reshape(n, gh, gw, self.dim).permute(0, 3, 1, 2))
        rec = torch.nn.functional.mse_loss(out, x)
        return z, zq, rec, torch.nn.functional.mse_loss(q, z.detach()), torch.nn.functional.mse_loss(z, q.detach())


def test_conv_vqvae_matches_torch_twin():
    torch.manual_seed(16)
    theirs = TorchConvVQVAE(2, 3, 6, 3, 0.25).double()
    ours = VQVAE(2, 3, num_embeddings=6, embedding_dim=3, image_size=(8, 12), dtype=np.float64)
    assert ours.num_latents == 6  # a 2x3 grid
    ours_params, theirs_params = _load(ours, theirs)
    x = np.random.default_rng(17).standard_normal((5, 2, 8, 12))
    z, zq, *ref = theirs.terms(torch.tensor(x))
    np.testing.assert_allclose(ours.encode(x).data, z.detach().numpy(), rtol=1e-12, atol=1e-14)
    for a, b in zip(ours.loss_terms(x), ref, strict=True):
        assert a.item() == pytest.approx(b.item(), rel=1e-12)
    loss, ref_loss = ours.loss(x), ref[0] + ref[1] + 0.25 * ref[2]
    assert loss.item() == pytest.approx(ref_loss.item(), rel=1e-12)
    loss.backward()
    ref_loss.backward()
    _same_grads(ours_params, theirs_params)
    indices = ((z[..., None, :] - theirs.codebook.weight) ** 2).sum(-1).argmin(-1).numpy()
    np.testing.assert_array_equal(ours.encode_indices(x), indices)
    np.testing.assert_array_equal(ours.codebook_usage(x), np.bincount(indices.ravel(), minlength=6))
    assert ours(x).shape == (5, 2, 8, 12)


def test_conv_vqvae_bad_input():
    with pytest.raises(ValueError, match="multiples of 4"):
        VQVAE(1, 4, image_size=6)
    with pytest.raises(ValueError, match="has 4 latents"):
        VQVAE(1, 4, num_latents=3, image_size=8)
    with pytest.raises(ValueError, match=r"shape \(N, 1, 8, 8\)"):
        VQVAE(1, 4, image_size=8).loss(np.zeros((2, 64)))
    with pytest.raises(ValueError, match="NaN"):
        VQVAE(1, 4, image_size=8).loss(np.full((2, 1, 8, 8), np.nan))


# ------------------------------------------------------------------------- auto-encoders
def test_linear_autoencoder_spans_the_pca_subspace():
    rng = np.random.default_rng(10)
    n, d, k = 200, 6, 2
    X = rng.standard_normal((n, d)) * np.array([3.0, 2.0, 1.0, 0.5, 0.3, 0.1]) @ np.linalg.qr(
        rng.standard_normal((d, d)))[0] + 1.5
    manual_seed(11)
    ae = AutoEncoder(d, k, hidden_sizes=(), dtype=np.float64)
    opt = optim.LBFGS(ae.parameters(), max_iter=500, tolerance_grad=1e-12, tolerance_change=1e-16,
                      line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ae.loss(X)
        loss.backward()
        return loss

    for _ in range(4):
        opt.step(closure)
    pca = PCA(k, svd_solver="full").fit(X)
    pca_error = np.mean(np.sum((X - pca.inverse_transform(pca.transform(X))) ** 2, axis=1))
    assert ae.loss(X).item() == pytest.approx(pca_error, rel=1e-8)
    # the decoder's columns span the principal subspace: projecting them off it leaves nothing
    W = ae.decoder[0].weight.data
    off = W - pca.components_.T @ (pca.components_ @ W)
    assert np.abs(off).max() < 1e-5 * np.abs(W).max()


def test_autoencoders_match_torch():
    torch.manual_seed(12)
    rng = np.random.default_rng(12)
    dense = torch.nn.Sequential(torch.nn.Linear(8, 6), torch.nn.Tanh(), torch.nn.Linear(6, 3),
                                torch.nn.Linear(3, 6), torch.nn.Tanh(), torch.nn.Linear(6, 8)).double()
    conv = torch.nn.Sequential(
        torch.nn.Conv2d(2, 3, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(4 * 2 * 3, 5), torch.nn.Linear(5, 24), torch.nn.ReLU(), torch.nn.Unflatten(1, (4, 2, 3)),
        torch.nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), torch.nn.ReLU(),
        torch.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)).double()
    cases = [(AutoEncoder(8, 3, (6,), activation="tanh", dtype=np.float64), dense, (5, 8)),
             (ConvAutoEncoder(2, (8, 12), 5, channels=(3, 4), dtype=np.float64), conv, (3, 2, 8, 12))]
    for ours, theirs, shape in cases:
        ours_params, theirs_params = _load(ours, theirs)
        x = rng.standard_normal(shape)
        loss = ours.loss(x)
        ref = ((theirs(torch.tensor(x)) - torch.tensor(x)) ** 2).reshape(shape[0], -1).sum(1).mean()
        assert loss.item() == pytest.approx(ref.item(), rel=1e-12)
        loss.backward()
        ref.backward()
        _same_grads(ours_params, theirs_params)
        assert ours.encode(x).shape == (shape[0], theirs[len(theirs) // 2 - 1].out_features
                                        if isinstance(ours, AutoEncoder) else 5)


def test_autoencoder_bad_input():
    with pytest.raises(ValueError, match="activation must be one of"):
        AutoEncoder(4, 2, activation="swish")
    with pytest.raises(ValueError, match=r"hidden_sizes\[0\] must be a positive int"):
        AutoEncoder(4, 2, hidden_sizes=(0,))
    with pytest.raises(ValueError, match="multiples of 4"):
        ConvAutoEncoder(1, 10, 2)


def test_models_save_and_load(tmp_path):
    from syllabus import io

    manual_seed(13)
    x = np.random.default_rng(13).uniform(size=(4, 64))
    for model in (AutoEncoder(64, 2, (8,), dtype=np.float64), VAE(64, 2, 8, beta=2.0, dtype=np.float64),
                  VQVAE(64, 8, num_embeddings=5, dtype=np.float64),
                  VQVAE(1, 4, num_embeddings=5, image_size=8, dtype=np.float64)):
        model.eval()
        io.save(model, tmp_path / "m.safetensors")
        again = io.load(tmp_path / "m.safetensors")
        assert type(again) is type(model)
        eps = {"eps": np.zeros((4, 2))} if isinstance(model, VAE) else {}
        data = x.reshape(4, 1, 8, 8) if getattr(model, "image_size", None) else x
        assert again.loss(data, **eps).item() == model.loss(data, **eps).item()

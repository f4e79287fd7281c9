"""The optimisers driving a syllabus.nn network, step for step with the same torch network."""

import numpy as np
import pytest
import torch

from syllabus import optim

nn = pytest.importorskip("syllabus.nn")
if not all(hasattr(nn, name) for name in ("Linear", "Sequential", "Tanh", "MSELoss", "Parameter")):
    pytest.skip("syllabus.nn layers are not available yet", allow_module_level=True)

import syllabus  # noqa: E402


def _networks(seed=0):
    ours = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(),
                                 torch.nn.Linear(5, 2)).double()
    rng = np.random.default_rng(seed)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        value = rng.normal(size=p.data.shape) * 0.5
        p.data[...] = value
        with torch.no_grad():
            tp.copy_(torch.from_numpy(value))
    return ours, theirs


def _data(seed=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(16, 3))
    return X, np.c_[np.sin(X[:, 0]), X[:, 1] * X[:, 2]]


@pytest.mark.parametrize(
    "name, kwargs",
    [("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}),
     ("Adam", {"lr": 0.01, "amsgrad": True}),
     ("AdamW", {"lr": 0.01}),
     ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
     ("Adagrad", {"lr": 0.1})],
)
def test_training_steps_match_torch(name, kwargs):
    ours, theirs = _networks()
    X, Y = _data()
    opt = getattr(optim, name)(ours.parameters(), **kwargs)
    topt = getattr(torch.optim, name)(theirs.parameters(), **kwargs)
    loss_fn, tloss_fn = nn.MSELoss(), torch.nn.MSELoss()
    x, y = syllabus.tensor(X), syllabus.tensor(Y)
    tx, ty = torch.from_numpy(X), torch.from_numpy(Y)
    for _ in range(30):
        opt.zero_grad()
        loss = loss_fn(ours(x), y)
        loss.backward()
        opt.step()
        topt.zero_grad()
        tloss = tloss_fn(theirs(tx), ty)
        tloss.backward()
        topt.step()
        assert float(loss.item()) == pytest.approx(tloss.item(), rel=1e-9)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_lbfgs_closure_over_a_network_matches_torch():
    ours, theirs = _networks(2)
    X, Y = _data(3)
    opt = optim.LBFGS(ours.parameters(), line_search_fn="strong_wolfe", max_iter=15)
    topt = torch.optim.LBFGS(theirs.parameters(), line_search_fn="strong_wolfe", max_iter=15)
    x, y = syllabus.tensor(X), syllabus.tensor(Y)
    tx, ty = torch.from_numpy(X), torch.from_numpy(Y)

    def closure():
        opt.zero_grad()
        loss = nn.MSELoss()(ours(x), y)
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = torch.nn.MSELoss()(theirs(tx), ty)
        loss.backward()
        return loss

    for _ in range(3):
        opt.step(closure)
        topt.step(tclosure)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=0, atol=1e-6)
    assert closure().item() < 0.5 * nn.MSELoss()(_networks(2)[0](x), y).item()

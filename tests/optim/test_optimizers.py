"""PyTorch-style optimisers against torch.optim (float64, same gradient sequence)."""

import numpy as np
import pytest
import torch

from syllabus import optim


class StandIn:
    """The minimal parameter protocol: ``.data`` (updated in place) and ``.grad``."""

    def __init__(self, array):
        self.data = array
        self.grad = None


def _param_factories():
    factories = [StandIn]
    try:
        from syllabus.nn import Parameter
    except ImportError:
        pass
    else:
        factories.append(Parameter)
    return factories


PARAM_FACTORIES = _param_factories()
SHAPES = [(3, 4), (5,)]
N_STEPS = 50

CASES = [
    ("SGD", {}),
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.05, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1,
                 "initial_accumulator_value": 0.5, "eps": 1e-6}),
    ("RMSprop", {}),
    ("RMSprop", {"alpha": 0.9, "eps": 1e-6}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.9}),
    ("RMSprop", {"centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.95)}),
    ("Adam", {"weight_decay": 0.1}),
    ("Adam", {"amsgrad": True}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05, "eps": 1e-6, "maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.0}),
]


def _gradient_sequence(seed=0):
    rng = np.random.default_rng(seed)
    grads = [[rng.normal(size=s) * rng.uniform(0.01, 3) for s in SHAPES] for _ in range(N_STEPS)]
    grads[7][1] = None  # a parameter without gradient is skipped (torch does the same)
    grads[20][1] = None
    grads[30][0] = np.zeros(SHAPES[0])  # a zero gradient still counts as a step
    return grads


def _initial_params(seed=1):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=s) for s in SHAPES]


def _run_pair(name, kwargs, factory, grads, n_steps=N_STEPS, groups=None, lr_per_step=None):
    init = _initial_params()
    ours = [factory(a.copy()) for a in init]
    theirs = [torch.tensor(a.copy(), requires_grad=True) for a in init]
    if groups is None:
        opt = getattr(optim, name)(ours, **kwargs)
        topt = getattr(torch.optim, name)(theirs, **kwargs)
    else:
        opt = getattr(optim, name)([{"params": [ours[i]], **g} for i, g in enumerate(groups)], **kwargs)
        topt = getattr(torch.optim, name)(
            [{"params": [theirs[i]], **g} for i, g in enumerate(groups)], **kwargs)
    for k in range(n_steps):
        if lr_per_step is not None:
            for g, tg in zip(opt.param_groups, topt.param_groups):
                g["lr"] = tg["lr"] = lr_per_step(k)
        opt.zero_grad()
        topt.zero_grad()
        for p, tp, g in zip(ours, theirs, grads[k]):
            p.grad = None if g is None else g.copy()
            tp.grad = None if g is None else torch.tensor(g)
        opt.step()
        topt.step()
        for p, tp in zip(ours, theirs):
            np.testing.assert_allclose(p.data, tp.detach().numpy(), rtol=1e-10, atol=1e-14,
                                       err_msg=f"step {k + 1}")
    return opt, topt, ours, theirs


@pytest.mark.parametrize("factory", PARAM_FACTORIES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_matches_torch_over_50_steps(name, kwargs, factory):
    opt, topt, ours, _ = _run_pair(name, kwargs, factory, _gradient_sequence())
    # Same state layout and values as torch's state_dict.
    sd, tsd = opt.state_dict(), topt.state_dict()
    assert sd["state"].keys() == tsd["state"].keys()
    for i, tstate in tsd["state"].items():
        assert set(sd["state"][i]) == set(tstate), (sd["state"][i].keys(), tstate.keys())
        for key, tval in tstate.items():
            if key == "step":
                assert sd["state"][i][key] == int(tval)
            else:
                np.testing.assert_allclose(sd["state"][i][key], tval.numpy(), rtol=1e-10,
                                           atol=1e-14)
    for g, tg in zip(sd["param_groups"], tsd["param_groups"]):
        assert g["params"] == tg["params"]
        for key in g:
            assert g[key] == tg[key], key


def test_parameter_groups_and_changing_lr_match_torch():
    groups = [{"lr": 0.1, "momentum": 0.9}, {"nesterov": True, "momentum": 0.5}]
    _run_pair("SGD", {"lr": 0.01}, StandIn, _gradient_sequence(2), groups=groups)
    _run_pair("Adam", {"lr": 0.01}, StandIn, _gradient_sequence(3),
              groups=[{"betas": (0.5, 0.9)}, {"amsgrad": True}],
              lr_per_step=lambda k: 0.01 * 0.9**k)


def test_float32_parameters_stay_float32_in_place():
    a = np.ones((2, 3), dtype=np.float32)
    p = StandIn(a)
    opt = optim.Adam([p], lr=0.1, weight_decay=0.01)
    for _ in range(3):
        p.grad = np.full((2, 3), 0.5, dtype=np.float32)
        opt.step()
    assert p.data is a and a.dtype == np.float32
    assert opt.state[p]["exp_avg"].dtype == np.float32
    t = torch.ones((2, 3), dtype=torch.float32, requires_grad=True)
    topt = torch.optim.Adam([t], lr=0.1, weight_decay=0.01)
    for _ in range(3):
        t.grad = torch.full((2, 3), 0.5)
        topt.step()
    np.testing.assert_allclose(a, t.detach().numpy(), rtol=1e-6)


@pytest.mark.parametrize("name, kwargs", [("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
                                          ("Adagrad", {"lr_decay": 0.1}),
                                          ("RMSprop", {"centered": True, "momentum": 0.3}),
                                          ("Adam", {"amsgrad": True}),
                                          ("AdamW", {})])
def test_state_dict_resume_is_bit_identical(name, kwargs):
    grads = _gradient_sequence(4)
    init = _initial_params()

    def run(params, opt, steps):
        for k in steps:
            for p, g in zip(params, grads[k]):
                p.grad = None if g is None else g.copy()
            opt.step()

    straight = [StandIn(a.copy()) for a in init]
    opt = getattr(optim, name)(straight, **kwargs)
    run(straight, opt, range(N_STEPS))

    first = [StandIn(a.copy()) for a in init]
    opt1 = getattr(optim, name)(first, **kwargs)
    run(first, opt1, range(25))
    saved = opt1.state_dict()
    params_at_25 = [p.data.copy() for p in first]
    run(first, opt1, range(25, 30))  # the saved dict holds copies, not views of the state
    resumed = [StandIn(a) for a in params_at_25]
    opt2 = getattr(optim, name)(resumed, **kwargs)
    opt2.load_state_dict(saved)
    run(resumed, opt2, range(25, N_STEPS))
    for p, q in zip(straight, resumed):
        assert np.array_equal(p.data, q.data)


def test_load_state_dict_casts_and_restores_groups():
    p = StandIn(np.zeros(3, dtype=np.float32))
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    state = {"state": {"0": {"momentum_buffer": np.ones(3)}},
             "param_groups": [{"lr": 0.5, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0,
                               "nesterov": False, "maximize": False, "params": [0]}]}
    opt.load_state_dict(state)
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["params"][0] is p
    assert opt.state[p]["momentum_buffer"].dtype == np.float32
    with pytest.raises(ValueError, match="different number of parameter groups"):
        opt.load_state_dict({"state": {}, "param_groups": []})
    with pytest.raises(ValueError, match="doesn't match the size"):
        opt.load_state_dict({"state": {}, "param_groups": [{"lr": 0.1, "params": [0, 1]}]})


def test_zero_grad():
    p, q = StandIn(np.ones(2)), StandIn(np.ones(2))
    opt = optim.SGD([p, q], lr=0.1)
    p.grad = np.ones(2)
    opt.zero_grad(set_to_none=False)
    assert np.array_equal(p.grad, np.zeros(2)) and q.grad is None
    opt.zero_grad()
    assert p.grad is None


def test_closure_is_called_and_returned():
    p = StandIn(np.array([3.0]))
    opt = optim.SGD([p], lr=0.25)

    def closure():
        p.grad = 2 * p.data
        return float(p.data[0] ** 2)

    assert opt.step(closure) == 9.0
    assert p.data[0] == 1.5


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p: optim.SGD([], lr=0.1), "empty parameter list"),
        (lambda p: optim.SGD([p, p]), "duplicate parameters"),
        (lambda p: optim.SGD([{"params": [p]}, {"params": [p]}]), "more than one parameter group"),
        (lambda p: optim.SGD([p], lr=-1.0), "Invalid learning rate"),
        (lambda p: optim.SGD([p], nesterov=True), "Nesterov momentum requires"),
        (lambda p: optim.SGD([p], momentum=0.9, dampening=0.1, nesterov=True), "Nesterov"),
        (lambda p: optim.Adam([p], betas=(1.0, 0.999)), "beta parameter at index 0"),
        (lambda p: optim.Adam([p], eps=-1.0), "epsilon"),
        (lambda p: optim.RMSprop([p], alpha=-0.5), "alpha"),
        (lambda p: optim.Adagrad([p], lr_decay=-0.1), "lr_decay"),
        (lambda p: optim.LBFGS([{"params": [p]}, {"params": [StandIn(np.ones(1))]}]),
         "parameter groups"),
        (lambda p: optim.LBFGS([p], line_search_fn="armijo"), "strong_wolfe"),
    ],
)
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make(StandIn(np.ones(2)))


def test_params_must_be_an_iterable_of_parameters():
    with pytest.raises(TypeError, match="iterable"):
        optim.SGD(StandIn(np.ones(2)))
    with pytest.raises(TypeError, match="NumPy array"):
        optim.SGD([np.ones(2)])


# ----------------------------------------------------------------------------- LBFGS
def _rosenbrock_closure_pair(x0, split=False):
    """The n-D Rosenbrock function as closures over our parameters and torch's."""

    def value_and_grad(x):
        f = np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
        g = np.zeros_like(x)
        g[:-1] = -400 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
        g[1:] += 200 * (x[1:] - x[:-1] ** 2)
        return f, g

    cut = len(x0) // 2 if split else len(x0)
    ours = [StandIn(x0[:cut].copy())] + ([StandIn(x0[cut:].copy())] if split else [])
    theirs = [torch.tensor(x0[:cut].copy(), requires_grad=True)]
    if split:
        theirs.append(torch.tensor(x0[cut:].copy(), requires_grad=True))

    def closure():
        x = np.concatenate([p.data for p in ours])
        f, g = value_and_grad(x)
        ours[0].grad = g[:cut].copy()
        if split:
            ours[1].grad = g[cut:].copy()
        return f

    def tclosure():
        for t in theirs:
            t.grad = None
        x = torch.cat(theirs)
        f = torch.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
        f.backward()
        return f

    return ours, theirs, closure, tclosure


@pytest.mark.parametrize(
    "kwargs, split",
    [
        ({"line_search_fn": "strong_wolfe", "max_iter": 10}, False),
        ({"line_search_fn": "strong_wolfe", "max_iter": 7, "history_size": 3}, True),
        ({"line_search_fn": "strong_wolfe", "lr": 0.5, "max_iter": 4, "max_eval": 6}, False),
        ({"lr": 0.05, "max_iter": 10}, False),
        ({"lr": 0.02, "max_iter": 5, "history_size": 2}, True),
    ],
)
def test_lbfgs_matches_torch_on_rosenbrock(kwargs, split):
    x0 = np.array([-1.2, 1.0, -0.5, 0.8]) if split else np.array([-1.2, 1.0])
    ours, theirs, closure, tclosure = _rosenbrock_closure_pair(x0, split)
    opt = optim.LBFGS(ours, **kwargs)
    topt = torch.optim.LBFGS(theirs, **kwargs)
    for _ in range(8):
        loss = opt.step(closure)
        tloss = topt.step(tclosure)
        assert abs(loss - tloss.item()) <= 1e-6 * max(1.0, abs(tloss.item()))
        np.testing.assert_allclose(np.concatenate([p.data for p in ours]),
                                   torch.cat(theirs).detach().numpy(), rtol=0, atol=1e-6)
    state = opt.state[ours[0]]
    tstate = topt.state[theirs[0]]
    assert state["n_iter"] == tstate["n_iter"] and state["func_evals"] == tstate["func_evals"]
    assert len(state["old_dirs"]) == len(tstate["old_dirs"])


def test_lbfgs_converges_and_keeps_history_across_steps():
    x0 = np.array([-1.2, 1.0])
    ours, _, closure, _ = _rosenbrock_closure_pair(x0)
    opt = optim.LBFGS(ours, line_search_fn="strong_wolfe", history_size=10,
                      tolerance_grad=1e-10, tolerance_change=0)
    for _ in range(20):
        opt.step(closure)
    np.testing.assert_allclose(ours[0].data, [1.0, 1.0], atol=1e-8)


def test_lbfgs_state_dict_roundtrip_continues_identically():
    x0 = np.array([-1.2, 1.0, -0.5, 0.8])
    a, _, ca, _ = _rosenbrock_closure_pair(x0, split=True)
    b, _, cb, _ = _rosenbrock_closure_pair(x0, split=True)
    oa = optim.LBFGS(a, line_search_fn="strong_wolfe", max_iter=5, history_size=4)
    ob = optim.LBFGS(b, line_search_fn="strong_wolfe", max_iter=5, history_size=4)
    oa.step(ca)
    ob.step(cb)
    saved = oa.state_dict()
    c, _, cc, _ = _rosenbrock_closure_pair(x0, split=True)
    for p, q in zip(c, a):
        p.data[...] = q.data
    oc = optim.LBFGS(c, line_search_fn="strong_wolfe", max_iter=5, history_size=4)
    oc.load_state_dict(saved)
    for _ in range(3):
        ob.step(cb)
        oc.step(cc)
    for p, q in zip(b, c):
        assert np.array_equal(p.data, q.data)

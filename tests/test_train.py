"""The training loop: PyTorch parity, history, early stopping, bit-identical resume."""

import math

import numpy as np
import pytest
import torch

from syllabus import autograd, io, nn, optim
from syllabus.data import DataLoader, TensorDataset
from syllabus.optim.lr_scheduler import StepLR
from syllabus.train import (
    Callback,
    EarlyStopping,
    History,
    TrainingState,
    evaluate,
    fit,
    load_checkpoint,
    save_checkpoint,
)

F64 = np.float64


def _data(seed=0, n=96, d=5, classes=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(np.int64) + (X[:, 2] > 1)
    return X, np.minimum(y, classes - 1)


def _mlp(seed, d=5, hidden=16, out=3, dropout=0.0, batchnorm=False):
    autograd.manual_seed(seed)
    layers = [nn.Linear(d, hidden, dtype=F64)]
    if batchnorm:
        layers.append(nn.BatchNorm1d(hidden, dtype=F64))
    layers.append(nn.ReLU())
    if dropout:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(hidden, out, dtype=F64))
    return nn.Sequential(*layers)


def _torch_copy(model):
    """The same MLP (Linear-ReLU-Linear) in PyTorch, float64, with the same weights."""
    tm = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3)).double()
    tm.load_state_dict({k: torch.from_numpy(np.array(v.data)) for k, v in model.state_dict().items()})
    return tm


# --------------------------------------------------------------------------- PyTorch parity
def test_fit_equals_the_pytorch_loop_step_for_step():
    """Same weights, same shuffled batches, SGD+Nesterov, StepLR per epoch: same run."""
    X, y = _data()
    Xv, yv = _data(seed=1, n=40)
    model = _mlp(0)
    tmodel = _torch_copy(model)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3)
    sched = StepLR(opt, step_size=2, gamma=0.5)
    loader = DataLoader(TensorDataset(X, y), batch_size=20, shuffle=True, seed=7)
    history = fit(model, nn.CrossEntropyLoss(), opt, loader,
                  DataLoader(TensorDataset(Xv, yv), batch_size=16), epochs=5,
                  scheduler=sched, metrics=["accuracy"], quiet=True)

    topt = torch.optim.SGD(tmodel.parameters(), lr=0.1, momentum=0.9, nesterov=True,
                           weight_decay=1e-3)
    tsched = torch.optim.lr_scheduler.StepLR(topt, step_size=2, gamma=0.5)
    loss_fn = torch.nn.CrossEntropyLoss()
    perm_rng = np.random.default_rng(7)  # the loader draws one permutation per epoch
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    train_losses, val_losses, val_accs, lrs = [], [], [], []
    for _ in range(5):
        order = perm_rng.permutation(len(X))
        total = 0.0
        lrs.append(topt.param_groups[0]["lr"])
        for start in range(0, len(X), 20):
            idx = torch.from_numpy(order[start:start + 20])
            topt.zero_grad()
            loss = loss_fn(tmodel(Xt[idx]), yt[idx])
            loss.backward()
            topt.step()
            total += loss.item() * len(idx)
        train_losses.append(total / len(X))
        with torch.no_grad():
            out = tmodel(torch.from_numpy(Xv))
            val_losses.append(loss_fn(out, torch.from_numpy(yv)).item())
            val_accs.append((out.argmax(1).numpy() == yv).mean())
        tsched.step()

    np.testing.assert_allclose(history.train_loss, train_losses, rtol=1e-12)
    np.testing.assert_allclose(history.val_loss, val_losses, rtol=1e-12)
    np.testing.assert_allclose(history["val_accuracy"], val_accs, rtol=0)
    np.testing.assert_allclose(history["lr"], lrs, rtol=1e-15)
    assert history.epoch == [1, 2, 3, 4, 5]
    for name, value in model.state_dict().items():
        np.testing.assert_allclose(value.data, tmodel.state_dict()[name].numpy(), rtol=1e-10,
                                   atol=1e-13, err_msg=name)


def test_fit_with_lbfgs_calls_step_with_a_closure_like_pytorch():
    X, y = _data(n=60)
    model = _mlp(3)
    tmodel = _torch_copy(model)
    loader = DataLoader(TensorDataset(X, y), batch_size=60)
    history = fit(model, nn.CrossEntropyLoss(), optim.LBFGS(model.parameters(), lr=1, max_iter=5),
                  loader, epochs=3, quiet=True)
    topt = torch.optim.LBFGS(tmodel.parameters(), lr=1, max_iter=5)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    first_losses = []
    for _ in range(3):
        def closure():
            topt.zero_grad()
            loss = torch.nn.functional.cross_entropy(tmodel(Xt), yt)
            loss.backward()
            return loss
        first_losses.append(topt.step(closure).item())  # PyTorch returns the first loss
    np.testing.assert_allclose(history.train_loss, first_losses, rtol=1e-9)
    for name, value in model.state_dict().items():
        np.testing.assert_allclose(value.data, tmodel.state_dict()[name].numpy(), rtol=1e-7,
                                   atol=1e-10, err_msg=name)


def test_scheduler_per_batch():
    X, y = _data(n=40)
    model = _mlp(0)
    opt = optim.SGD(model.parameters(), lr=1.0)
    sched = StepLR(opt, step_size=1, gamma=0.5)
    history = fit(model, nn.CrossEntropyLoss(), opt, DataLoader(TensorDataset(X, y), batch_size=10),
                  epochs=2, scheduler=sched, scheduler_interval="batch", quiet=True)
    assert history["lr"] == [1.0, 0.5**4]  # four batches per epoch
    assert sched.last_epoch == 8


# --------------------------------------------------------------------------- history, metrics
def test_history_losses_and_metrics_match_a_direct_evaluation():
    from sklearn.metrics import accuracy_score, log_loss

    X, y = _data()
    model = _mlp(1)
    val = DataLoader(TensorDataset(X[:30], y[:30]), batch_size=7)  # uneven batches
    history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.01),
                  DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True, seed=0), val,
                  epochs=3, metrics={"acc": "accuracy", "n_first": lambda o, t: float(len(t))},
                  quiet=True)
    assert set(history.keys()) == {"train_loss", "train_acc", "train_n_first", "val_loss",
                                   "val_acc", "val_n_first", "lr"}
    assert history["train_n_first"] == [96.0] * 3  # metrics see every sample of the epoch
    with autograd.no_grad():
        logits = model(X[:30]).data
    proba = np.exp(logits - logits.max(1, keepdims=True))
    proba /= proba.sum(1, keepdims=True)
    assert history.val_loss[-1] == pytest.approx(log_loss(y[:30], proba, labels=[0, 1, 2]), rel=1e-12)
    assert history["val_acc"][-1] == accuracy_score(y[:30], logits.argmax(1))
    again = evaluate(model, nn.CrossEntropyLoss(), val, metrics=["accuracy"])
    assert again == {"loss": history.val_loss[-1], "accuracy": history["val_acc"][-1]}


def test_accuracy_metric_for_a_single_logit_output():
    X, y = _data(classes=2)
    model = _mlp(2, out=1)
    loader = DataLoader(TensorDataset(X, y[:, None].astype(F64)), batch_size=96)
    history = fit(model, nn.BCEWithLogitsLoss(), optim.SGD(model.parameters(), lr=0.0), loader,
                  loader, epochs=1, metrics=["accuracy"], quiet=True)
    with autograd.no_grad():
        logits = model(X).data[:, 0]
    assert history["val_accuracy"] == [np.mean((logits > 0) == y)]


def test_progress_bar_and_quiet(capsys):
    X, y = _data(n=20)
    model = _mlp(0)
    loader = DataLoader(TensorDataset(X, y), batch_size=10)
    fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, epochs=2)
    assert "fit" in capsys.readouterr().err
    fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader, epochs=2,
        quiet=True)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


# --------------------------------------------------------------------------- callbacks
class _FakeModel:
    def __init__(self):
        self.w = np.zeros(1)

    def state_dict(self):
        return {"w": self.w}

    def load_state_dict(self, state):
        self.w[...] = state["w"]


@pytest.mark.parametrize(
    ("values", "patience", "min_delta", "stop", "best_epoch"),
    [
        ([5, 4, 3, 3.5, 3.2, 3.1, 1], 3, 0.0, 6, 3),    # 3 epochs without beating 3 -> stop
        ([5, 4, 3, 3.5, 2.9, 3.1, 1], 3, 0.0, None, 7),  # 2.9 resets the count
        ([5, 4, 3, 2.95, 2.92, 2.91], 3, 0.1, 6, 3),     # improvements below min_delta don't count
        ([5, 5, 5], 1, 0.0, 2, 1),                        # ties are not improvements
    ],
)
def test_early_stopping_rule(values, patience, min_delta, stop, best_epoch):
    model = _FakeModel()
    state = TrainingState(model, None, None, History())
    stopper = EarlyStopping(patience=patience, min_delta=min_delta)
    stopper.on_train_begin(state)
    for epoch, v in enumerate(values, start=1):
        model.w[0] = epoch  # the "weights" remember their epoch
        state.epoch = epoch
        stopper.on_epoch_end(state, {"val_loss": v})
        if state.stop_training:
            break
    assert stopper.stopped_epoch == stop
    assert stopper.best_epoch == best_epoch
    stopper.on_train_end(state)
    assert model.w[0] == best_epoch  # restore_best loaded the best epoch's weights


def test_early_stopping_mode_max_for_accuracies():
    assert EarlyStopping(monitor="val_accuracy").mode == "max"
    assert EarlyStopping(monitor="val_loss").mode == "min"
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=-1)
    with pytest.raises(ValueError, match="mode"):
        EarlyStopping(mode="lowest")


def test_early_stopping_in_fit_restores_the_best_validation_weights():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 5)), rng.integers(0, 3, 40)  # pure noise: it overfits
    Xv, yv = rng.normal(size=(40, 5)), rng.integers(0, 3, 40)
    model = _mlp(0, hidden=64)
    val = DataLoader(TensorDataset(Xv, yv), batch_size=40)
    stopper = EarlyStopping(patience=3)
    history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=0.05),
                  DataLoader(TensorDataset(X, y), batch_size=8, shuffle=True, seed=0), val,
                  epochs=100, callbacks=[stopper], quiet=True)
    best = int(np.argmin(history.val_loss))
    assert history.stopped_epoch == len(history) == best + 1 + 3 < 100
    assert stopper.best_epoch == best + 1
    assert evaluate(model, nn.CrossEntropyLoss(), val)["loss"] == history.val_loss[best]


def test_early_stopping_needs_the_monitored_value():
    X, y = _data(n=20)
    model = _mlp(0)
    with pytest.raises(KeyError, match="pass a val_loader"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
            DataLoader(TensorDataset(X, y), batch_size=10), epochs=2,
            callbacks=[EarlyStopping()], quiet=True)


def test_callback_can_stop_training():
    class StopAtTwo(Callback):
        def on_epoch_end(self, state, logs):
            state.stop_training = state.epoch == 2

    X, y = _data(n=20)
    model = _mlp(0)
    history = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  DataLoader(TensorDataset(X, y), batch_size=10), epochs=10,
                  callbacks=[StopAtTwo()], quiet=True)
    assert len(history) == 2 and history.stopped_epoch == 2


# --------------------------------------------------------------------------- checkpoints
def _run(opt_name, epochs, *, init_seed=0, rng_seed=5, checkpoint=None, resume=False):
    """A run whose every source of randomness and state matters: shuffling, dropout,
    batch-norm running statistics, optimiser state, a scheduler, early stopping."""
    X, y = _data()
    Xv, yv = _data(seed=1, n=30)
    model = _mlp(init_seed, dropout=0.3, batchnorm=True)
    params = model.parameters()
    opt = {"sgd": lambda: optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True),
           "adam": lambda: optim.Adam(params, lr=0.01, amsgrad=True),
           "rmsprop": lambda: optim.RMSprop(params, lr=0.01, momentum=0.5, centered=True),
           "lbfgs": lambda: optim.LBFGS(params, lr=0.5, max_iter=3)}[opt_name]()
    sched = StepLR(opt, step_size=2, gamma=0.5)
    loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True,
                        seed=init_seed + 11)
    autograd.manual_seed(rng_seed)  # dropout masks
    history = fit(model, nn.CrossEntropyLoss(), opt, loader,
                  DataLoader(TensorDataset(Xv, yv), batch_size=10), epochs=epochs,
                  scheduler=sched, metrics=["accuracy"],
                  callbacks=[EarlyStopping(patience=50, restore_best=False)], quiet=True,
                  checkpoint=checkpoint, resume=resume)
    return model, opt, sched, history


@pytest.mark.parametrize("opt_name", ["sgd", "adam", "rmsprop", "lbfgs"])
def test_resume_from_checkpoint_is_bit_identical(opt_name, tmp_path):
    path = tmp_path / "run.safetensors"
    full_model, full_opt, full_sched, full_history = _run(opt_name, 6)
    _run(opt_name, 3, checkpoint=path)  # "stopped" after 3 epochs
    # Fresh objects with other weights, other loader seed and another dropout generator:
    # everything must come from the checkpoint.
    model, opt, sched, history = _run(opt_name, 6, init_seed=99, rng_seed=123,
                                      checkpoint=path, resume=True)
    for name, value in full_model.state_dict().items():
        assert np.array_equal(value.data, model.state_dict()[name].data), name
    assert history.history == full_history.history and history.epoch == full_history.epoch
    assert sched.state_dict() == full_sched.state_dict()
    saved, full = opt.state_dict(), full_opt.state_dict()
    for i, state in full["state"].items():
        for key, value in state.items():
            other = saved["state"][i][key]
            if isinstance(value, np.ndarray):
                assert np.array_equal(value, other), key
            elif isinstance(value, list):
                assert all(np.array_equal(a, b) for a, b in zip(value, other)), key
            else:
                assert value == other or (value != value and other != other), key


def test_resume_from_an_explicit_path_into_a_new_checkpoint(tmp_path):
    first, second = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    full_model, _, _, full_history = _run("adam", 5)
    _run("adam", 2, checkpoint=first)
    model, _, _, history = _run("adam", 5, init_seed=7, rng_seed=8, checkpoint=second,
                                resume=first)
    assert history.history == full_history.history
    for name, value in full_model.state_dict().items():
        assert np.array_equal(value.data, model.state_dict()[name].data), name
    assert second.exists()
    with pytest.raises(FileNotFoundError, match="No checkpoint to resume from"):
        _run("adam", 5, resume=tmp_path / "missing.safetensors")


def test_resume_with_nothing_saved_starts_fresh_and_finished_run_is_not_extended(tmp_path):
    path = tmp_path / "ck.safetensors"
    X, y = _data(n=20)
    model = _mlp(0)
    loader = DataLoader(TensorDataset(X, y), batch_size=10)
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader,
            epochs=2, quiet=True, checkpoint=path, resume=True)
    assert len(h) == 2 and path.exists()
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), loader,
            epochs=2, quiet=True, checkpoint=path, resume=True)
    assert h.epoch == [1, 2]  # already done: nothing more to train


def test_checkpoint_is_safetensors_json_with_the_training_state(tmp_path):
    path = tmp_path / "ck.safetensors"
    model = _mlp(0)
    opt = optim.Adam(model.parameters())
    save_checkpoint(path, model=model, optimizer=opt, epoch=4)
    assert path.read_bytes()[8:9] == b"{"  # a safetensors header, not a pickle
    state = io.load(path)
    assert state["epoch"] == 4
    assert set(state["model"]) == set(model.state_dict())
    np.testing.assert_array_equal(state["model"]["0.weight"], model[0].weight.data)
    io.save({"epoch": 1}, tmp_path / "other.safetensors")
    with pytest.raises(ValueError, match="not a syllabus training checkpoint"):
        load_checkpoint(tmp_path / "other.safetensors", model=model)


# --------------------------------------------------------------------------- errors
def test_bad_arguments_get_clear_errors(tmp_path):
    X, y = _data(n=20)
    model = _mlp(0)
    opt = optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(TensorDataset(X, y), batch_size=10)
    loss = nn.CrossEntropyLoss()
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        fit(model, loss, opt, loader, epochs=-1, quiet=True)
    with pytest.raises(ValueError, match="resume=True needs the checkpoint"):
        fit(model, loss, opt, loader, resume=True, quiet=True)
    with pytest.raises(ValueError, match="scheduler_interval"):
        fit(model, loss, opt, loader, scheduler_interval="step", quiet=True)
    with pytest.raises(ValueError, match=r"\(inputs\.\.\., target\)"):
        fit(model, loss, opt, DataLoader(TensorDataset(X), batch_size=10), quiet=True)
    with pytest.raises(ValueError, match="Unknown metric 'f1'"):
        fit(model, loss, opt, loader, metrics=["f1"], quiet=True)
    with pytest.raises(ValueError, match="yielded no batch"):
        fit(model, loss, opt, [], epochs=1, quiet=True)


def test_nan_loss_is_recorded_not_hidden():
    X, y = _data(n=20)
    model = _mlp(0)
    loader = DataLoader(TensorDataset(X, y), batch_size=10)

    def nan_loss(output, target):
        return output.sum() * math.nan

    with np.errstate(invalid="ignore"):
        history = fit(model, nan_loss, optim.SGD(model.parameters(), lr=0.1), loader, epochs=1,
                      quiet=True)
    assert math.isnan(history.train_loss[0])

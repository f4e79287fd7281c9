"""LeNet5 and ConvNet against the same networks written in torch.nn (float64, same weights)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import nn, summary  # noqa: E402
from syllabus.autograd import tensor  # noqa: E402
from syllabus.models import ConvNet, LeNet5  # noqa: E402


def torch_lenet(padding=0, act=torch.nn.ReLU, pool=torch.nn.MaxPool2d):
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=padding), act(), pool(2),
        torch.nn.Conv2d(6, 16, 5), act(), pool(2), torch.nn.Flatten(),
        torch.nn.Linear(400, 120), act(), torch.nn.Linear(120, 84), act(), torch.nn.Linear(84, 10))


def _same_function(ours, theirs, x, y):
    """Load theirs' weights (in order) into ours; loss, input and parameter gradients agree."""
    ours_params, theirs_params = list(ours.parameters()), list(theirs.parameters())
    assert [p.shape for p in ours_params] == [tuple(p.shape) for p in theirs_params]
    for p, q in zip(ours_params, theirs_params):
        p.data[...] = q.detach().numpy()
    xs, xt = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    loss = nn.CrossEntropyLoss()(ours(xs), y)
    ref = torch.nn.CrossEntropyLoss()(theirs(xt), torch.tensor(y))
    assert loss.item() == pytest.approx(ref.item(), rel=1e-10)
    loss.backward(), ref.backward()
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    for p, q in zip(ours_params, theirs_params):
        np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("variant", [dict(), dict(activation="tanh", pooling="avg"),
                                     dict(padding=2)])
def test_lenet5_is_the_classic_network(variant):
    torch.manual_seed(0)
    size = 28 if variant.get("padding") else 32
    act = torch.nn.Tanh if variant.get("activation") == "tanh" else torch.nn.ReLU
    pool = torch.nn.AvgPool2d if variant.get("pooling") == "avg" else torch.nn.MaxPool2d
    theirs = torch_lenet(variant.get("padding", 0), act, pool).double()
    ours = LeNet5(**variant, dtype=np.float64)
    rng = np.random.default_rng(0)
    _same_function(ours, theirs, rng.standard_normal((3, 1, size, size)), rng.integers(0, 10, 3))
    s = summary(ours, (1, 1, size, size), print_summary=False)
    assert s.total_params == sum(p.numel() for p in theirs.parameters()) == 61706


def test_lenet5_shapes_and_errors():
    assert LeNet5(num_classes=3)(np.zeros((2, 1, 32, 32), dtype=np.float32)).shape == (2, 3)
    with pytest.raises(ValueError, match=r"expects input with 1 channels.*\(2, 3, 32, 32\)"):
        LeNet5()(np.zeros((2, 3, 32, 32), dtype=np.float32))
    with pytest.raises(ValueError, match="activation must be one of"):
        LeNet5(activation="sigmoid")


def test_convnet_matches_torch():
    torch.manual_seed(1)
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(4, 4, 3, padding=1),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 8, 3, padding=1),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(8, 5)).double()
    ours = ConvNet(3, 5, widths=(4, 8), dtype=np.float64)
    rng = np.random.default_rng(1)
    _same_function(ours, theirs, rng.standard_normal((2, 3, 10, 9)), np.array([0, 4]))
    bn = ConvNet(1, 10, widths=(8,), convs_per_block=1, batch_norm=True)
    assert [type(m).__name__ for m in bn.features] == ["Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d"]
    assert bn.features[0].bias is None

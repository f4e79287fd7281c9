"""Conv2d, ConvTranspose2d, pooling, padding, upsampling and Embedding against PyTorch (float64,
rtol 1e-10, through the shared compare_with_torch fixture) and gradcheck."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
TF = torch.nn.functional

import syllabus  # noqa: E402
import syllabus.nn.functional as F  # noqa: E402
from syllabus import nn  # noqa: E402
from syllabus.autograd import gradcheck, tensor  # noqa: E402

RTOL, ATOL = 1e-10, 1e-12  # the defaults of compare_with_torch


CONV_CASES = [
    dict(x=(2, 3, 7, 6), w=(4, 3, 3, 3)),
    dict(x=(2, 3, 7, 6), w=(4, 3, 3, 2), stride=2, padding=1),
    dict(x=(1, 4, 8, 9), w=(6, 2, 3, 3), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2),
    dict(x=(2, 2, 5, 5), w=(3, 2, 2, 4), padding="same"),
    dict(x=(2, 2, 5, 5), w=(3, 2, 3, 3), padding="valid", bias=False),
    dict(x=(6, 6, 6), w=(4, 3, 1, 1), groups=2),  # unbatched input
]


@pytest.mark.filterwarnings("ignore:Using padding=.same.:UserWarning")
@pytest.mark.parametrize("case", CONV_CASES)
def test_conv2d_matches_torch_and_gradcheck(case, compare_with_torch):
    rng = np.random.default_rng(0)
    kw = {k: v for k, v in case.items() if k not in ("x", "w", "bias")}
    arrays = [rng.standard_normal(case["x"]), rng.standard_normal(case["w"])]
    if case.get("bias", True):
        arrays.append(rng.standard_normal(case["w"][0]))
    compare_with_torch(lambda *a: F.conv2d(*a, **kw), lambda *a: TF.conv2d(*a, **kw), arrays)
    small = [a[..., :5, :5] if a.ndim >= 3 and i == 0 else a for i, a in enumerate(arrays)]
    assert gradcheck(lambda *a: F.conv2d(*a, **kw), [tensor(np.ascontiguousarray(a), requires_grad=True) for a in small])


def test_conv2d_errors_name_shapes():
    with pytest.raises(ValueError, match=r"\(4, 3, 3, 3\).*3 channels.*\(2, 5, 6, 6\) has 5"):
        F.conv2d(tensor(np.ones((2, 5, 6, 6))), tensor(np.ones((4, 3, 3, 3))))
    with pytest.raises(ValueError, match="larger than the padded input"):
        F.conv2d(tensor(np.ones((1, 3, 2, 2))), tensor(np.ones((4, 3, 3, 3))))
    with pytest.raises(ValueError, match="4D"):
        F.conv2d(tensor(np.ones((3, 3))), tensor(np.ones((4, 3, 3, 3))))


POOL_CASES = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=(3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=True),
    dict(kernel_size=3, stride=2, ceil_mode=True),
    dict(kernel_size=2, stride=1),  # overlapping windows
    dict(kernel_size=2, ceil_mode=True),  # a last window past the edge: not the 2x2 fast path
]


@pytest.mark.parametrize("case", POOL_CASES + [dict(kernel_size=2, dilation=2, padding=1)])
def test_max_pool2d_matches_torch(case, compare_with_torch):
    rng = np.random.default_rng(1)
    x = np.round(rng.standard_normal((2, 3, 7, 8)), 0)  # ties: the first maximum gets the gradient
    compare_with_torch(lambda a: F.max_pool2d(a, **case), lambda a: TF.max_pool2d(a, **case), [x])
    _, idx = F.max_pool2d(tensor(x), **case, return_indices=True)
    _, ref_idx = TF.max_pool2d(torch.tensor(x), **case, return_indices=True)
    np.testing.assert_array_equal(idx.data, ref_idx.numpy())
    x = rng.standard_normal((1, 2, 5, 6))  # distinct values for finite differences
    assert gradcheck(lambda a: F.max_pool2d(a, **case), (tensor(x, requires_grad=True),))


@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pool2d_nan_and_inf_as_torch(case):
    """NaN wins its window (value, index and gradient as PyTorch); -inf windows stay finite-safe."""
    rng = np.random.default_rng(2)
    x = rng.standard_normal((1, 2, 7, 8))
    x[0, 0, 1, 1] = x[0, 1, 4, 5] = np.nan
    x[0, 1, :3, :3] = -np.inf
    ours = tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out, idx = F.max_pool2d(ours, **case, return_indices=True)
    ref, ref_idx = TF.max_pool2d(theirs, **case, return_indices=True)
    np.testing.assert_array_equal(out.data, ref.detach().numpy())  # NaN == NaN here
    np.testing.assert_array_equal(idx.data, ref_idx.numpy())
    v = rng.standard_normal(out.shape)
    out.backward(v)
    ref.backward(torch.tensor(v))
    np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("case", [dict(kernel_size=2), dict(kernel_size=2, ceil_mode=True)])
def test_max_pool2d_every_window_of_special_values_as_torch(case, dtype):
    """All 7^4 2x2 windows of NaN, -inf, -1, -0.0, 0.0, 1, inf: the same bits (NaN, signed zero)
    and the same index as PyTorch, on the branch-free 2x2 kernel and on the general one."""
    import itertools

    values = np.array([np.nan, -np.inf, -1.0, -0.0, 0.0, 1.0, np.inf], dtype=dtype)
    windows = np.array(list(itertools.product(values, repeat=4)), dtype=dtype)
    x = np.empty((1, 1, 2, 2 * len(windows)), dtype=dtype)
    x[0, 0, 0, 0::2], x[0, 0, 0, 1::2], x[0, 0, 1, 0::2], x[0, 0, 1, 1::2] = windows.T
    x = np.concatenate([x, x[..., ::-1]], axis=2)  # mirrored windows too
    if case.get("ceil_mode"):  # an odd width: a last window past the edge, the general kernel
        x = np.concatenate([x, x[..., :1]], axis=3)
    out, idx = F.max_pool2d(tensor(x), **case, return_indices=True)
    ref, ref_idx = TF.max_pool2d(torch.from_numpy(x), **case, return_indices=True)
    bits = np.dtype(f"i{x.itemsize}")
    np.testing.assert_array_equal(out.data.view(bits), ref.numpy().view(bits))
    np.testing.assert_array_equal(idx.data, ref_idx.numpy())


@pytest.mark.parametrize("case", POOL_CASES + [dict(kernel_size=3, padding=1, count_include_pad=False),
                                               dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                                    count_include_pad=False),
                                               dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
                                               dict(kernel_size=2, divisor_override=3)])
def test_avg_pool2d_matches_torch(case, compare_with_torch):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 7, 8))
    compare_with_torch(lambda a: F.avg_pool2d(a, **case), lambda a: TF.avg_pool2d(a, **case), [x])
    assert gradcheck(lambda a: F.avg_pool2d(a, **case), (tensor(x[:1, :2], requires_grad=True),))


def test_pool_errors():
    with pytest.raises(ValueError, match="at most half"):
        F.max_pool2d(tensor(np.ones((1, 1, 4, 4))), 2, padding=2)
    with pytest.raises(ValueError, match="too small"):
        F.avg_pool2d(tensor(np.ones((1, 1, 2, 2))), 3)


def test_embedding_matches_torch():
    rng = np.random.default_rng(3)
    idx = np.array([[1, 4, 4, 0], [2, 4, 1, 1]])
    for padding_idx in (None, 4, -1):
        ours = nn.Embedding(5, 3, padding_idx=padding_idx).double()
        theirs = torch.nn.Embedding(5, 3, padding_idx=padding_idx).double()
        if padding_idx is not None:
            assert np.all(ours.weight.data[padding_idx] == 0)
        ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
        out, ref = ours(idx), theirs(torch.tensor(idx))
        np.testing.assert_array_equal(out.data, ref.detach().numpy())
        g = rng.standard_normal(out.shape)
        out.backward(g), ref.backward(torch.tensor(g))
        np.testing.assert_allclose(ours.weight.grad, theirs.weight.grad.numpy(), rtol=RTOL)
        assert repr(ours) == repr(theirs)
    assert gradcheck(lambda w: F.embedding(idx, w), (tensor(rng.standard_normal((5, 2)), requires_grad=True),))
    with pytest.raises(IndexError, match="out of range for 5"):
        nn.Embedding(5, 2)([5])
    assert nn.Embedding(5, 2).weight.data.std() == pytest.approx(1, abs=0.6)  # N(0, 1) init


def cnn_pair():
    ours = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 6, 3, stride=2, padding=1, bias=False), nn.AvgPool2d(2),
                         nn.Flatten(), nn.Linear(6, 5)).double()
    theirs = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4),
                                 torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                                 torch.nn.Conv2d(4, 6, 3, stride=2, padding=1, bias=False),
                                 torch.nn.AvgPool2d(2), torch.nn.Flatten(), torch.nn.Linear(6, 5)).double()
    return ours, theirs


@pytest.mark.parametrize("training", [True, False])
def test_small_cnn_matches_torch(training):
    ours, theirs = cnn_pair()
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    ours.train(training), theirs.train(training)
    x = np.random.default_rng(4).standard_normal((3, 3, 8, 8))
    y = np.array([0, 3, 4])
    xs, xt = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    loss = nn.CrossEntropyLoss()(ours(xs), y)
    ref = torch.nn.CrossEntropyLoss()(theirs(xt), torch.tensor(y))
    assert loss.item() == pytest.approx(ref.item(), rel=RTOL)
    loss.backward(), ref.backward()
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, theirs_params[name].grad.numpy(), rtol=RTOL, atol=ATOL, err_msg=name)
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[k], v.numpy(), rtol=RTOL, err_msg=k)
    s = syllabus.summary(ours, (1, 3, 8, 8), print_summary=False)
    assert s.total_params == sum(p.numel() for p in theirs.parameters())


def test_conv_default_init_is_torchs():
    layer = nn.Conv2d(8, 16, (3, 5), groups=2)
    bound = 1 / np.sqrt(4 * 3 * 5)  # fan_in = C/groups * kh * kw
    assert layer.weight.shape == (16, 4, 3, 5) and layer.weight.dtype == np.float32
    assert np.abs(layer.weight.data).max() <= bound and np.abs(layer.bias.data).max() <= bound
    assert layer.weight.data.std() == pytest.approx(bound / np.sqrt(3), rel=0.1)
    assert layer(np.ones((1, 8, 6, 6))).dtype == np.float32


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("groups", [1, 2])
def test_conv_and_max_pool_split_over_threads_match_torch(threads, groups, compiled,
                                                           compare_with_torch, monkeypatch):
    # the batch is split into chunks of samples run by `threads` threads (as many as the BLAS
    # may use): every chunk's output, input gradient and share of the weight gradient must be
    # PyTorch's whatever thread ran it, with the chunks' products inside the compiled loops
    # (NumPy's OpenBLAS) or done by NumPy between them (any other BLAS)
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from syllabus.autograd import _conv
    from syllabus.utils import _gemm

    if compiled and not _gemm.AVAILABLE:
        pytest.skip("NumPy's BLAS is not the OpenBLAS of its wheel")
    monkeypatch.setattr(_conv, "_compiled_products", lambda dtype: compiled)
    monkeypatch.setattr(_conv, "_CHUNK", 1000)  # one or two samples per chunk: many chunks
    rng = np.random.default_rng(threads)
    x = rng.standard_normal((23, 4, 11, 9))
    w, b = rng.standard_normal((6, 4 // groups, 3, 3)), rng.standard_normal(6)
    with threadpoolctl.threadpool_limits(threads, user_api="blas"):
        compare_with_torch(lambda *a: F.max_pool2d(F.conv2d(*a, padding=1, groups=groups), 2),
                           lambda *a: TF.max_pool2d(TF.conv2d(*a, padding=1, groups=groups), 2),
                           [x, w, b])
        compare_with_torch(lambda *a: F.conv_transpose2d(*a, stride=2, groups=groups),
                           lambda *a: TF.conv_transpose2d(*a, stride=2, groups=groups),
                           [x, rng.standard_normal((4, 6 // groups, 3, 3))])


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("case", [dict(), dict(stride=2, padding=1, groups=2),
                                  dict(padding=2, dilation=2)])
def test_conv2d_float32_matches_torch(case, compiled, monkeypatch):
    """float32 runs the single-precision products (sgemm inside the compiled chunks, or
    NumPy's): values and both gradients agree with PyTorch's float32 to float32 rounding."""
    from syllabus.autograd import _conv
    from syllabus.utils import _gemm

    if compiled and not _gemm.AVAILABLE:
        pytest.skip("NumPy's BLAS is not the OpenBLAS of its wheel")
    monkeypatch.setattr(_conv, "_compiled_products", lambda dtype: compiled)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((9, 4, 12, 10)).astype(np.float32)
    w = rng.standard_normal((6, 4 // case.get("groups", 1), 3, 3)).astype(np.float32)
    ours_x, ours_w = tensor(x, requires_grad=True), tensor(w, requires_grad=True)
    theirs_x, theirs_w = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    out, ref = F.conv2d(ours_x, ours_w, **case), TF.conv2d(theirs_x, theirs_w, **case)
    v = rng.standard_normal(ref.shape).astype(np.float32)
    out.backward(v)
    ref.backward(torch.tensor(v))
    assert out.data.dtype == np.float32 and ours_w.grad.dtype == np.float32
    for a, b in [(out.data, ref), (ours_x.grad, theirs_x.grad), (ours_w.grad, theirs_w.grad)]:
        b = b.detach().numpy()
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4 * np.abs(b).max())

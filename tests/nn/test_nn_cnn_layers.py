"""ConvTranspose2d, Conv2d padding modes, F.pad, AdaptiveAvgPool2d, Upsample / interpolate and
Unflatten against PyTorch (float64, rtol 1e-10: forward, input and parameter gradients) and
gradcheck; the argument checks of the convolution and pooling layers."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
TF = torch.nn.functional

import syllabus.nn.functional as F  # noqa: E402
from syllabus import nn  # noqa: E402
from syllabus.autograd import gradcheck, tensor  # noqa: E402

RTOL, ATOL = 1e-10, 1e-12


def _module_pair(ours, theirs, x, seed=0):
    """Same weights; forward, input gradient and parameter gradients of sum(out * v) agree."""
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    assert repr(ours) == repr(theirs)
    xs, xt = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, ref = ours(xs), theirs(xt)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=RTOL, atol=ATOL)
    v = np.random.default_rng(seed).standard_normal(out.shape)
    out.backward(v), ref.backward(torch.tensor(v))
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, theirs_params[name].grad.numpy(), rtol=RTOL, atol=ATOL,
                                   err_msg=name)


TRANSPOSE_CASES = [
    dict(x=(2, 3, 4, 5), w=(3, 4, 3, 3)),
    dict(x=(2, 3, 4, 5), w=(3, 2, 3, 2), stride=2, padding=1, output_padding=1),
    dict(x=(1, 4, 3, 4), w=(4, 3, 3, 3), stride=(2, 3), padding=(0, 1), output_padding=(1, 2),
         groups=2),
    dict(x=(2, 2, 3, 3), w=(2, 3, 2, 3), stride=2, dilation=(2, 1), output_padding=(1, 0)),
    dict(x=(2, 2, 3, 3), w=(2, 3, 4, 4), stride=2, padding=1, bias=False),
    dict(x=(2, 3, 3), w=(2, 3, 2, 2), stride=2),  # unbatched
]


@pytest.mark.parametrize("case", TRANSPOSE_CASES)
def test_conv_transpose2d_matches_torch_and_gradcheck(case, compare_with_torch):
    rng = np.random.default_rng(0)
    kw = {k: v for k, v in case.items() if k not in ("x", "w", "bias")}
    groups = kw.get("groups", 1)
    arrays = [rng.standard_normal(case["x"]), rng.standard_normal(case["w"])]
    if case.get("bias", True):
        arrays.append(rng.standard_normal(case["w"][1] * groups))
    compare_with_torch(lambda *a: F.conv_transpose2d(*a, **kw),
                       lambda *a: TF.conv_transpose2d(*a, **kw), arrays)
    assert gradcheck(lambda *a: F.conv_transpose2d(*a, **kw),
                     [tensor(a, requires_grad=True) for a in arrays])


def test_conv_transpose2d_is_the_adjoint_of_conv2d():
    # <conv2d(x), y> = <x, conv_transpose2d(y)> for the same weight, stride and padding
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 3, 3, 3))
    x = rng.standard_normal((2, 3, 9, 8))
    y_shape = F.conv2d(tensor(x), tensor(w), stride=2, padding=1).shape
    y = rng.standard_normal(y_shape)
    lhs = np.sum(F.conv2d(tensor(x), tensor(w), stride=2, padding=1).data * y)
    rhs = np.sum(x * F.conv_transpose2d(tensor(y), tensor(w), stride=2, padding=1,
                                        output_padding=(0, 1)).data)
    assert lhs == pytest.approx(rhs, rel=1e-12)


@pytest.mark.parametrize("kwargs", [dict(stride=2, padding=1, output_padding=1),
                                    dict(groups=2, dilation=2, bias=False)])
def test_conv_transpose2d_module_matches_torch(kwargs):
    torch.manual_seed(0)
    theirs = torch.nn.ConvTranspose2d(4, 6, 3, **kwargs).double()
    ours = nn.ConvTranspose2d(4, 6, 3, **kwargs).double()
    assert ours.weight.shape == tuple(theirs.weight.shape)
    _module_pair(ours, theirs, np.random.default_rng(2).standard_normal((2, 4, 5, 4)))


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("kwargs", [dict(padding=1), dict(padding=(2, 1), stride=2),
                                    dict(padding="same", dilation=2, groups=2)])
def test_conv2d_padding_modes_match_torch(mode, kwargs):
    torch.manual_seed(0)
    theirs = torch.nn.Conv2d(4, 6, 3, padding_mode=mode, **kwargs).double()
    ours = nn.Conv2d(4, 6, 3, padding_mode=mode, **kwargs).double()
    _module_pair(ours, theirs, np.random.default_rng(3).standard_normal((2, 4, 6, 7)))
    x = tensor(np.random.default_rng(4).standard_normal((1, 4, 5, 5)), requires_grad=True)
    assert gradcheck(lambda a: ours(a), (x,))


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("pads", [(1, 2), (2, 0, 1, 3), (0, 0, 0, 0)])
def test_pad_matches_torch(mode, pads, compare_with_torch):
    # PyTorch pads only the last dimension of a 3D input in the non-constant modes
    x = np.random.default_rng(5).standard_normal((3, 4, 5) if len(pads) == 2 else (2, 3, 4, 5))
    extra = {"value": 1.5} if mode == "constant" else {}
    compare_with_torch(lambda a: F.pad(a, pads, mode=mode, **extra),
                       lambda a: TF.pad(a, pads, mode=mode, **extra), [x])
    assert gradcheck(lambda a: F.pad(a, pads, mode=mode), (tensor(x[:1], requires_grad=True),))


def test_pad_errors():
    with pytest.raises(ValueError, match="reflect padding of 4 along the width needs an input of at least 5"):
        F.pad(np.zeros((1, 1, 4, 4)), (4, 0), mode="reflect")
    with pytest.raises(ValueError, match="non-negative"):
        F.pad(np.zeros((1, 1, 4, 4)), (-1, 0))
    with pytest.raises(ValueError, match="mode must be one of"):
        F.pad(np.zeros((1, 1, 4, 4)), (1, 1), mode="mirror")
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        nn.Conv2d(1, 1, 3, padding_mode="reflection")


@pytest.mark.parametrize("size", [(3, 2), 4, (None, 3), (7, 5), 1, (5, 9)])
def test_adaptive_avg_pool2d_matches_torch(size, compare_with_torch):
    x = np.random.default_rng(6).standard_normal((2, 3, 7, 5))  # 7 -> 3 and 5 -> 2: overlapping bins
    compare_with_torch(lambda a: nn.AdaptiveAvgPool2d(size)(a),
                       lambda a: torch.nn.AdaptiveAvgPool2d(size)(a), [x])
    assert gradcheck(lambda a: F.adaptive_avg_pool2d(a, size), (tensor(x[:1, :2], requires_grad=True),))
    assert repr(nn.AdaptiveAvgPool2d(size)) == repr(torch.nn.AdaptiveAvgPool2d(size))


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
@pytest.mark.parametrize("kwargs", [dict(scale_factor=2), dict(scale_factor=(1.5, 3)),
                                    dict(size=(7, 4)), dict(size=5), dict(size=(2, 3)),
                                    dict(scale_factor=0.5)])
def test_upsample_matches_torch(mode, kwargs, compare_with_torch):
    x = np.random.default_rng(7).standard_normal((2, 3, 4, 5))
    compare_with_torch(lambda a: nn.Upsample(mode=mode, **kwargs)(a),
                       lambda a: torch.nn.Upsample(mode=mode, **kwargs)(a), [x])
    assert gradcheck(lambda a: F.interpolate(a, mode=mode, **kwargs), (tensor(x[:1, :1], requires_grad=True),))
    if "size" in kwargs or isinstance(kwargs["scale_factor"], int):
        assert repr(nn.Upsample(mode=mode, **kwargs)) == repr(torch.nn.Upsample(mode=mode, **kwargs))


@pytest.mark.parametrize("kwargs", [dict(scale_factor=2), dict(scale_factor=(1.5, 3)),
                                    dict(size=(7, 4)), dict(size=(1, 3)), dict(size=(4, 1)),
                                    dict(scale_factor=0.5)])
def test_upsample_align_corners_matches_torch(kwargs, compare_with_torch):
    x = np.random.default_rng(8).standard_normal((2, 3, 4, 5))
    compare_with_torch(lambda a: nn.Upsample(mode="bilinear", align_corners=True, **kwargs)(a),
                       lambda a: torch.nn.Upsample(mode="bilinear", align_corners=True, **kwargs)(a),
                       [x])
    assert gradcheck(lambda a: F.interpolate(a, mode="bilinear", align_corners=True, **kwargs),
                     (tensor(x[:1, :1], requires_grad=True),))
    # the corners are copied exactly, and differ from the pixel-centre geometry's result
    if min(kwargs.get("size", (2, 2))) > 1:
        y = F.interpolate(x, mode="bilinear", align_corners=True, **kwargs).numpy()
        assert np.array_equal(y[..., [0, 0, -1, -1], [0, -1, 0, -1]], x[..., [0, 0, -1, -1], [0, -1, 0, -1]])


def test_interpolate_errors():
    x = np.zeros((1, 1, 4, 4))
    with pytest.raises(ValueError, match="exactly one of size and scale_factor"):
        F.interpolate(x)
    with pytest.raises(ValueError, match="only applies to the bilinear"):
        F.interpolate(x, scale_factor=2, mode="nearest", align_corners=True)
    with pytest.raises(ValueError, match="4D"):
        F.interpolate(np.zeros((4, 4)), scale_factor=2)
    with pytest.raises(ValueError, match="scale_factor must be positive"):
        F.interpolate(x, scale_factor=0)


def test_unflatten_matches_torch(compare_with_torch):
    x = np.random.default_rng(8).standard_normal((2, 60, 3))
    for dim, size in ((1, (4, 5, 3)), (-2, (4, -1)), (2, (3, 1))):
        ours, theirs = nn.Unflatten(dim, size), torch.nn.Unflatten(dim, size)
        compare_with_torch(ours, theirs, [x])
        assert repr(ours) == repr(theirs)
    with pytest.raises(ValueError, match=r"size 60 .*into \(7, 8\)"):
        nn.Unflatten(1, (7, 8))(x)


# ---- argument checks: the argument or the shapes are named --------------------------------
@pytest.mark.parametrize("layer, kwargs, name", [
    (nn.Conv2d, dict(in_channels=1, out_channels=2, kernel_size=3, stride=0), "stride"),
    (nn.Conv2d, dict(in_channels=1, out_channels=2, kernel_size=0), "kernel_size"),
    (nn.Conv2d, dict(in_channels=1, out_channels=2, kernel_size=3, dilation=(1, 0)), "dilation"),
    (nn.Conv2d, dict(in_channels=1, out_channels=2, kernel_size=3, padding=-1), "padding"),
    (nn.ConvTranspose2d, dict(in_channels=1, out_channels=2, kernel_size=3, stride=0), "stride"),
    (nn.ConvTranspose2d, dict(in_channels=1, out_channels=2, kernel_size=3, output_padding=-1),
     "output_padding"),
    (nn.MaxPool2d, dict(kernel_size=0), "kernel_size"),
    (nn.MaxPool2d, dict(kernel_size=2, stride=0), "stride"),
    (nn.MaxPool2d, dict(kernel_size=2, dilation=0), "dilation"),
    (nn.MaxPool2d, dict(kernel_size=2, padding=-1), "padding"),
    (nn.AvgPool2d, dict(kernel_size=(2, 0)), "kernel_size"),
    (nn.AvgPool2d, dict(kernel_size=2, stride=0), "stride"),
    (nn.AvgPool2d, dict(kernel_size=2, padding=-1), "padding"),
])
def test_layer_arguments_are_checked(layer, kwargs, name):
    with pytest.raises(ValueError, match=rf"{layer.__name__}: {name} must be"):
        layer(**kwargs)


@pytest.mark.parametrize("call, name", [
    (lambda x, w: F.conv2d(x, w, stride=0), "stride"),
    (lambda x, w: F.conv2d(x, w, dilation=0), "dilation"),
    (lambda x, w: F.conv2d(x, w, padding=(0, -2)), "padding"),
    (lambda x, w: F.max_pool2d(x, 0), "kernel_size"),
    (lambda x, w: F.avg_pool2d(x, 2, stride=0), "stride"),
    (lambda x, w: F.conv_transpose2d(x, w.transpose(1, 0), stride=(1, 0)), "stride"),
])
def test_functional_arguments_are_checked(call, name):
    x, w = tensor(np.ones((1, 3, 6, 6))), tensor(np.ones((2, 3, 3, 3)))
    with pytest.raises(ValueError, match=rf": {name} must be"):
        call(x, w)


def test_shape_errors_name_the_shapes():
    conv = nn.Conv2d(3, 4, 5).double()
    with pytest.raises(ValueError, match=r"expects input with 3 channels.*\(2, 1, 32, 32\) has 1"):
        conv(np.zeros((2, 1, 32, 32)))
    with pytest.raises(ValueError, match=r"kernel \(5, 5\).*larger than the padded input of shape \(1, 3, 4, 4\)"):
        conv(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match=r"4D \(N, C, H, W\) input, got shape \(3, 32\)"):
        conv(np.zeros((3, 32)))
    with pytest.raises(ValueError, match=r"4D .* got shape \(1, 1, 3, 8, 8\)"):
        nn.MaxPool2d(2)(np.zeros((1, 1, 3, 8, 8)))
    with pytest.raises(ValueError, match=r"too small for kernel_size \(3, 3\)"):
        nn.AvgPool2d(3)(np.zeros((1, 1, 2, 8)))
    with pytest.raises(ValueError, match=r"expects input with 4 channels.*\(1, 3, 4, 4\) has 3"):
        nn.ConvTranspose2d(4, 2, 3)(np.zeros((1, 3, 4, 4), dtype=np.float32))
    with pytest.raises(ValueError, match=r"output_padding \(2, 2\) must be smaller"):
        nn.ConvTranspose2d(1, 1, 3, stride=2, output_padding=2)(np.zeros((1, 1, 4, 4)))

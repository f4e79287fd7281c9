"""The numbers the CNN demos report, against the lecture's closed forms."""

import numpy as np

from syllabus.demos import run_demo


def test_weight_sharing_numbers(tmp_path):
    numbers = run_demo("weight_sharing", tmp_path, fast=True).numbers
    assert numbers["edges_conv_fc"] == (13, 25)
    assert numbers["distinct_weights_conv_fc"] == (3, 25)
    assert numbers["conv_params_32"] == 10 * (5 * 5 * 3 + 1)
    assert numbers["fc_params_32"] == (32 * 32 * 3 + 1) * 32 * 32 * 10


def test_conv_arithmetic_numbers(tmp_path):
    numbers = run_demo("conv_arithmetic", tmp_path, fast=True).numbers
    assert numbers["AlexNet conv1: output, parameters, mult-adds"] == (
        (96, 55, 55), 34_944, 55 * 55 * 96 * 11 * 11 * 3)
    assert numbers["1x1 conv: output, parameters, mult-adds"] == ((3, 4, 4), 18, 4 * 4 * 3 * 5)


def test_bottleneck_numbers(tmp_path):
    numbers = run_demo("bottleneck_1x1", tmp_path, fast=True).numbers
    size = 14  # the fast setting; 192 -> 32 channels as in GoogLeNet
    assert numbers["mult_adds_direct"] == size * size * 32 * 25 * 192
    assert numbers["mult_adds_bottleneck_16"] == size * size * 16 * 192 + size * size * 32 * 25 * 16


def test_synthetic_shapes_geometry():
    """Noise-free shapes fill their bounding box as the closed forms say: square 1, disc pi/4,
    triangle 1/2, cross 5/9 (each within pixelisation error), and every label occurs."""
    from syllabus.demos.cnn.lenet_shapes import SHAPES, shapes_32

    X, y = shapes_32(400, np.random.default_rng(0), noise=0.0)
    assert X.shape == (400, 1, 32, 32) and X.dtype == np.float32
    assert set(np.unique(y)) == set(range(len(SHAPES)))
    fill = []
    for image in X[:, 0] > X.min():
        rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
        fill.append(image.sum() / ((rows[-1] - rows[0] + 1) * (cols[-1] - cols[0] + 1)))
    fill = np.array(fill)
    for label, expected in enumerate([1.0, np.pi / 4, 0.5, 5 / 9]):
        assert abs(fill[y == label].mean() - expected) < 0.08, (SHAPES[label], fill[y == label].mean())

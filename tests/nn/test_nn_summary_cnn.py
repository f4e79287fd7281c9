"""summary on the CNN lecture's worked examples, and its multiply-add counts checked by running
the layers on ones (with unit weights and no padding, every output sums its own products)."""

import numpy as np
import pytest

from syllabus import nn, summary
from syllabus.models import LeNet5


@pytest.mark.parametrize("layer, input_shape, output_shape, params", [
    # AlexNet's first layer: (227 - 11) / 4 + 1 = 55; (11 * 11 * 3) * 96 weights + 96 biases
    (nn.Conv2d(3, 96, 11, stride=4), (1, 3, 227, 227), (1, 96, 55, 55), 34_944),
    # ten 5x5 filters, stride 1, padding 2 keep 32x32: 10 * (5 * 5 * 3 + 1)
    (nn.Conv2d(3, 10, 5, stride=1, padding=2), (1, 3, 32, 32), (1, 10, 32, 32), 760),
    # a 1x1 convolution mixes channels only: 3 * (5 + 1)
    (nn.Conv2d(5, 3, 1), (1, 5, 4, 4), (1, 3, 4, 4), 18),
])
def test_the_lectures_worked_examples(layer, input_shape, output_shape, params):
    table = summary(layer, input_shape, print_summary=False)
    (_, shape, n_params, macs), = table.rows
    assert shape == output_shape and n_params == params == table.total_params
    c, kh, kw = layer.weight.shape[1:]
    assert macs == np.prod(output_shape) * c * kh * kw == table.total_mult_adds


def test_weight_sharing_against_a_fully_connected_layer():
    conv = summary(nn.Conv2d(3, 10, 5, padding=2), (1, 3, 32, 32), print_summary=False)
    dense = summary(nn.Linear(32 * 32 * 3, 32 * 32 * 10), (1, 3072), print_summary=False)
    assert dense.total_params == 3072 * 10240 + 10240 == 31_467_520
    assert dense.total_params // conv.total_params == 41_404


@pytest.mark.parametrize("layer, input_shape", [
    (nn.Conv2d(4, 6, (3, 2), stride=(2, 1), dilation=(1, 2), groups=2, bias=False), (2, 4, 9, 8)),
    (nn.ConvTranspose2d(4, 6, 3, stride=2, output_padding=1, groups=2, bias=False), (2, 4, 5, 4)),
    (nn.Linear(7, 5, bias=False), (3, 2, 7)),
])
def test_mult_adds_count_the_products(layer, input_shape):
    layer.weight.data[...] = 1
    out = layer(np.ones(input_shape, dtype=np.float32))
    table = summary(layer, input_shape, print_summary=False)
    assert table.rows[0][3] == int(out.data.sum())


def test_lenet5_table():
    table = summary(LeNet5(), (1, 1, 32, 32), print_summary=False)
    assert [r[1] for r in table.rows if r[2]] == [(1, 6, 28, 28), (1, 16, 10, 10), (1, 120), (1, 84), (1, 10)]
    assert [r[2] for r in table.rows if r[2]] == [156, 2_416, 48_120, 10_164, 850]
    assert table.total_mult_adds == 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10
    assert "Mult-adds" in str(table) and "416,520" in str(table)

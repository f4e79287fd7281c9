"""The recurrent-network demos report the numbers their lessons rest on."""

from syllabus.demos import run_demo


def test_hello_model_completes_and_generates_hello(tmp_path):
    result = run_demo("rnn_hello", tmp_path, fast=True)
    assert result.error is None, result.error
    assert result.numbers['completion of "hell"'] == "o"
    assert result.numbers['greedy generation from "h"'] == "hello"


def test_bptt_sum_equals_autograd(tmp_path):
    result = run_demo("bptt_unrolled", tmp_path, fast=True)
    assert result.numbers["max |hand - autograd| / max |autograd|"] < 1e-12
    per_step = result.numbers["sum over t of ||dE_t/dW through step k||, k = 1..T"]
    assert per_step[0] == 0.0  # s_0 = 0: nothing flows through the first step's W s_0


def test_vanishing_gradient_ratios(tmp_path):
    numbers = run_demo("vanishing_rnn_lstm", tmp_path, fast=True).numbers
    rnn = numbers["RNN: ||dE/dx_1|| / ||dE/dx_128||"]
    lstm = [numbers[f"LSTM, b_f = {b}: ||dE/dx_1|| / ||dE/dx_128||"] for b in (0, 1, 3, 5)]
    assert rnn < 1e-10
    assert lstm == sorted(lstm) or lstm[3] > 1e-2  # opening the forget gate carries the gradient
    assert lstm[0] < 1e-10 < lstm[3]

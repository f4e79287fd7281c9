"""The paradigm demos' pieces: the SimCLR views, the periodic sequences, and the episode
accuracy (checked against PrototypicalNetwork on the same episodes)."""

import numpy as np

from syllabus import nn
from syllabus.demos.paradigms._shared import digits
from syllabus.demos.paradigms.masked_tokens import LENGTH, VOCAB, periodic_sequences
from syllabus.demos.paradigms.prototypical_few_shot import SHOT, WAY, episode, episode_accuracy
from syllabus.demos.paradigms.simclr_probe import augment
from syllabus.models import PrototypicalNetwork


def test_simclr_views_shift_blank_and_add_noise():
    X, _ = digits()
    rng = np.random.default_rng(0)
    v1, v2 = augment(X[:200], rng), augment(X[:200], rng)
    assert v1.shape == (200, 64) and v1.dtype == np.float32
    assert not np.allclose(v1, v2)
    # a view is the image shifted by at most one pixel, some pixels blanked, noise of std 0.1
    assert np.abs(v1 - X[:200]).max() < 1.0 + 6 * 0.1
    assert not np.any(v1 == 0)  # the noise reaches every pixel, blanked ones too


def test_periodic_sequences_repeat_their_motif():
    seqs, period = periodic_sequences(np.random.default_rng(2), 300)
    assert seqs.shape == (300, LENGTH) and seqs.min() >= 0 and seqs.max() < VOCAB
    assert set(np.unique(period)) == {2, 3, 4}
    for s, p in zip(seqs, period):
        np.testing.assert_array_equal(s[p:], s[:-p])


def test_episode_accuracy_matches_prototypical_network_predictions():
    X, y = digits()
    pools = [np.flatnonzero(y == c) for c in range(5, 10)]
    s, s_y, q, q_y = episode(np.random.default_rng(3), pools)
    assert len(s) == WAY * SHOT and set(y[s]) == set(range(5, 10)) and not set(s) & set(q)
    net = PrototypicalNetwork(encoder=nn.Identity())
    expected = []
    rng = np.random.default_rng(4)
    for _ in range(20):
        s, s_y, q, q_y = episode(rng, pools)
        expected.append(np.mean(net.predict(X[q].astype(np.float64), X[s].astype(np.float64), s_y) == q_y))
    np.testing.assert_allclose(episode_accuracy(X.astype(np.float64), pools, 20, 4), np.mean(expected), rtol=1e-12)

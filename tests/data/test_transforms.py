"""Image augmentation: flips, crops with padding and rotations against direct NumPy / SciPy
constructions, their determinism, and their use by the DataLoader."""

import numpy as np
import pytest

from syllabus.data import (
    Compose,
    DataLoader,
    RandomCrop,
    RandomHorizontalFlip,
    RandomRotation,
    RandomVerticalFlip,
    TensorDataset,
)


def _images(seed=0, shape=(40, 2, 6, 7)):
    return np.random.default_rng(seed).standard_normal(shape)


@pytest.mark.parametrize("transform, axis", [(RandomHorizontalFlip, -1), (RandomVerticalFlip, -2)])
def test_flips(transform, axis):
    x = _images()
    out = transform(p=0.5)(x, np.random.default_rng(1))
    flipped = np.array([np.array_equal(o, np.flip(a, axis)) for o, a in zip(out, x)])
    kept = np.array([np.array_equal(o, a) for o, a in zip(out, x)])
    assert np.all(flipped ^ kept) and 5 < flipped.sum() < 35  # each image one or the other
    np.testing.assert_array_equal(transform(p=1.0)(x, 0), np.flip(x, axis))
    np.testing.assert_array_equal(transform(p=0.0)(x, 0), x)
    np.testing.assert_array_equal(out, transform(p=0.5)(x, np.random.default_rng(1)))


def test_random_crop_is_a_window_of_the_padded_image():
    x = _images(shape=(60, 2, 5, 6))
    out = RandomCrop(size=(4, 5), padding=1, fill=0.0)(x, np.random.default_rng(2))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    offsets = set()
    for o, a in zip(out, xp):
        hits = [(i, j) for i in range(4) for j in range(4) if np.array_equal(o, a[:, i:i + 4, j:j + 5])]
        assert len(hits) == 1
        offsets.add(hits[0])
    assert len(offsets) == 16  # every position of the window occurs
    assert RandomCrop(padding=2)(x, 0).shape == x.shape  # a random shift keeps the size
    np.testing.assert_array_equal(RandomCrop()(x, 0), x)
    with pytest.raises(ValueError, match="larger than the padded images"):
        RandomCrop(size=8, padding=1)(x, 0)


def test_random_rotation_matches_scipy_and_rot90():
    ndimage = pytest.importorskip("scipy.ndimage")
    x = _images(shape=(3, 2, 7, 9))
    out = RandomRotation((17, 17))(x, 0)
    for o, a in zip(out, x):
        for c in range(2):  # scipy: bilinear (order 1) with a constant border, same centre
            ref = ndimage.rotate(a[c], 17, reshape=False, order=1, mode="grid-constant", cval=0.0)
            np.testing.assert_allclose(o[c], ref, atol=1e-12)
    square = _images(shape=(2, 5, 5))
    np.testing.assert_allclose(RandomRotation((90, 90))(square, 0), np.rot90(square, 1, axes=(1, 2)),
                               atol=1e-12)
    np.testing.assert_allclose(RandomRotation((180, 180))(x, 0), x[..., ::-1, ::-1], atol=1e-12)
    assert RandomRotation(10)(x.astype(np.float32), 5).dtype == np.float32


def test_compose_is_deterministic_and_the_loader_applies_it_to_inputs_only():
    x, y = _images(shape=(30, 1, 8, 8)).astype(np.float32), np.arange(30)
    augment = Compose([RandomHorizontalFlip(), RandomCrop(padding=2), RandomRotation(10)])
    plain = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, seed=3)
    a = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, seed=3, transform=augment)
    b = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, seed=3, transform=augment)
    for (xa, ya), (xb, _), (xp, yp) in zip(a, b, plain):
        np.testing.assert_array_equal(ya, yp)  # same shuffling with and without augmentation
        np.testing.assert_array_equal(xa, xb)  # same seed, same augmented batches
        assert xa.shape == xp.shape and not np.array_equal(xa, xp)
    # resuming from a state dict replays the augmentation too
    state = a.state_dict()
    first = [xb for xb, _ in a]
    a.load_state_dict(state)
    np.testing.assert_array_equal(np.concatenate(first), np.concatenate([xb for xb, _ in a]))
    with pytest.raises(TypeError, match="transform must be callable"):
        DataLoader(TensorDataset(x, y), transform=3)


@pytest.mark.parametrize("make, match", [
    (lambda: RandomHorizontalFlip(p=1.5), "probability"),
    (lambda: RandomCrop(padding=-1), "non-negative"),
    (lambda: RandomRotation((10, -10)), "degrees"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()
    with pytest.raises(ValueError, match="batch of images"):
        RandomHorizontalFlip()(np.zeros((4, 4)), 0)

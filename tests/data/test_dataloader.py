"""syllabus.data: datasets, batching, seeded shuffling and resumable loader state."""

import json

import numpy as np
import pytest
import torch
import torch.utils.data

import syllabus
from syllabus.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split

N = 23


def _arrays():
    X = np.arange(N * 3, dtype=np.float32).reshape(N, 3)
    y = np.arange(N)  # y is the row number: batches must keep rows aligned
    return X, y


class NoPerSampleAccess(TensorDataset):
    def __getitem__(self, index):
        raise AssertionError("the array-backed path must not read samples one by one")


class PerSample(Dataset):
    """A generic dataset with tuples of (array, number, dict)."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def __getitem__(self, i):
        return self.X[i], int(self.y[i]), {"twice": 2 * self.y[i]}

    def __len__(self):
        return len(self.y)


def _epoch(loader):
    return [tuple(np.asarray(getattr(b, "data", b)) for b in batch) for batch in loader]


@pytest.mark.parametrize("batch_size, drop_last", [(1, False), (5, False), (5, True), (N, False),
                                                   (100, False), (100, True)])
def test_unshuffled_batches_match_torch(batch_size, drop_last):
    X, y = _arrays()
    ours = DataLoader(TensorDataset(X, y), batch_size=batch_size, drop_last=drop_last)
    theirs = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(y)),
        batch_size=batch_size, drop_last=drop_last)
    got, expected = _epoch(ours), [(a.numpy(), b.numpy()) for a, b in theirs]
    assert len(ours) == len(theirs) == len(got) == len(expected)
    for (gx, gy), (ex, ey) in zip(got, expected):
        assert np.array_equal(gx, ex) and np.array_equal(gy, ey)
        assert gx.dtype == np.float32


def test_shuffled_epoch_is_a_permutation_and_rows_stay_aligned():
    X, y = _arrays()
    loader = DataLoader(NoPerSampleAccess(X, y), batch_size=4, shuffle=True, seed=3)
    batches = _epoch(loader)
    assert [len(b[1]) for b in batches] == [4, 4, 4, 4, 4, 3]
    order = np.concatenate([b[1] for b in batches])
    assert sorted(order) == list(range(N)) and not np.array_equal(order, np.arange(N))
    # The order is the loader's generator's permutation.
    np.testing.assert_array_equal(order, np.random.default_rng(3).permutation(N))
    for bx, by in batches:
        np.testing.assert_array_equal(bx, X[by])


def test_seed_determinism_and_new_order_each_epoch():
    X, y = _arrays()
    a = DataLoader(TensorDataset(X, y), batch_size=5, shuffle=True, seed=7)
    b = DataLoader(TensorDataset(X, y), batch_size=5, shuffle=True, seed=7)
    c = DataLoader(TensorDataset(X, y), batch_size=5, shuffle=True, seed=8)
    epochs_a = [np.concatenate([yb for _, yb in a]) for _ in range(3)]
    epochs_b = [np.concatenate([yb for _, yb in b]) for _ in range(3)]
    epoch_c = np.concatenate([yb for _, yb in c])
    for ea, eb in zip(epochs_a, epochs_b):
        np.testing.assert_array_equal(ea, eb)
    assert not np.array_equal(epochs_a[0], epochs_a[1])
    assert not np.array_equal(epochs_a[0], epoch_c)


def test_state_dict_resume_gives_the_same_epochs():
    X, y = _arrays()
    straight = DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True, seed=11)
    expected = [_epoch(straight) for _ in range(4)]

    first = DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True, seed=11)
    _epoch(first)
    _epoch(first)
    saved = json.loads(json.dumps(first.state_dict()))  # checkpoints store it as JSON
    resumed = DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True, seed=999)
    resumed.load_state_dict(saved)
    for exp in expected[2:]:
        got = _epoch(resumed)
        assert all(np.array_equal(g, e) for gb, eb in zip(got, exp) for g, e in zip(gb, eb))
    with pytest.raises(ValueError, match="saved generator"):
        DataLoader(TensorDataset(X, y), seed=np.random.Generator(np.random.MT19937(0))
                   ).load_state_dict(saved)


def test_tensors_in_tensors_out():
    X, y = _arrays()
    loader = DataLoader(TensorDataset(syllabus.tensor(X), syllabus.tensor(y)), batch_size=8,
                        shuffle=True, seed=0)
    for xb, yb in loader:
        assert isinstance(xb, syllabus.Tensor) and isinstance(yb, syllabus.Tensor)
        assert xb.dtype == np.float32 and yb.dtype == y.dtype
        assert not xb.requires_grad
        np.testing.assert_array_equal(xb.data, X[yb.data])
    arrays_out = next(iter(DataLoader(TensorDataset(X, y), batch_size=8)))
    assert all(type(a) is np.ndarray for a in arrays_out)


def test_generic_dataset_is_collated_like_the_array_path():
    X, y = _arrays()
    generic = DataLoader(PerSample(X, y), batch_size=6, shuffle=True, seed=5)
    arrays = DataLoader(TensorDataset(X, y), batch_size=6, shuffle=True, seed=5)
    for (gx, gy, gd), (ax, ay) in zip(generic, arrays):
        np.testing.assert_array_equal(gx, ax)
        np.testing.assert_array_equal(gy, ay)
        np.testing.assert_array_equal(gd["twice"], 2 * ay)
    # Tensors per sample are stacked into a Tensor.
    batch = default_collate([(syllabus.tensor(X[0]), 1), (syllabus.tensor(X[1]), 2)])
    assert isinstance(batch[0], syllabus.Tensor) and batch[0].shape == (2, 3)
    np.testing.assert_array_equal(batch[1], [1, 2])
    with pytest.raises(TypeError, match="cannot batch"):
        default_collate([object()])


def test_custom_collate_fn_is_used():
    X, y = _arrays()
    loader = DataLoader(TensorDataset(X, y), batch_size=10, collate_fn=lambda s: len(s))
    assert list(loader) == [10, 10, 3]


def test_gradient_descent_variants_are_loader_settings():
    X, y = _arrays()
    ds = TensorDataset(X, y)
    assert len(DataLoader(ds, batch_size=len(ds))) == 1  # batch GD
    assert len(DataLoader(ds, batch_size=1)) == N  # stochastic GD
    assert len(DataLoader(ds, batch_size=8)) == 3  # mini-batch GD
    full = next(iter(DataLoader(ds, batch_size=len(ds))))
    np.testing.assert_array_equal(full[0], X)


def test_subset_and_random_split():
    X, y = _arrays()
    ds = NoPerSampleAccess(X, y)
    parts = random_split(ds, [10, 8, 5], seed=0)
    assert [len(p) for p in parts] == [10, 8, 5]
    seen = np.concatenate([np.concatenate([yb for _, yb in DataLoader(p, batch_size=3)])
                           for p in parts])
    assert sorted(seen) == list(range(N))
    # Fractions: floor, then the remainder to the first subsets (PyTorch's rule).
    assert [len(p) for p in random_split(ds, [0.5, 0.3, 0.2], seed=1)] == [12, 7, 4]
    again = random_split(ds, [10, 8, 5], seed=0)
    np.testing.assert_array_equal(parts[1].indices, again[1].indices)
    sub = Subset(TensorDataset(X, y), [4, 2])
    assert sub[1][1] == 2 and len(sub) == 2
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(ds, [10, 10])


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda ds: DataLoader(ds, batch_size=0), ValueError, "positive integer"),
        (lambda ds: DataLoader(ds, batch_size=2.5), ValueError, "positive integer"),
        (lambda ds: DataLoader(ds, shuffle="yes"), ValueError, "shuffle"),
        (lambda ds: DataLoader(ds, seed="abc"), ValueError, "seed"),
        (lambda ds: DataLoader(42), TypeError, "__len__"),
        (lambda ds: TensorDataset(np.ones(3), np.ones(4)), ValueError, "Size mismatch"),
        (lambda ds: TensorDataset(), ValueError, "at least one"),
        (lambda ds: TensorDataset(np.float64(1.0)), ValueError, "first"),
    ],
)
def test_errors(make, error, match):
    with pytest.raises(error, match=match):
        make(TensorDataset(*_arrays()))


def test_abstract_dataset():
    with pytest.raises(NotImplementedError):
        len(Dataset())
    with pytest.raises(NotImplementedError):
        Dataset()[0]


def test_sparse_rows_are_batched_without_densifying():
    """A scipy.sparse X stays sparse: each batch is the CSR matrix of the batch's rows."""
    import scipy.sparse as sp

    rng = np.random.default_rng(0)
    dense = rng.normal(size=(23, 6)) * (rng.random((23, 6)) < 0.3)
    y = np.arange(23)
    loader = DataLoader(TensorDataset(sp.csr_matrix(dense), y), batch_size=5, shuffle=True,
                        seed=1)
    assert len(loader.dataset) == 23 and len(loader) == 5
    seen = []
    for xb, yb in loader:
        assert sp.issparse(xb) and xb.shape == (len(yb), 6)
        np.testing.assert_array_equal(xb.toarray(), dense[yb])
        seen.extend(yb)
    assert sorted(seen) == list(range(23))
    with pytest.raises(ValueError, match="Size mismatch"):
        TensorDataset(sp.csr_matrix(dense), y[:-1])

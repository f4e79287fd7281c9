"""The bundled real data sets hold exactly scikit-learn's values and load offline."""

import zipfile

import numpy as np
import pytest
from sklearn import datasets as skd

from syllabus import datasets
from syllabus.datasets._base import DATA_DIR

NAMES = ["iris", "digits", "breast_cancer", "wine", "diabetes"]


@pytest.mark.parametrize("name", NAMES)
def test_same_values_as_sklearn(name):
    ours = getattr(datasets, f"load_{name}")()
    theirs = getattr(skd, f"load_{name}")()
    np.testing.assert_array_equal(ours.data, theirs.data)
    assert ours.data.dtype == theirs.data.dtype
    np.testing.assert_array_equal(ours.target, theirs.target)
    assert ours.target.dtype == theirs.target.dtype
    assert list(ours.feature_names) == list(theirs.feature_names)
    assert type(ours.feature_names) is type(theirs.feature_names)
    assert ours.DESCR == theirs.DESCR
    if "target_names" in theirs:
        np.testing.assert_array_equal(ours.target_names, theirs.target_names)
    else:
        assert "target_names" not in ours


@pytest.mark.parametrize("name", NAMES)
def test_return_X_y(name):
    loader = getattr(datasets, f"load_{name}")
    X, y = loader(return_X_y=True)
    bunch = loader()
    np.testing.assert_array_equal(X, bunch.data)
    np.testing.assert_array_equal(y, bunch.target)
    assert X.shape[0] == y.shape[0]


def test_digits_images_and_n_class():
    ours, theirs = datasets.load_digits(), skd.load_digits()
    np.testing.assert_array_equal(ours.images, theirs.images)
    for n_class in (1, 2, 5, 10):
        X, y = datasets.load_digits(n_class=n_class, return_X_y=True)
        X_ref, y_ref = skd.load_digits(n_class=n_class, return_X_y=True)
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)
    with pytest.raises(ValueError, match="n_class"):
        datasets.load_digits(n_class=11)
    with pytest.raises(ValueError, match="n_class"):
        datasets.load_digits(n_class=0)


def test_diabetes_raw_and_scaled():
    for scaled in (True, False):
        X, y = datasets.load_diabetes(scaled=scaled, return_X_y=True)
        X_ref, y_ref = skd.load_diabetes(scaled=scaled, return_X_y=True)
        np.testing.assert_array_equal(X, X_ref)
        np.testing.assert_array_equal(y, y_ref)
    # The scaled copy has centred columns of unit sum of squares.
    X, _ = datasets.load_diabetes(return_X_y=True)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose((X**2).sum(axis=0), 1, rtol=1e-12)
    with pytest.raises(TypeError, match="scaled"):
        datasets.load_diabetes(scaled="yes")


def test_files_are_compressed_and_free_of_pickles():
    for name in NAMES:
        path = DATA_DIR / f"{name}.npz"
        with zipfile.ZipFile(path) as archive:
            assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        with np.load(path, allow_pickle=False) as npz:  # would raise on an object array
            assert all(npz[key].dtype.kind != "O" for key in npz.files)


def test_bunch_attribute_and_key_access():
    bunch = datasets.Bunch(a=1)
    bunch.b = 2
    assert bunch["b"] == 2 and bunch.a == 1
    assert sorted(dir(bunch)) == ["a", "b"]
    del bunch.a
    with pytest.raises(AttributeError):
        bunch.a  # noqa: B018
    with pytest.raises(AttributeError):
        del bunch.missing


def test_bad_return_X_y():
    with pytest.raises(TypeError, match="return_X_y"):
        datasets.load_iris(return_X_y="yes")
    with pytest.raises(TypeError, match="as_frame"):
        datasets.load_wine(as_frame=1)


@pytest.mark.parametrize("name", NAMES)
def test_as_frame_matches_sklearn(name):
    import pandas as pd

    ours = getattr(datasets, f"load_{name}")(as_frame=True)
    theirs = getattr(skd, f"load_{name}")(as_frame=True)
    pd.testing.assert_frame_equal(ours.frame, theirs.frame)
    pd.testing.assert_frame_equal(ours.data, theirs.data)
    pd.testing.assert_series_equal(ours.target, theirs.target)
    X, y = getattr(datasets, f"load_{name}")(as_frame=True, return_X_y=True)
    X_ref, y_ref = getattr(skd, f"load_{name}")(as_frame=True, return_X_y=True)
    pd.testing.assert_frame_equal(X, X_ref)
    pd.testing.assert_series_equal(y, y_ref)

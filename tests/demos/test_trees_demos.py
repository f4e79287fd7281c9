"""The trees and neighbours demos report numbers scikit-learn agrees with.

Each test regenerates the demo's data from the demo's seed (tests/demos/test_all_demos.py
runs every demo and checks its claims; here the numbers are recomputed with scikit-learn).
"""

import numpy as np
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from syllabus.demos import run_demo
from syllabus.demos.trees._shared import noisy_moons


def test_pruning_demo_path_and_chosen_tree_agree_with_sklearn(tmp_path):
    numbers = run_demo("cost_complexity_pruning", tmp_path, fast=True, seed=0).numbers
    n = 300  # the demo's fast size
    X, y = noisy_moons(np.random.default_rng(0), 2 * n, noise=0.4)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    path = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(X_train, y_train)
    assert numbers["alphas on the path"] == len(path.ccp_alphas)
    alpha = numbers["cross-validated alpha"]
    assert np.min(np.abs(path.ccp_alphas - alpha)) <= 1e-12  # a point of sklearn's path
    full = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    # the chosen alpha sits exactly on a breakpoint: prune a hair above it, where the
    # subtree is unambiguous (both libraries prune nodes whose effective alpha <= ccp_alpha)
    chosen = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha * (1 + 1e-9)).fit(X_train, y_train)
    assert numbers["leaves: unpruned / chosen"] == [full.get_n_leaves(), chosen.get_n_leaves()]
    assert numbers["test accuracy: unpruned / chosen"] == [
        round(full.score(X_test, y_test), 3), round(chosen.score(X_test, y_test), 3)]


def test_knn_demo_errors_by_k_agree_with_sklearn(tmp_path):
    numbers = run_demo("knn_regions", tmp_path, fast=True, seed=0).numbers
    n = 300
    X, y = noisy_moons(np.random.default_rng(0), 2 * n, noise=0.35)
    X_train, y_train, X_test, y_test = X[:n], y[:n], X[n:], y[n:]
    errors = numbers["test error by k"]
    for k, error in errors.items():
        ref = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
        # test errors are multiples of 1/300, so 3 decimals identify the count exactly
        assert error == round(1 - ref.score(X_test, y_test), 3), k



def test_boosting_demo_best_errors_equal_sklearn(tmp_path):
    # the boosted trees are scikit-learn's stage for stage (no drift after tens of stages),
    # so the best test error and the stage reaching it are the same for every learning rate
    from sklearn.ensemble import GradientBoostingRegressor

    numbers = run_demo("gradient_boosting_staged", tmp_path, fast=True, seed=0).numbers
    rng = np.random.default_rng(0)
    n, n_trees = 400, 150
    X = rng.uniform(-3, 3, (2 * n, 4))
    y = np.sin(X[:, 0]) * X[:, 1] + 0.5 * X[:, 2] ** 2 + 0.5 * rng.standard_normal(2 * n)
    for rate in (1.0, 0.3, 0.1):
        ref = GradientBoostingRegressor(learning_rate=rate, n_estimators=n_trees, max_depth=3,
                                        random_state=0).fit(X[:n], y[:n])
        test = [np.mean((p - y[n:]) ** 2) for p in ref.staged_predict(X[n:])]
        assert numbers[f"rate {rate}: best test MSE and its number of trees"] == [
            round(float(min(test)), 4), int(np.argmin(test)) + 1]

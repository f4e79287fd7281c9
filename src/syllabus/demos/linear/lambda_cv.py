"""Demo: choosing the ridge penalty lambda by K-fold cross-validation."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import make_sine
from syllabus.demos import register
from syllabus.linear_model import Ridge
from syllabus.metrics import mean_squared_error
from syllabus.model_selection import GridSearchCV, KFold, cross_val_score
from syllabus.preprocessing import PolynomialFeatures, StandardScaler


@register("lambda_cv", topic="linear", order=5,
          title="Choosing the ridge penalty by cross-validation")
def lambda_cv(ctx):
    r"""A degree-12 polynomial on 30 noisy samples of $\sin(2\pi x)$ overfits badly without a
    penalty. Ridge regression trades variance for bias; its penalty $\lambda$ is chosen by
    5-fold cross-validation over a log grid with GridSearchCV:

    $$\hat\lambda = \arg\min_\lambda \frac{1}{K} \sum_{k=1}^{K} \text{MSE}_k(\lambda),$$

    each candidate fitted on 4/5 of the data and scored on the held-out fifth.

    What to notice: the cross-validated error curve is U-shaped; the chosen $\lambda$ is inside
    the grid, agrees with scoring each candidate by hand, and beats both extremes on fresh test
    data."""
    rng = ctx.rng
    seed = int(rng.integers(2**31))
    X, y = make_sine(30, noise=0.25, random_state=seed)
    X_test, y_test = make_sine(1000, noise=0.25, random_state=seed + 1)
    poly = PolynomialFeatures(12, include_bias=False).fit(X)
    # Expanding and scaling depend on nothing learnt from y: safe to do once before the CV.
    scaler = StandardScaler().fit(poly.transform(X))
    Phi, Phi_test = scaler.transform(poly.transform(X)), scaler.transform(poly.transform(X_test))

    lambdas = np.geomspace(1e-8, 1e3, 23 if ctx.fast else 45)
    cv = KFold(5, shuffle=True, random_state=seed)
    search = GridSearchCV(Ridge(), {"alpha": list(lambdas)}, cv=cv,
                          scoring="neg_mean_squared_error").fit(Phi, y)
    cv_mse = -np.asarray(search.cv_results_["mean_test_score"])
    by_hand = np.array([-cross_val_score(Ridge(a), Phi, y, cv=cv,
                                         scoring="neg_mean_squared_error").mean()
                        for a in lambdas])
    test_mse = np.array([mean_squared_error(y_test, Ridge(a).fit(Phi, y).predict(Phi_test))
                         for a in lambdas])
    best = int(np.argmin(cv_mse))
    chosen = search.best_params_["alpha"]
    ctx.number("lambda chosen by 5-fold CV", float(f"{chosen:.3g}"))
    ctx.number("CV MSE at the chosen lambda", round(float(cv_mse[best]), 4))
    ctx.number("test MSE: smallest lambda / chosen / largest",
               [round(float(test_mse[i]), 4) for i in (0, best, -1)])
    ctx.number("best test MSE on the grid (oracle)", round(float(test_mse.min()), 4))

    fig, ax = ctx.figure("cv_curve")
    ax.loglog(lambdas, cv_mse, "o-", label="5-fold CV MSE")
    ax.loglog(lambdas, test_mse, "s-", label="test MSE")
    ax.axvline(chosen, color="k", ls=":", label="chosen lambda")
    ax.set_xlabel("lambda")
    ax.set_ylabel("MSE")
    ax.legend()

    ctx.check("GridSearchCV picks the lambda with the lowest mean CV error",
              chosen == lambdas[best] and np.allclose(cv_mse, by_hand, rtol=1e-12),
              detail=f"{chosen:.3g}")
    ctx.check("the chosen lambda lies inside the grid (the CV curve is U-shaped)",
              0 < best < len(lambdas) - 1)
    ctx.check("the CV choice beats both extremes on fresh test data",
              test_mse[best] < test_mse[0] and test_mse[best] < test_mse[-1])
    ctx.check("the CV choice is within 30% of the best test MSE on the grid",
              test_mse[best] < 1.3 * test_mse.min(),
              detail=f"{test_mse[best]:.4f} vs {test_mse.min():.4f}")

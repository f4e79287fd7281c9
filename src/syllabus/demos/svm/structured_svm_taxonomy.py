"""Demo: taxonomy classification -- a structured SVM over a tree of digit classes."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import MulticlassProblem, StructuredSVM, TaxonomyProblem

GROUPS = 3      # root -> 3 groups -> 3 classes each
PER_GROUP = 3


def hierarchical_classes(rng, n, centres):
    """Samples of the 9 classes: Gaussian clouds around class centres (rows of ``centres``)."""
    y = rng.integers(0, len(centres), n)
    return centres[y] + 1.5 * rng.normal(size=(n, centres.shape[1])), y


@register("structured_svm_taxonomy", topic="kernels-svm", order=82,
          title="Taxonomy structured SVM: mistakes stay close in the tree")
def structured_svm_taxonomy(ctx):
    r"""Nine classes form a taxonomy: three groups of three siblings, the classes of a group
    drawn around a shared group centre (so the tree is real in the data). The structured
    SVM's output is a leaf; its joint feature map sums $x \otimes e_v$ over the nodes $v$ on
    the root-to-leaf path, so sibling classes share the weights of their parent, and its
    loss is the tree distance (2 between siblings, 4 across groups):

    $$\langle w, \psi(x, y)\rangle = \sum_{v\,\in\,\mathrm{path}(y)} w_v\cdot x,\qquad
    \Delta(y, y') = \mathrm{dist}_{\mathrm{tree}}(y, y').$$

    A flat multiclass SVM (Crammer and Singer's, the 0-1 loss) is trained on the same 90
    points for comparison.

    What to notice: both make many mistakes with so few points, but the taxonomy SVM's
    mistakes more often stay inside the right group, so its mean tree distance is lower."""
    rng = ctx.rng
    d = 20
    group_centres = rng.normal(size=(GROUPS, d))
    centres = np.repeat(group_centres, PER_GROUP, axis=0) + 0.6 * rng.normal(size=(9, d))
    X_train, y_train = hierarchical_classes(rng, 90, centres)
    X_test, y_test = hierarchical_classes(rng, 1000 if ctx.fast else 4000, centres)
    problem = TaxonomyProblem([-1] + [0] * GROUPS + [g + 1 for g in range(GROUPS)
                                                     for _ in range(PER_GROUP)])
    leaves = problem.leaves
    C = 0.1
    tree = StructuredSVM(problem, C=C, solver="cutting_plane", tol=1e-5).fit(
        X_train, leaves[y_train])
    flat = StructuredSVM(MulticlassProblem(9), C=C, solver="cutting_plane", tol=1e-5).fit(
        X_train, y_train)
    truth = leaves[y_test]
    predictions = {"taxonomy SVM": tree.predict(X_test),
                   "flat multiclass SVM": leaves[flat.predict(X_test)]}
    stats = {}
    for name, pred in predictions.items():
        distance = problem.batch_loss(truth, pred)
        wrong = distance > 0
        stats[name] = (float(np.mean(wrong)), float(distance.mean()),
                       float(np.mean(distance[wrong] == 2)) if wrong.any() else 1.0)
        ctx.number(f"{name}: error rate", round(stats[name][0], 4))
        ctx.number(f"{name}: mean tree distance", round(stats[name][1], 4))
        ctx.number(f"{name}: mistakes inside the right group", round(stats[name][2], 3))

    fig, axes = ctx.figure("taxonomy", 1, 2, figsize=(10, 3.8))
    ax = axes[0]
    leaf_x = {leaf: i for i, leaf in enumerate(leaves)}
    group_x = {g + 1: np.mean([leaf_x[l] for l in leaves[g * PER_GROUP:(g + 1) * PER_GROUP]])
               for g in range(GROUPS)}
    for gx in group_x.values():
        ax.plot([np.mean(list(group_x.values())), gx], [2, 1], color="0.4", lw=1)
    for leaf in leaves:
        ax.plot([group_x[problem.parents[leaf]], leaf_x[leaf]], [1, 0], color="0.4", lw=1)
        ax.text(leaf_x[leaf], -0.12, f"class {leaf_x[leaf]}", ha="center", va="top",
                fontsize=8, rotation=45)
    ax.set_ylim(-0.9, 2.2)
    ax.axis("off")
    ax.set_title("the taxonomy: siblings are 2 apart, other groups 4", fontsize=10)
    ax = axes[1]
    names = list(stats)
    width = 0.38
    for j, (name, color) in enumerate(zip(names, ("#009E73", "#D55E00"))):
        values = [stats[name][0], stats[name][1] / 4]
        bars = ax.bar(np.arange(2) + (j - 0.5) * width, values, width, color=color, label=name)
        for bar, v in zip(bars, [stats[name][0], stats[name][1]]):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{v:.3f}",
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(2), ["error rate", "mean tree distance / 4"])
    ax.set_ylim(0, max(max(stats[n][0], stats[n][1] / 4) for n in names) * 1.3)
    ax.set_ylabel("on held-out points")
    ax.legend(fontsize=8)
    ax.set_title("90 training points, 9 classes", fontsize=10)

    ctx.check("the taxonomy SVM's mistakes stay closer in the tree (lower mean tree distance)",
              stats["taxonomy SVM"][1] < stats["flat multiclass SVM"][1],
              f"{stats['taxonomy SVM'][1]:.4f} vs {stats['flat multiclass SVM'][1]:.4f}")
    ctx.check("both structured SVMs reached their optimum (duality gap <= 1e-5 relative)",
              tree.duality_gap_ <= 1e-5 * tree.objective_
              and flat.duality_gap_ <= 1e-5 * flat.objective_)

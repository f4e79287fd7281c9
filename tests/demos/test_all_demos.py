"""Every demo shipped in syllabus.demos runs (fast), makes checkable claims that all pass,
and saves its figures. Area-specific tests (the numbers a demo reports) live beside this one."""

import pytest

from syllabus.demos import all_demos, run_demo

# Only the package's own demos: tests may register throw-away ones (tests/test_cli.py).
SHIPPED = [d for d in all_demos() if d.func.__module__.startswith("syllabus.demos.")]


# What each issue asked for, by module: a module that stops registering its demo fails here.
EXPECTED = {
    "evaluation": {"confusion_matrix", "roc_auc"},
    "linear": {"linear_solvers", "ridge_lasso_paths", "polynomial_degree", "lambda_cv",
               "logistic_breast_cancer", "irls_vs_gd", "softmax_iris", "rbf_regression",
               "kernel_ridge_bandwidth", "bootstrap_band"},
    "kernels-svm": {"svm_max_margin", "svm_effect_of_c", "svm_slack_variables",
                    "svm_subgradient", "svm_rbf_bandwidth", "svm_multiclass",
                    "svm_surrogate_losses", "svm_rank", "structured_svm_margin",
                    "structured_svm_multilabel", "structured_svm_taxonomy",
                    "structured_svm_solvers"},
    "neural-networks": {"xor_hidden_layer", "universal_approximation", "mlp_decision_regions",
                        "gradient_check", "mlp_digits"},
    "optimisation": {"optimiser_trajectories", "adagrad_vs_gd", "learning_rate_choice",
                     "lr_schedules", "weight_initialisation", "vanishing_gradients",
                     "batch_norm_convergence", "dropout_regularisation", "early_stopping"},
    "cnn": {"lenet_digits", "cnn_feature_maps", "weight_sharing", "conv_arithmetic",
            "bottleneck_1x1", "pooling_vs_strided", "augmentation_few_images", "lenet_shapes"},
    "rnn": {"rnn_hello", "char_rnn_text", "bptt_unrolled", "vanishing_rnn_lstm", "gradient_clipping",
            "image_captioning", "seq2seq_attention", "sequence_classification"},
    "attention": {"attention_mechanism", "long_range_recall", "transformer_lm_text"},
    "unsupervised": {"kmeans_steps", "kmeans_elbow_init", "kmeans_moons", "pca_digits",
                     "whitening", "em_gmm_steps", "gmm_bic"},
    "generative": {"gan_ring", "realnvp_moons", "ddpm_swiss_roll", "ae_vs_pca", "vae_digits",
                   "vqvae_digits", "gan_digits", "ddpm_digits", "conv_autoencoder"},
    "theory": {"shattering", "pac_sample_size", "vc_bound", "bias_variance"},
    "rl": {"bandit_testbed", "bandit_regret", "gridworld_value_iteration",
           "gridworld_living_reward", "policy_iteration", "frozen_lake", "cliff_walking",
           "dqn_cartpole"},
    "trees-neighbours": {"tree_partition", "impurity_measures", "cost_complexity_pruning",
                         "forest_variance", "adaboost_exponential_loss",
                         "gradient_boosting_staged", "knn_regions", "curse_of_dimensionality"},
    "paradigms": {"triplet_embedding", "simclr_probe", "masked_tokens", "prototypical_few_shot"},
}


def test_every_requested_demo_is_registered_under_its_topic():
    shipped = {}
    for d in SHIPPED:
        shipped.setdefault(d.topic, set()).add(d.name)
    for topic, names in EXPECTED.items():
        assert names <= shipped.get(topic, set()), (topic, names - shipped.get(topic, set()))


@pytest.mark.parametrize("demo", SHIPPED, ids=lambda d: d.name)
def test_demo_runs_and_its_checks_pass(demo, tmp_path):
    result = run_demo(demo.name, tmp_path, fast=True)
    assert result.error is None, result.error
    assert result.topic == demo.topic
    assert result.checks, "a demo must make checkable claims"
    failed = [c for c in result.checks if not c.passed]
    assert not failed, failed
    paths = result.figures + [p for frame_set in result.frames for p in frame_set.paths]
    assert paths and all(p.exists() and p.stat().st_size > 0 for p in paths)


# One sub-package of syllabus.demos per topic; modules starting with "_" hold shared pieces.
FOLDERS = {"evaluation": "evaluation", "linear": "linear", "kernels-svm": "svm",
           "trees-neighbours": "trees", "neural-networks": "neural_networks",
           "optimisation": "optimisation", "cnn": "cnn", "rnn": "rnn", "attention": "attention",
           "unsupervised": "unsupervised", "generative": "generative",
           "paradigms": "paradigms", "rl": "rl", "theory": "theory"}


def test_demos_live_in_their_topic_folder_and_import_no_other_demo():
    import ast
    import importlib

    demo_modules = {d.func.__module__ for d in SHIPPED}
    for demo in SHIPPED:
        assert demo.func.__module__.split(".")[2] == FOLDERS[demo.topic], demo.name
    for module_name in demo_modules:
        tree = ast.parse(open(importlib.import_module(module_name).__file__).read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                package = module_name.rsplit(".", 1)[0]
                target = (node.module if node.level == 0 else
                          package.rsplit(".", node.level - 1)[0] + "." + node.module
                          if node.level > 1 else package + "." + node.module)
                assert target not in demo_modules, f"{module_name} imports the demo {target}"

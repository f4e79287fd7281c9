"""Demos of the training paradigms: metric learning, contrastive self-supervision, masked-token pre-training, few-shot."""

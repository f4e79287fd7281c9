"""Demos: auto-encoders and generative models."""

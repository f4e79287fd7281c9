"""Demos of the generative-models lecture: auto-encoders, VAEs, GANs, normalizing flows and diffusion."""

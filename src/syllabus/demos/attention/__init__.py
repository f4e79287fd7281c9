"""Demos of attention and the Transformer: the mechanism, long-range lookup, a tiny language model."""

"""Demos of the reinforcement-learning lecture: bandits, MDPs, dynamic programming, TD, DQN."""

"""Experiments over many runs: hyper-parameter sweeps on Optuna (search spaces, the study, pruning)."""

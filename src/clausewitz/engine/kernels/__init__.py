"""Numba kernels of the fast engine, one module per group of steps of the daily order."""

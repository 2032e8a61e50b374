"""Numba kernels of the fast engine, one module per mechanism of the daily order (as in
:mod:`clausewitz.engine.reference`)."""

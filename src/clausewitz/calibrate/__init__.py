"""Joint calibration of a scenario's uncertain parameters to the record before its knowledge
date: a hindcast from an earlier date, history matching with Gaussian-process emulators, and
the posterior written as a scenario file with basis ``calibrated`` (``clausewitz calibrate``).

:mod:`~clausewitz.calibrate.window` holds the knowledge-date guard, :mod:`.hindcast` the
hindcast and the observed targets, :mod:`.evaluate` the simulator the sweep machinery runs,
:mod:`.emulator` the emulators and implausibility, :mod:`.waves` the waves of history matching,
:mod:`.posterior` the fitted distributions and the files written, :mod:`.api` the entry point.
"""

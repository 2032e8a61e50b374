"""Preparing a scenario for the engine: the stage between the evidence and the simulation.

It samples every parameter per run from its fused estimate (:mod:`.sampling`), fixes some of
them at a point of a design (:mod:`.overrides`) and compiles the scenario with the samples
into the engine's :class:`~clausewitz.engine.plan.Plan` (:mod:`.compile`).
"""

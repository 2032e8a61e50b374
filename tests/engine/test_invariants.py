"""Invariants of every trajectory, on random scenarios and strategies (Hypothesis)."""

from __future__ import annotations

import numpy as np
from engine_helpers import make_plan
from engine_random import scenarios, strategy_pairs
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewitz.engine import fast
from clausewitz.engine.outcomes import Recording
from clausewitz.strategies import Strategies


@settings(max_examples=30)
@given(scenarios(max_days=50), strategy_pairs(), st.integers(0, 2**40))
def test_trajectory_invariants(case: tuple, strategies: Strategies, seed: int) -> None:
    scenario, _ = case
    plan = make_plan(scenario, 4, seed=seed % 1000)
    record = Recording()
    out = fast.simulate(plan, seed, strategies, observer=record)
    d = record.daily
    start = plan.forces.start_total  # (R, 2)

    # personnel conserved: start + recruits + arrivals = line + reserve + in transit
    #   + training + awaiting return + killed + wounded not returning + missing
    present = d["line"].sum(axis=3) + d["reserve"] + d["transit"] + d["training"] + d["awaiting"]
    gone = d["killed"] + d["wounded_perm"] + d["missing"]
    np.testing.assert_allclose(
        present + gone, start + d["recruits"] + d["arrivals"], rtol=0, atol=1e-6
    )
    # the wounded either returned, await return, or will not return
    np.testing.assert_allclose(
        d["wounded"], d["returned"] + d["awaiting"] + d["wounded_perm"], atol=1e-6
    )

    # no negative strengths or stocks; troops stay whole
    for name in (
        "line",
        "reserve",
        "transit",
        "training",
        "awaiting",
        "loss_today",
        "econ_reserves",
    ):
        assert np.all(d[name] >= 0.0), name
    for name in ("line", "reserve", "transit", "killed", "wounded", "missing"):
        np.testing.assert_array_equal(d[name], np.round(d[name]), err_msg=name)

    # fronts only move forward; supply satisfaction is a share
    assert np.all(np.diff(d["front"], axis=0) >= 0.0) and np.all(d["front"] >= 0.0)
    assert np.all((d["supply"] >= 0.0) & (d["supply"] <= 1.0))

    # supply never above capacity: flows within each edge's effective capacity and each
    # source's output (crisis cuts only lower it)
    assert np.all(d["edge_flow"] <= d["edge_capacity"] * (1 + 1e-9) + 1e-9)
    assert np.all(d["edge_capacity"] <= plan.logistics.edge_capacity[None] * (1 + 1e-12))
    assert np.all(d["source_flow"] <= plan.logistics.node_supply[None] * (1 + 1e-9) + 1e-9)

    # capture days consistent with the fronts
    th = plan.theatre
    T = d["front"].shape[0]
    for o in range(th.n_objectives):
        day = out.fall_day[:, o]
        for r in range(plan.n_runs):

            def frontal(t: int, r: int = r, o: int = o) -> bool:
                return bool(d["front"][t, r, th.objective_sector[o]] >= th.objective_depth[r, o])

            def enveloped(t: int, r: int = r, o: int = o) -> bool:
                conds = [
                    k for k in range(th.encircle_sector.shape[1]) if th.encircle_sector[o, k] >= 0
                ]
                return bool(conds) and all(
                    d["front"][t, r, th.encircle_sector[o, k]] >= th.encircle_depth[r, o, k]
                    for k in conds
                )

            # the front reaching an objective takes it at once; envelopment only with its
            # hazard, so an enveloped objective may still stand
            if day[r] >= 0:
                assert frontal(day[r]) or enveloped(day[r])
                assert day[r] == 0 or not frontal(day[r] - 1)
            else:
                assert not frontal(T - 1)

    # no day moves a front further than the larger of the advance cap and a break's cap
    step = np.diff(d["front"], axis=0, prepend=0.0)
    bound = np.maximum(plan.combat.advance_cap, plan.combat.fallback_cap)[None, :, None]
    assert np.all(step <= bound * (1 + 1e-12) + 1e-12)

    # a ceasefire freezes the fronts and stops the losses from the next day on
    for r in range(plan.n_runs):
        c = out.ceasefire_day[r]
        if c >= 0:
            assert np.all(d["front"][c + 1 :, r] == d["front"][c, r])
            assert np.all(d["loss_today"][c + 1 :, r] == 0)
    # crisis and fall days never change once set
    assert np.all(np.diff(d["crisis_day"], axis=0)[d["crisis_day"][:-1] >= 0] == 0)
    assert np.all(np.diff(d["fall_day"], axis=0)[d["fall_day"][:-1] >= 0] == 0)

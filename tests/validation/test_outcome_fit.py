"""The engine's break rule fitted to who won CDB90's training battles, and its scoring."""

from __future__ import annotations

import json

import numpy as np
import pytest

from clausewitz.cli.main import run
from clausewitz.scenario.defaults import DEFAULTS
from clausewitz.validation.calibration import FITTED, OUTCOME_FIT_SETTINGS
from clausewitz.validation.datasets import load_cdb90
from clausewitz.validation.engagements import (
    TABLE_FORCE_RATIOS,
    base_plan,
    odds_table,
    simulate_cases,
)
from clausewitz.validation.grid_choice import cross_validate, forward_validate
from clausewitz.validation.outcome_fit import (
    fit_outcomes,
    form_mask,
    threshold_parameters,
)
from clausewitz.validation.scoring import bootstrap_scores, brier, log_loss
from clausewitz.validation.split import train_test

ATTRITION = {
    k: v
    for k, v in FITTED.items()
    if not k.startswith("breakpoint") and k != "engagement-effectiveness-sigma"
}
SMALL = {
    "runs": 20,
    "seed": 3,
    "folds": 3,
    "exponents": (0.0, 0.25),
    "sigmas": (0.0, 0.75),
    "cea_kappas": (0.0, 1.0),
}
# the small fit at this seed (the engine is deterministic): log loss over (kappa, sigma, CEA
# scale), the choice and each form's cross-validated log loss
REGRESSION_GRID = [[[0.81834, 0.66783], [0.697, 0.60034]], [[0.81132, 0.63642], [0.7098, 0.60417]]]
REGRESSION_CHOICE = ("heterogeneity", 0.0, 0.75, 1.0)
FITTED_FORM = "force_ratio"
"""The form 5-fold cross-validation chose with :data:`OUTCOME_FIT_SETTINGS` (the defaults)."""
REGRESSION_CV = {"loss_fraction": 0.66783, "force_ratio": 0.63642, "heterogeneity": 0.61011}
REGRESSION_FORWARD = {"loss_fraction": 0.6941, "force_ratio": 0.6941, "heterogeneity": 0.60955}


@pytest.fixture(scope="module")
def train() -> object:
    return train_test(load_cdb90().frame)[0]


@pytest.fixture(scope="module")
def small_fit(train: object) -> object:
    return fit_outcomes(train, ATTRITION, **SMALL)  # type: ignore[arg-type]


def test_the_fit_reproduces_itself_on_a_fixed_seed(train: object, small_fit: object) -> None:
    again = fit_outcomes(train, ATTRITION, **SMALL)  # type: ignore[arg-type]
    assert again.to_dict() == small_fit.to_dict()  # type: ignore[attr-defined]


def test_the_fit_regression_values(small_fit: object) -> None:
    fit = small_fit.to_dict()  # type: ignore[attr-defined]
    # thresholds are the censored fit of the training battles' loss fractions (the defaults)
    for name, value in fit["thresholds"].items():
        assert value == pytest.approx(FITTED[name], rel=5e-4), name
    # the grid's scores at this seed, exact to a tolerance (the engine is deterministic)
    ll = np.asarray(fit["grid"]["train_log_loss"])
    assert ll.shape == (2, 2, 2)
    np.testing.assert_allclose(ll, REGRESSION_GRID, atol=5e-5)
    assert (
        fit["form"],
        fit["breakpoint-force-ratio-exponent"],
        fit["engagement-effectiveness-sigma"],
        fit["cea_kappa"],
    ) == REGRESSION_CHOICE
    assert fit["scheme"] == "random"
    for form, value in REGRESSION_CV.items():
        assert fit["cv"][form]["log_loss"] == pytest.approx(value, abs=5e-5), form
        assert fit["cv_by_scheme"]["random"][form] == fit["cv"][form]
    for form, value in REGRESSION_FORWARD.items():
        got = fit["cv_by_scheme"]["forward"][form]["log_loss"]
        assert got == pytest.approx(value, abs=5e-5), form


def test_the_chosen_point_minimises_the_training_log_loss_within_its_form(
    small_fit: object,
) -> None:
    fit = small_fit  # type: ignore[assignment]
    ll = fit.train_log_loss  # type: ignore[attr-defined]
    allowed = form_mask(fit.form, fit.exponents, fit.sigmas)  # type: ignore[attr-defined]
    i = fit.exponents.index(fit.exponent)  # type: ignore[attr-defined]
    h = fit.sigmas.index(fit.sigma)  # type: ignore[attr-defined]
    j = fit.cea_kappas.index(fit.cea_kappa)  # type: ignore[attr-defined]
    assert ll[i, h, j] == np.min(ll[allowed])
    # the chosen form's cross-validated log loss is the lowest
    cv = fit.cv  # type: ignore[attr-defined]
    assert cv[fit.form]["log_loss"] == min(c["log_loss"] for c in cv.values())


def test_forms_fix_what_they_do_not_leave_free() -> None:
    exps, sigmas = (0.0, 0.125, 0.25), (0.0, 0.5)
    np.testing.assert_array_equal(
        form_mask("loss_fraction", exps, sigmas), [[True, False], [False, False], [False, False]]
    )
    np.testing.assert_array_equal(
        form_mask("force_ratio", exps, sigmas), [[True, False], [True, False], [True, False]]
    )
    assert form_mask("heterogeneity", exps, sigmas).all()


@pytest.mark.refit
def test_the_default_force_ratio_exponent_is_the_fit(train: object) -> None:
    fit = fit_outcomes(train, ATTRITION, **OUTCOME_FIT_SETTINGS)  # type: ignore[arg-type]
    assert fit.exponent == FITTED["breakpoint-force-ratio-exponent"]
    assert fit.sigma == FITTED["engagement-effectiveness-sigma"]
    assert DEFAULTS["breakpoint-force-ratio-exponent"].value == fit.exponent
    assert DEFAULTS["engagement-effectiveness-sigma"].value == fit.sigma
    assert fit.form == FITTED_FORM
    assert fit.cv[FITTED_FORM]["log_loss"] == min(c["log_loss"] for c in fit.cv.values())
    # neither scheme prefers engagement heterogeneity on the training battles (recorded in
    # docs/validation.md: random folds 0.602 vs 0.611, forward in time 0.686 vs 0.657 vs
    # the loss-fraction form's 0.640)
    for scores in fit.cv_by_scheme.values():
        assert scores["heterogeneity"]["log_loss"] > min(c["log_loss"] for c in scores.values())


def test_threshold_parameters_are_the_defaults(train: object) -> None:
    for name, value in threshold_parameters(train).items():  # type: ignore[arg-type]
        assert DEFAULTS[name].value == pytest.approx(value, rel=5e-4), name


def test_cross_validation_scores_held_out_folds_with_the_point_chosen_elsewhere() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.6).astype(float)
    good = np.where(y == 1, 0.8, 0.3)
    p = np.stack([np.full((1, 300), 0.5), good[None, :]])  # (exponents 2, kappas 1, n)
    only_first = cross_validate(p, y, np.array([True, False]), folds=5, seed=0)
    both = cross_validate(p, y, np.array([True, True]), folds=5, seed=0)
    assert only_first["brier"] == pytest.approx(brier(np.full(300, 0.5), y))
    assert both["log_loss"] == pytest.approx(log_loss(good, y))


def test_forward_validation_scores_later_battles_with_a_choice_made_on_earlier_ones() -> None:
    # two grid points: "early" is right before 1800 and useless after, "late" the reverse;
    # forward validation chooses "early" for every later block (it was best on the past) and
    # is scored on the later battles only, where "early" is useless
    rng = np.random.default_rng(2)
    n = 400
    years = rng.permutation(np.linspace(1600, 1938, n))
    y = (rng.random(n) < 0.5).astype(float)
    old = years < 1700
    early = np.where(old, np.where(y == 1, 0.9, 0.1), 0.5)
    late = np.where(old, 0.5, np.where(y == 1, 0.7, 0.3))
    p = np.stack([early, late])[:, None, :]  # (2 points, 1, n)
    both = np.array([True, True])
    out = forward_validate(p, y, both, years, blocks=4)
    scored = years >= np.sort(years)[n // 4]
    assert out["log_loss"] == pytest.approx(log_loss(early[scored], y[scored]))
    assert out["brier"] == pytest.approx(brier(early[scored], y[scored]))
    # random folds see the late battles too and choose "late" where it wins
    assert cross_validate(p, y, both, folds=4, seed=0)["log_loss"] < out["log_loss"]
    with pytest.raises(ValueError, match="2 blocks"):
        forward_validate(p, y, both, years, blocks=1)


def test_bootstrap_intervals_contain_the_scores_and_pair_the_differences() -> None:
    rng = np.random.default_rng(1)
    y = (rng.random(400) < 0.5).astype(float)
    forecasts = {"coin": np.full(400, 0.5), "sharp": np.where(y == 1, 0.9, 0.1)}
    out = bootstrap_scores(forecasts, y, n_boot=500, seed=2, against=("coin",))
    for key, p in forecasts.items():
        lo, hi = out[key]["brier"]
        assert lo <= brier(p, y) <= hi
    # the coin's Brier score is 0.25 whatever the resample: a zero-width interval
    assert out["coin"]["brier"] == pytest.approx([0.25, 0.25])
    lo, hi = out["sharp - coin"]["log_loss"]
    assert hi < 0


@pytest.fixture(scope="module")
def table() -> object:
    return odds_table(runs=400, seed=7)


def test_odds_are_monotone_in_the_force_ratio(table: object) -> None:
    p = table.p  # type: ignore[attr-defined]
    assert p.shape == (3, len(TABLE_FORCE_RATIOS))
    # common random numbers across the table: each posture's odds rise with the ratio
    assert np.all(np.diff(p, axis=1) >= 0)
    assert np.all(p[:, -1] - p[:, 0] > 0.2)
    assert np.all(table.slope > 0)  # type: ignore[attr-defined]


def test_engagement_table_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["engagement", "--table", "--posture", "hasty", "--runs", "50", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["force_ratios"] == list(TABLE_FORCE_RATIOS)
    entry = out["postures"]["hasty"]
    assert len(entry["p_attacker_success"]) == len(TABLE_FORCE_RATIOS)
    assert entry["logit_slope_ci"][0] < entry["logit_slope"] < entry["logit_slope_ci"][1]
    assert run(["engagement", "--table", "--runs", "20"]) == 0
    text = capsys.readouterr().out
    for label in ("0.5:1", "8:1", "hasty", "prepared", "fortified", "log odds rise"):
        assert label in text
    assert run(["engagement", "--table", "--attacker", "5", "--runs", "5"]) == 2
    assert run(["engagement", "--runs", "5"]) == 2


def test_engagement_heterogeneity_pulls_lopsided_odds_towards_even() -> None:
    # the same engagements (common random numbers) with and without heterogeneity: an attacker
    # of four times the quality wins less often, one of a quarter more often
    def p(sigma: float) -> np.ndarray:
        res = simulate_cases(
            [10000.0, 10000.0, 10000.0],
            10000.0,
            quality_ratio=[4.0, 1.0, 0.25],
            runs=400,
            seed=5,
            max_days=120,
            base=base_plan({"engagement-effectiveness-sigma": sigma}),
        )
        return res.p_success

    plain, mixed = p(0.0), p(1.0)
    assert plain[0] > 0.85 and plain[2] < 0.15
    assert mixed[0] < plain[0] - 0.05
    assert mixed[2] > plain[2] + 0.05
    assert mixed[2] < mixed[1] < mixed[0]  # the order stays

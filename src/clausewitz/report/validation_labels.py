"""The words the validation report uses for the summary's keys (``docs/validation.md`` names
the keys; a reader of the page should not need to): forecasters, engine calibrations, fitted
coefficients, Helmbold's checks, table columns, each with its unit where it has one."""

from __future__ import annotations

#: Each CDB90 forecaster: a label for tables (what it reads) and its key in the JSON summary.
FORECASTERS: dict[str, str] = {
    "model": "logistic fit: force ratio, posture, CEA, terrain",
    "base_rate": "base rate: the training battles' share of successes",
    "force_ratio": "logistic fit: force ratio alone",
    "engagement": "engine, defaults (reads CEA as quality)",
    "engagement_modern": "engine, previous defaults (reads CEA as quality)",
    "engagement_published": "engine, published constants (reads CEA as quality)",
    "engagement_a_priori": "engine a priori: only what is known before the battle (no CEA)",
}

#: Short forms of :data:`FORECASTERS` for figure legends.
SHORT: dict[str, str] = {
    "model": "logistic, all inputs",
    "base_rate": "base rate",
    "force_ratio": "logistic, force ratio",
    "engagement": "engine, defaults",
    "engagement_modern": "engine, previous defaults",
    "engagement_published": "engine, published",
    "engagement_a_priori": "engine a priori (no CEA)",
}

#: The engine's calibrations as ``engagement_odds`` and ``force_ratio_slope`` name them.
CALIBRATIONS: dict[str, str] = {
    "defaults": "engine, defaults",
    "modern": "engine, previous defaults",
    "published": "engine, published",
    "a_priori": "engine a priori (no CEA)",
}

#: The engine's runs of the Ardennes division-days (``ardennes``).
ARDENNES: dict[str, str] = {
    "engine": "engine, defaults",
    "engine_modern": "engine, previous defaults",
    "engine_published": "engine, published constants",
}

#: The estimation methods of ``clausewitz fit``.
METHODS: dict[str, str] = {
    "ls": "least squares",
    "poisson": "Poisson likelihood",
    "negbin": "negative-binomial likelihood",
}

#: Helmbold's findings on breakpoints, as shares of battles.
HELMBOLD: dict[str, str] = {
    "winning_defenders_lost_20pct_or_less": "winning defenders that lost 20% or less",
    "failing_attackers_lost_under_40pct": "failing attackers that lost under 40%",
    "losing_defenders_lost_40pct_or_less": "losing defenders that lost 40% or less",
}

#: The engine's attrition constants fitted to the Ardennes division-days, with units.
ATTRITION: dict[str, str] = {
    "k_assault": "k_assault: defender's losses in an assault (per day)",
    "k_hold": "k_hold: attacker's losses in an assault (per day)",
    "attrition_exponent_enemy": "phi2: exponent on the firing side's strength",
    "attrition_exponent_own": "phi1: exponent on the losing side's own strength",
}

#: Columns of the law comparison (``clausewitz fit``'s table).
LAW_COLUMNS: dict[str, str] = {
    "law": "law",
    "n_params": "parameters",
    "loglik": "log-likelihood",
    "aic": "AIC",
    "bic": "BIC",
    "delta_aic": "AIC above the best",
    "delta_bic": "BIC above the best",
}


def forecaster(key: str) -> str:
    """The table label of a forecaster, an engine calibration or an Ardennes run."""
    return (
        FORECASTERS.get(key) or ARDENNES.get(key) or CALIBRATIONS.get(key) or key.replace("_", " ")
    )


def named_in(texts: list[str]) -> list[str]:
    """The keys of forecasters, calibrations and Ardennes runs that ``texts`` name in
    brackets (``(engagement_a_priori, Brier ...``, ``Force ratio (published)``), in order."""
    keys = [*FORECASTERS, *ARDENNES, *CALIBRATIONS]
    return [k for k in keys if any(f"({k})" in t or f"({k}," in t for t in texts)]


def short(key: str) -> str:
    """The legend label of a forecaster (or of a calibration)."""
    return SHORT.get(key) or CALIBRATIONS.get(key) or key.replace("_", " ")


def coefficient(name: str) -> str:
    """A recovery study's coefficient (``x.kills``, ``y.a``, ...) in words: side X's losses
    are drawn with mean ``k_Y * Y^a * X^b`` and Y's with ``k_X * X^a * Y^b``
    (:mod:`clausewitz.fitting.simulate`)."""
    side, _, what = name.partition(".")
    s = side.upper()
    words = {
        "kills": f"{s}'s kill rate k",
        "a": f"{s}'s fire: exponent a on {s}'s strength",
        "b": f"{s}'s fire: exponent b on the target's strength",
    }
    return words.get(what, name)


def quantile(q: float) -> str:
    """``0.25`` -> ``25%``."""
    return f"{100 * q:g}%"


#: The inputs whose shares of a forecaster's log odds the diagnosis reports.
DRIVERS: dict[str, str] = {
    "log_force_ratio": "share: log force ratio",
    "prepared": "share: prepared defence",
    "fortified": "share: fortified defence",
    "cea": "share: CEA",
    "difficult_terrain": "share: difficult terrain",
}

#: The record's force-ratio slopes (``force_ratio_slope.record``).
RECORD_SLOPES: dict[str, str] = {
    "force_ratio_alone": "force ratio alone",
    "given_cea_posture_terrain": "given CEA, posture and terrain",
}

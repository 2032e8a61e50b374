"""``clausewitz war-endings``: how interstate wars ended, and the ceasefire base hazard it gives."""

from __future__ import annotations

import json
from typing import Any

import typer


def register(app: typer.Typer) -> None:
    """Add the ``war-endings`` command to ``app``."""

    @app.command("war-endings")
    def war_endings(
        min_age_days: int = typer.Option(
            1095, "--min-age-days", help="Condition on wars that had lasted this long."
        ),
        level: float = typer.Option(0.9, "--level", help="Level of the intervals."),
        scenario: str | None = typer.Option(
            None,
            "--scenario",
            help="Also map the rate onto this scenario's h0 through its realised hazard factor.",
        ),
        runs: int = typer.Option(500, "--runs", help="Runs simulated for the factor."),
        seed: int = typer.Option(1, "--seed", help="Seed of those runs."),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
    ) -> None:
        """Fit the hazards of settlement and victory of the Correlates of War interstate wars
        (competing risks, censored), conditioned on the war's age; with --scenario, the base
        hazard h0 that makes that scenario's mean realised ceasefire hazard match
        (docs/ceasefire.md).

        Example: [bold]clausewitz war-endings --min-age-days 1095 --scenario pokrovsk-2025[/]
        """
        from clausewitz.validation.war_endings import war_endings as summarise

        out = summarise(min_age_days, level, scenario, runs=runs, seed=seed)
        if as_json:
            typer.echo(json.dumps(out, indent=2))
            return
        _print(out)


def _print(out: dict[str, Any]) -> None:
    """The text form of ``war-endings``."""
    typer.echo(
        f"COW interstate wars: {out['wars']}; conditioned on {out['min_age_days']} days of "
        f"war ({int(out['level'] * 100)}% intervals)"
    )
    for cause in ("settlement", "victory"):
        c = out[cause]
        lo, hi = c["interval"]
        s_lo, s_hi = c["weibull_shape_interval"]
        typer.echo(
            f"  {cause:<10} {c['events']} of {c['wars_at_risk']} wars in "
            f"{c['exposure_days']:,.0f} war-days: {c['rate_per_day']:.3g}/day "
            f"[{lo:.3g}, {hi:.3g}]; Weibull shape (all wars) {c['weibull_shape_all_wars']:.2f} "
            f"[{s_lo:.2f}, {s_hi:.2f}]"
        )
    ln = out["settlement"]["lognormal"]
    typer.echo(f"  settlement log-normal: median {ln['median']:.4g}/day, sigma {ln['sigma']:.3f}")
    for x in out["links"]:
        lo, hi = x["interval"]
        typer.echo(
            f"  settlement hazard ratio, {x['covariate']}: {x['hazard_ratio']:.2f} "
            f"[{lo:.2f}, {hi:.2f}]"
        )
    if "scenario" in out:
        sc = out["scenario"]
        typer.echo(
            f"  {sc['name']}: realised factor M = {sc['realised_factor']:.3f} "
            f"({sc['runs']} runs, seed {sc['seed']}); h0 = {ln['median']:.4g} / "
            f"{sc['realised_factor']:.3f} = {sc['h0_median']:.4g}/day, sigma {sc['h0_sigma']:.3f}"
        )

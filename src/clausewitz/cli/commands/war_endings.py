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
        from clausewitz.errors import UserError
        from clausewitz.fitting.war_termination import (
            fit_cause,
            rate_after_age,
            read_interstate_wars,
            settlement_links,
        )

        if not 0.0 < level < 1.0:
            raise UserError(f"--level must be between 0 and 1, got {level:g}")
        if min_age_days < 0:
            raise UserError(f"--min-age-days must be 0 or more, got {min_age_days}")
        if runs < 1:
            raise UserError(f"--runs must be at least 1, got {runs}")
        wars = read_interstate_wars()
        longest = max(w.days for w in wars)
        if min_age_days >= longest:
            raise UserError(
                f"--min-age-days {min_age_days}: no war lasted longer (the longest: {longest} days)"
            )
        out: dict[str, Any] = {"wars": len(wars), "min_age_days": min_age_days, "level": level}
        for cause in ("settlement", "victory"):
            r = rate_after_age(wars, cause, min_age_days, level=level)
            w = fit_cause(wars, cause)
            out[cause] = {
                "wars_at_risk": len(r.wars),
                "events": r.events,
                "exposure_days": r.exposure_days,
                "rate_per_day": r.rate,
                "interval": list(r.ci),
                "lognormal": dict(zip(("median", "sigma"), r.lognormal, strict=True)),
                "weibull_shape_all_wars": w.shape,
                "weibull_shape_interval": list(w.shape_interval(level)),
            }
        out["links"] = [
            {"covariate": x.covariate, "hazard_ratio": x.hazard_ratio, "interval": list(x.ci)}
            for x in settlement_links(wars, level=level)
        ]
        if scenario is not None:
            from clausewitz.scenario.loader import load_scenario
            from clausewitz.validation.hazard_scale import realised_hazard_scale

            loaded = load_scenario(scenario)
            if loaded.scenario.negotiation is None:
                raise UserError(f"scenario {scenario!r} has no 'negotiation' section")
            scale = realised_hazard_scale(loaded, runs=runs, seed=seed)
            median, sigma = out["settlement"]["lognormal"].values()
            out["scenario"] = {
                "name": loaded.scenario.meta.name,
                "runs": runs,
                "seed": seed,
                "realised_factor": scale.exposure_weighted,
                "h0_median": median / scale.exposure_weighted,
                "h0_sigma": sigma,
            }
        if as_json:
            typer.echo(json.dumps(out, indent=2))
            return
        typer.echo(
            f"COW interstate wars: {len(wars)}; conditioned on {min_age_days} days of war "
            f"({int(level * 100)}% intervals)"
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
        typer.echo(
            f"  settlement log-normal: median {ln['median']:.4g}/day, sigma {ln['sigma']:.3f}"
        )
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
                f"({runs} runs, seed {seed}); h0 = {ln['median']:.4g} / {sc['realised_factor']:.3f}"
                f" = {sc['h0_median']:.4g}/day, sigma {sc['h0_sigma']:.3f}"
            )

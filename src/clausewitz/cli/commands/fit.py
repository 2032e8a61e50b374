"""``clausewitz fit SERIES.csv --law LAW``: Lanchester coefficients from a loss series."""

from __future__ import annotations

import json
from typing import Any

import typer


def register(app: typer.Typer) -> None:
    """Add the ``fit`` command to ``app``."""

    @app.command("fit")
    def fit(
        series: str = typer.Argument(
            ...,
            help="CSV with columns t, x, y and x_reinforcements, y_reinforcements "
            "(or x_losses, y_losses).",
        ),
        law: str = typer.Option(
            ..., "--law", help="square, linear, logarithmic, generalised, or 'all'."
        ),
        method: str = typer.Option(
            "all", "--method", help="ls, poisson, negbin, or 'all' (default)."
        ),
        level: float = typer.Option(0.95, "--level", help="Confidence level of the intervals."),
        boot: int = typer.Option(
            999, "--boot", help="Bootstrap resamples for the least-squares intervals."
        ),
        seed: int = typer.Option(0, "--seed", help="Seed of the bootstrap."),
        as_json: bool = typer.Option(False, "--json", help="Print the fits as JSON."),
    ) -> None:
        """Fit a Lanchester law to a daily (or hourly) loss series: least squares on the
        losses (pairs-bootstrap intervals) and maximum likelihood with a Poisson or negative
        binomial count model (profile-likelihood intervals), then rank every law by AIC and
        BIC within each method.

        x.kills is the coefficient with which x kills y: E[y's losses] = x.kills * x^a * y^b
        per unit of t.

        Example: [bold]clausewitz fit examples/battles/ardennes_totals.csv --law generalised
        --method negbin --json[/]
        """
        from clausewitz.battle.spec import LAWS
        from clausewitz.fitting import compare_laws, read_series

        laws, methods = _choices(law, method, level, boot)
        data = read_series(series)
        comparison = compare_laws(
            data,
            LAWS,
            methods,  # type: ignore[arg-type]
            level=level,
            n_boot=boot,
            seed=seed,
            intervals=laws,
        )
        chosen = [f for f in comparison.fits if f.law in laws]
        if as_json:
            out: dict[str, Any] = {
                "series": series,
                "n_steps": data.n_steps,
                "fits": [f.to_dict() for f in chosen],
                **{k: v for k, v in comparison.to_dict().items() if k != "fits"},
            }
            typer.echo(json.dumps(out, indent=2, allow_nan=False))
            return
        _print(series, data.n_steps, level, chosen, comparison, methods)


def _choices(
    law: str, method: str, level: float, boot: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The laws and methods asked for, with the options checked."""
    from clausewitz.battle.spec import LAWS
    from clausewitz.errors import UserError
    from clausewitz.fitting import METHODS

    if not 0.0 < level < 1.0:
        raise UserError(f"--level must be between 0 and 1, got {level:g}")
    if boot < 19:
        raise UserError(f"--boot must be at least 19, got {boot}")
    if law != "all" and law not in LAWS:
        raise UserError(f"unknown law {law!r}; choose one of {', '.join(LAWS)} or 'all'")
    if method != "all" and method not in METHODS:
        raise UserError(f"unknown method {method!r}; choose one of {', '.join(METHODS)} or 'all'")
    laws = tuple(LAWS) if law == "all" else (law,)
    return laws, tuple(METHODS) if method == "all" else (method,)


def _print(
    series: str,
    n_steps: int,
    level: float,
    chosen: list[Any],
    comparison: Any,
    methods: tuple[str, ...],
) -> None:
    """The fitted coefficients and the laws ranked, as text tables."""
    from clausewitz.validation.tables import emit_rows

    rows = []
    for f in chosen:
        for side in (f.x, f.y):
            rows.append(
                {
                    "law": f.law,
                    "method": f.method,
                    "side": f"{side.side} kills",
                    "kills": side.kills.value,
                    "kills lo": side.kills.lower,
                    "kills hi": side.kills.upper,
                    "a": side.a.value,
                    "a lo": side.a.lower,
                    "a hi": side.a.upper,
                    "b": side.b.value,
                    "b lo": side.b.lower,
                    "b hi": side.b.upper,
                    "alpha": side.dispersion,
                }
            )
    emit_rows(
        rows,
        list(rows[0]),
        title=f"{series}: {n_steps} steps, {level:.0%} intervals",
        echo=typer.echo,
    )
    for m in methods:
        emit_rows(
            comparison.table(m),
            ["law", "n_params", "loglik", "aic", "bic", "delta_aic", "delta_bic"],
            title=f"laws compared ({m}): best AIC {comparison.best(m, 'aic')}, "
            f"best BIC {comparison.best(m, 'bic')}",
            echo=typer.echo,
        )

"""``clausewitz engagement``: the engine's odds for one attack on one defended position."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from clausewitz.cli.options import Json, Seed

Attacker = Annotated[float | None, typer.Option("--attacker", help="Attacking troops.")]
Defender = Annotated[
    float | None,
    typer.Option("--defender", help="Defending troops (with --table: 10,000 unless given)."),
]
Posture = Annotated[
    str | None,
    typer.Option(
        "--posture",
        help="Defender's posture: hasty, prepared or fortified (with --table: all three "
        "unless given).",
    ),
]
OddsTable = Annotated[
    bool,
    typer.Option(
        "--table",
        help="Odds at force ratios 0.5, 1, 2, 3, 4, 6 and 8 to 1 (attacker = ratio x "
        "defender) instead of one engagement, with the slope of the log odds on the log "
        "force ratio.",
    ),
]
Terrain = Annotated[
    str, typer.Option("--terrain", help="open, mixed, forest, urban, rough or river.")
]
QualityRatio = Annotated[
    float, typer.Option("--quality-ratio", help="Attacker's quality (CEV) over the defender's.")
]
Runs = Annotated[int, typer.Option("--runs", help="Engagements simulated.")]
MaxDays = Annotated[int, typer.Option("--max-days", help="Time limit, days.")]
Calibration = Annotated[
    str,
    typer.Option(
        "--calibration",
        help="Engine constants: 'defaults' (attrition fitted to the Ardennes, breakpoints "
        "to CDB90 before 1939), 'modern' (the previous defaults: thresholds fitted to CDB90 "
        "1939-1982, no force-ratio term) or 'published' (QJM rates, Helmbold's "
        "breakpoints); see docs/validation.md.",
    ),
]


def _check(posture: str | None, runs: int, seed: int, max_days: int) -> None:
    """Options that are out of range, refused before any simulation."""
    from clausewitz.errors import UserError
    from clausewitz.validation.engagements import POSTURES

    if posture is not None and posture not in POSTURES:
        raise UserError(f"unknown posture {posture!r}; choose one of {', '.join(POSTURES)}")
    if runs < 1 or runs > 10_000_000:
        raise UserError("--runs must be between 1 and 10,000,000")
    if not 0 <= seed < 2**63:
        raise UserError("--seed must be in [0, 2**63)")
    if max_days < 1:
        raise UserError("--max-days must be at least 1")


def register(app: typer.Typer) -> None:
    """Add the ``engagement`` command to ``app``."""

    @app.command("engagement")
    def engagement(
        attacker: Attacker = None,
        defender: Defender = None,
        posture: Posture = None,
        table: OddsTable = False,
        terrain: Terrain = "open",
        quality_ratio: QualityRatio = 1.0,
        runs: Runs = 1000,
        seed: Seed = 0,
        max_days: MaxDays = 30,
        calibration: Calibration = "defaults",
        as_json: Json = False,
    ) -> None:
        """Run the engine's own engagement (attrition and breakpoints in one sector, until one
        side breaks or the time limit) many times and report the probability that the
        attacker succeeds, each side's loss fraction (median and 90% interval) and the
        duration.

        Example: [bold]clausewitz engagement --attacker 30000 --defender 10000
        --posture prepared --json[/]; [bold]clausewitz engagement --table[/]
        """
        from clausewitz.errors import UserError
        from clausewitz.validation.calibration import overrides
        from clausewitz.validation.engagements import POSTURES, engagement_odds

        _check(posture, runs, seed, max_days)
        if table:
            if attacker is not None:
                raise UserError("--table sets the attacker from the force ratio; drop --attacker")
            _table(
                defender=10000.0 if defender is None else defender,
                postures=POSTURES if posture is None else (posture,),
                terrain=terrain,
                quality_ratio=quality_ratio,
                runs=runs,
                seed=seed,
                max_days=max_days,
                calibration=calibration,
                as_json=as_json,
            )
            return
        if attacker is None or defender is None or posture is None:
            raise UserError("give --attacker, --defender and --posture (or --table)")
        result = engagement_odds(
            attacker,
            defender,
            posture,
            terrain=terrain,
            quality_ratio=quality_ratio,
            runs=runs,
            seed=seed,
            max_days=max_days,
            overrides=overrides(calibration),
        )
        result["inputs"]["calibration"] = calibration
        if as_json:
            typer.echo(json.dumps(result, indent=2))
            return
        _print_one(result, attacker / defender, posture, terrain, calibration)


def _print_one(
    result: dict[str, Any], ratio: float, posture: str, terrain: str, calibration: str
) -> None:
    """Print one engagement's odds, losses, duration and who broke."""
    from clausewitz.validation.tables import emit_rows

    runs, max_days = result["inputs"]["runs"], result["inputs"]["max_days"]
    lo, hi = result["p_attacker_success_ci"]
    typer.echo(
        f"P(attacker succeeds) = {result['p_attacker_success']:.3f} "
        f"(95% interval {lo:.3f}-{hi:.3f}, {runs} runs; force ratio "
        f"{ratio:.3g}, {posture}, {terrain}, calibration {calibration})"
    )
    rows = [
        {"quantity": name.replace("_", " "), **result[name]}
        for name in ("attacker_loss_fraction", "defender_loss_fraction", "duration_days")
    ]
    emit_rows(rows, ["quantity", "median", "p05", "p95"], echo=typer.echo)
    shares = (
        result["share_attacker_broke"],
        result["share_defender_broke"],
        result["share_time_limit"],
    )
    both = " (both sides can break on the same day)" if sum(shares) > 1.0 + 1e-9 else ""
    typer.echo(
        f"attacker broke in {shares[0]:.1%} of runs, defender in {shares[1]:.1%}, nobody "
        f"within {max_days} days in {shares[2]:.1%}{both}"
    )


def _table(
    *,
    defender: float,
    postures: tuple[str, ...],
    terrain: str,
    quality_ratio: float,
    runs: int,
    seed: int,
    max_days: int,
    calibration: str,
    as_json: bool,
) -> None:
    """Print ``clausewitz engagement --table``."""
    from clausewitz.errors import UserError
    from clausewitz.validation.calibration import overrides
    from clausewitz.validation.engagements import odds_table
    from clausewitz.validation.tables import emit_rows

    if not (quality_ratio > 0 and quality_ratio < float("inf")):
        raise UserError("--quality-ratio must be positive")
    result = odds_table(
        postures=postures,
        defender=defender,
        terrain=terrain,
        quality_ratio=quality_ratio,
        runs=runs,
        seed=seed,
        max_days=max_days,
        overrides=overrides(calibration),
    )
    summary = result.to_dict()
    summary["inputs"] = {
        "defender": defender,
        "terrain": terrain,
        "quality_ratio": quality_ratio,
        "seed": seed,
        "max_days": max_days,
        "calibration": calibration,
    }
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    rows = [
        {
            "force ratio": f"{ratio:g}:1",
            **{posture: float(result.p[i, j]) for i, posture in enumerate(result.postures)},
        }
        for j, ratio in enumerate(result.ratios)
    ]
    emit_rows(
        rows,
        ["force ratio", *result.postures],
        title=(
            f"P(attacker succeeds), {runs} runs each ({terrain}, quality ratio "
            f"{quality_ratio:g}, calibration {calibration}, defender {defender:g})"
        ),
        echo=typer.echo,
    )
    for posture, entry in summary["postures"].items():
        lo, hi = entry["logit_slope_ci"]
        typer.echo(
            f"{posture}: log odds rise {entry['logit_slope']:.2f} per unit of log force ratio "
            f"(95% interval {lo:.2f}-{hi:.2f})"
        )

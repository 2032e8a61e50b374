"""``clausewitz battle FILE.yaml``: a deterministic Lanchester battle with phases."""

from __future__ import annotations

import json

import typer


def register(app: typer.Typer) -> None:
    """Add the ``battle`` command to ``app``."""

    @app.command("battle")
    def battle(
        file: str = typer.Argument(..., help="A battle file (YAML): law, x, y, step, phases."),
        as_json: bool = typer.Option(
            False, "--json", help="Print {trajectory: [{t, x, y}...], final: {x, y}} as JSON."
        ),
        every_step: bool = typer.Option(
            False, "--every-step", help="Print every integration step, not only phase ends."
        ),
    ) -> None:
        """Integrate a deterministic Lanchester battle (square, linear, logarithmic or
        generalised law) step by step, with reinforcements arriving phase by phase.

        Prints t, x and y at the start, at the end of each phase and at the end.

        Example: [bold]clausewitz battle examples/battles/iwo_jima.yaml --json[/]
        """
        from clausewitz.battle import load_battle, simulate

        result = simulate(load_battle(file))
        if as_json:
            typer.echo(json.dumps(result.to_dict(every_step=every_step), indent=2))
            return
        names = result.phase_names
        rows = result.trajectory if every_step else tuple(result.phase_ends())
        typer.echo(
            f"{'phase':<24}{'t (' + result.step + ')':>12}{result.x_name:>16}{result.y_name:>16}"
        )
        for p in rows:
            label = "start" if p.phase == 0 else names[p.phase - 1]
            typer.echo(f"{label[:23]:<24}{p.t:>12g}{p.x:>16.7g}{p.y:>16.7g}")
        f = result.final
        typer.echo(
            f"final: t={f.t:g} {result.step}s, {result.x_name}={f.x:.7g}, {result.y_name}={f.y:.7g}"
        )

"""Deterministic Lanchester integration in discrete steps, with phased reinforcements.

The update is the classic explicit (forward-Euler) difference form of the general law

    dx/dt = -y.kills * y^a_y * x^b_y        dy/dt = -x.kills * x^a_x * y^b_x

(Lanchester 1916; Peterson; Bracken 1995), with the reinforcement term of Engel 1954:

    x' = max(0, x + R_x - y.kills * y^a_y * x^b_y * dt)
    y' = max(0, y + R_y - x.kills * x^a_x * y^b_x * dt)

where both losses are computed from the strengths at the start of the step and ``R`` is the
phase's reinforcement, which joins at the end of the phase's last step (``R = 0`` on the other
steps). ``dt`` is one unit of ``step`` (``phase_step: unit``) or the whole phase
(``phase_step: whole``). With a one-day step this is Engel's (1954) Iwo Jima recursion
(Lanchester 1916, *Aircraft in Warfare*) and the one in Helmbold's Iwo Jima spreadsheet (PAR
datadisk, CAA 1994).

Engineering choices (ours, not from the literature): strengths are floored at zero, and a side
at zero strength inflicts no losses (this matters only when its exponent ``a`` is 0, as in the
logarithmic law, where ``0^0`` would otherwise count as 1). A side at zero strength still
suffers losses when its own exponent ``b`` is 0 (the square law), as the update above says:
this is how Helmbold's sheet lands the first wave on Iwo Jima (US strength 0 at the step's
start, 30,000 landed, the day's losses taken from the landing), and the floor at zero keeps an
empty side empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausewitz.battle.spec import BattleSpec


@dataclass(frozen=True)
class TrajectoryPoint:
    """Strengths at time ``t`` (in units of ``step``), after ``phase`` (0 = the start)."""

    t: float
    x: float
    y: float
    phase: int

    def to_dict(self) -> dict[str, float | int]:
        return {"t": self.t, "x": self.x, "y": self.y, "phase": self.phase}


@dataclass(frozen=True)
class BattleResult:
    """A battle's trajectory: the start, then the state after every integration step."""

    trajectory: tuple[TrajectoryPoint, ...]
    step: str
    x_name: str
    y_name: str
    phase_names: tuple[str, ...]

    @property
    def final(self) -> TrajectoryPoint:
        """The state at the end of the battle."""
        return self.trajectory[-1]

    def phase_ends(self) -> list[TrajectoryPoint]:
        """The start, and the state at the end of each phase."""
        out = [self.trajectory[0]]
        for cur, nxt in zip(self.trajectory[1:], (*self.trajectory[2:], None), strict=True):
            if nxt is None or nxt.phase != cur.phase:
                out.append(cur)
        return out

    def at(self, t: float) -> TrajectoryPoint:
        """The last trajectory point at or before ``t``."""
        best = self.trajectory[0]
        for p in self.trajectory:
            if p.t <= t + 1e-9:
                best = p
        return best

    def to_dict(self, *, every_step: bool = False) -> dict[str, Any]:
        """JSON-ready: ``{"trajectory": [{"t", "x", "y"}...], "final": {"x", "y"}}`` with the
        start and each phase's end (every step with ``every_step``), plus the time unit
        (``step``), the sides' names and the phases (name and end time)."""
        points = self.trajectory if every_step else tuple(self.phase_ends())
        ends = self.phase_ends()[1:]
        return {
            "step": self.step,
            "names": {"x": self.x_name, "y": self.y_name},
            "phases": [
                {"name": name, "t_end": p.t} for name, p in zip(self.phase_names, ends, strict=True)
            ],
            "trajectory": [{"t": p.t, "x": p.x, "y": p.y} for p in points],
            "final": {"x": self.final.x, "y": self.final.y},
        }


def _power(v: float, e: float) -> float:
    if e == 0.0:
        return 1.0
    return 0.0 if v <= 0.0 else float(v**e)


def attrition(
    firer: float, target: float, kills: float, a: float, b: float, dt: float = 1.0
) -> float:
    """Losses ``kills * firer^a * target^b * dt`` inflicted in one step (0 if the firer is at
    zero strength, or the target is and ``b > 0``: see the module docstring)."""
    if firer <= 0.0:
        return 0.0
    return kills * _power(firer, a) * _power(target, b) * dt


def integrate(
    x0: float,
    y0: float,
    x_kills: float,
    y_kills: float,
    x_exponents: tuple[float, float],
    y_exponents: tuple[float, float],
    phases: Sequence[tuple[float, float, float]],
    *,
    whole_phase_steps: bool = False,
) -> list[TrajectoryPoint]:
    """Integrate a battle; ``phases`` are ``(duration, x_reinforcements, y_reinforcements)``.

    ``x_exponents = (a, b)`` are the exponents of the losses x inflicts,
    ``x.kills * x^a * y^b``. Returns the start and the state after every step.
    """
    ax, bx = x_exponents
    ay, by = y_exponents
    x, y, t = float(x0), float(y0), 0.0
    out = [TrajectoryPoint(0.0, x, y, 0)]
    for i, (duration, rx, ry) in enumerate(phases, start=1):
        if whole_phase_steps:
            steps = [float(duration)]
        else:
            n = round(duration)
            steps = [1.0] * n
        for j, dt in enumerate(steps):
            last = j == len(steps) - 1
            loss_x = attrition(y, x, y_kills, ay, by, dt)
            loss_y = attrition(x, y, x_kills, ax, bx, dt)
            x = max(0.0, x + (rx if last else 0.0) - loss_x)
            y = max(0.0, y + (ry if last else 0.0) - loss_y)
            t += dt
            out.append(TrajectoryPoint(t, x, y, i))
    return out


def simulate(spec: BattleSpec) -> BattleResult:
    """Run the battle a :class:`BattleSpec` describes."""
    phases = spec.phase_list()
    traj = integrate(
        spec.x.initial,
        spec.y.initial,
        spec.x.kills,
        spec.y.kills,
        spec.exponents_of("x"),
        spec.exponents_of("y"),
        [(p.duration, p.reinforcements.x, p.reinforcements.y) for p in phases],
        whole_phase_steps=spec.phase_step == "whole",
    )
    names = tuple(p.name or f"phase {i}" for i, p in enumerate(phases, start=1))
    return BattleResult(
        trajectory=tuple(traj),
        step=spec.step,
        x_name=spec.x.name or "x",
        y_name=spec.y.name or "y",
        phase_names=names,
    )

"""The figure of docs/ceasefire.md: how interstate wars ended, by age (matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from clausewitz.fitting.war_termination import War, cumulative_incidence

#: Age of the Russia-Ukraine war at the flagship's knowledge date (2022-02-24 to 2025-07-06).
FLAGSHIP_AGE_DAYS = 1228


def plot_cumulative_incidence(
    wars: Sequence[War], path: Path, *, marker_days: int = FLAGSHIP_AGE_DAYS
) -> None:
    """Aalen-Johansen probability of having ended by settlement and by victory, against the
    war's age in years, with the age ``marker_days`` marked; written as a PNG to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ci = cumulative_incidence(wars)
    years = ci.times / 365.25
    fig, ax = plt.subplots(figsize=(7.0, 4.2), dpi=110)
    ax.step(years, ci.victory, where="post", color="#7a1f1f", label="ended in a victory")
    ax.step(years, ci.settlement, where="post", color="#2f6690", label="ended without a victor")
    ax.step(years, ci.surviving, where="post", color="#999999", ls="--", label="still at war")
    ax.axvline(marker_days / 365.25, color="#d1793b", lw=1)
    ax.text(
        marker_days / 365.25 + 0.08, 0.55, "Russia-Ukraine\n6 Jul 2025", color="#d1793b", fontsize=8
    )
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_xlim(0, 11)
    ticks = [0, 0.25, 0.5, 1, 2, 3, 5, 10]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_ylim(0, 1)
    ax.set_xlabel("age of the war (years; linear to 1, logarithmic beyond)")
    ax.set_ylabel("probability")
    ax.set_title(f"How {len(wars)} interstate wars ended (COW v4.0, 1823-2003)", fontsize=10)
    ax.legend(loc="lower left", bbox_to_anchor=(0.36, 0.66), fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)

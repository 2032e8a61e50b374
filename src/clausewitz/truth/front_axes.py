"""The axes of the whole front, and their frontages measured on DeepState's line.

:data:`AXES_2025` cuts the front line of 3 July 2025 (the flagship's day 0) into the axes of the
bundled ``ukraine-front-2025`` scenario, north to south, each as one or more stretches
(:class:`~clausewitz.truth.frontage.Stretch`). The cut points are our choice [ENG]: points of
the line of that day between the named towns' fronts (the coordinates are vertices of the
polygon or the nearest points of it to the towns, read off with :func:`measure_axes`), so that
the stretches of the main front join end to end. The ``pokrovsk`` and ``kostiantynivka`` axes
are the flagship's four sectors (its ``west``, ``pokrovsk`` and ``rodynske`` sectors, and its
``kostiantynivka`` sector).

Re-derive the recorded values (the scenario's frontage claims cite this module)::

    python -m clausewitz.truth.front_axes            # the 3 July 2025 line
    python -m clausewitz.truth.front_axes 2024       # the 8 July 2024 line
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping

from clausewitz.truth.frontage import Measured, Stretch, measure
from clausewitz.truth.record import load_record

AXES_2025_DATE = dt.date(2025, 7, 3)
"""The DeepState file :data:`AXES_2025` is cut on."""

AXES_2025: Mapping[str, tuple[Stretch, ...]] = {
    # the Russian bridgehead in Sumy oblast, from the state border round Yunakivka and back
    "sumy": (Stretch((51.2159, 35.1371), (51.1214, 35.0470), (51.2250, 34.9502)),),
    # the two bridgeheads north of Kharkiv: Vovchansk and Hlyboke-Lyptsi
    "kharkiv": (
        Stretch((50.3488, 37.0330), (50.2458, 36.7893), (50.3357, 36.8722)),
        Stretch((50.3307, 36.4337), (50.2387, 36.5054), (50.3078, 36.4897)),
    ),
    # from where the line meets the state border north-east of Dvorichna, past Kupiansk, to
    # the front east of Borova
    "kupiansk": (Stretch((50.0167, 37.9101), (49.7476, 37.6313), (49.5027, 37.6950)),),
    # east of Borova past Lyman and Siversk to the north of Chasiv Yar
    "lyman-siversk": (Stretch((49.5027, 37.6950), (48.8614, 38.1921), (48.5908, 37.8220)),),
    # the flagship's kostiantynivka sector: Chasiv Yar to Toretsk
    "kostiantynivka": (Stretch((48.5908, 37.8220), (48.5256, 37.9119), (48.4057, 37.8466)),),
    # Toretsk west past Shcherbynivka to the east face of the Rodynske salient
    "toretsk": (Stretch((48.4057, 37.8466), (48.4277, 37.5920), (48.3975, 37.3724)),),
    # the flagship's rodynske, pokrovsk and west sectors
    "pokrovsk": (Stretch((48.3975, 37.3724), (48.2164, 37.2075), (48.0692, 36.9710)),),
    # south-west of the flagship to the Donetsk-Zaporizhzhia oblast corner near Vremivka
    "novopavlivka": (Stretch((48.0692, 36.9710), (47.9282, 36.7624), (47.8052, 36.6417)),),
    # Huliaipole and Orikhiv to the Dnipro at Kamianske
    "zaporizhzhia": (Stretch((47.8052, 36.6417), (47.4858, 35.7774), (47.5273, 35.4189)),),
    # down the Dnipro (the drained Kakhovka reservoir, then the river) past Kherson to its mouth
    "kherson": (Stretch((47.5273, 35.4189), (46.6142, 32.6787), (46.4990, 32.1000)),),
}
"""The whole front of 3 July 2025, north to south, as stretches per axis."""


AXES_2024_DATE = dt.date(2024, 7, 8)
"""The DeepState file :data:`AXES_2024` is cut on (the backtest's knowledge date)."""

AXES_2024: Mapping[str, tuple[Stretch, ...]] = {
    "kharkiv": AXES_2025["kharkiv"],  # the two bridgeheads of May 2024, cut at the same points
    "kupiansk": (Stretch((49.9957, 37.8923), (49.7932, 37.6574), (49.5623, 37.8274)),),
    "lyman-siversk": (Stretch((49.5623, 37.8274), (48.9762, 38.1059), (48.6029, 37.8618)),),
    # the flagship of 2024 (pokrovsk-2024): its kostiantynivka, rodynske, pokrovsk, west and
    # kurakhove sectors, from Chasiv Yar past Toretsk and Ocheretyne to south of Kurakhove
    "pokrovsk": (Stretch((48.6029, 37.8618), (48.2767, 37.6158), (47.8507, 37.4489)),),
    # Vuhledar and Velyka Novosilka, to the Donetsk-Zaporizhzhia oblast corner
    "vuhledar": (Stretch((47.8507, 37.4489), (47.7598, 37.2558), (47.7539, 36.6830)),),
    "zaporizhzhia": (Stretch((47.7539, 36.6830), (47.5967, 36.2771), (47.5089, 35.4169)),),
    "kherson": (Stretch((47.5089, 35.4169), (46.6142, 32.6787), (46.4990, 32.1000)),),
}
"""The whole front of 8 July 2024 (no Sumy bridgehead yet), for ``ukraine-front-2024``."""

TOWNS_2024: Mapping[str, tuple[float, float]] = {
    "kharkiv": (49.99, 36.23),
    "kupiansk": (49.71, 37.62),
    "izium": (49.21, 37.26),
    "lyman": (48.99, 37.80),
    "siversk": (48.87, 38.10),
    "vuhledar": (47.78, 37.25),
    "velyka-novosilka": (47.84, 36.83),
    "huliaipole": (47.66, 36.26),
    "orikhiv": (47.57, 35.79),
    "zaporizhzhia": (47.84, 35.14),
    "kherson": (46.64, 32.62),
}
"""The 2024 theatre's objectives off the flagship's axes (lat, lon to two decimals)."""

TOWNS_2025: Mapping[str, tuple[float, float]] = {
    "sumy": (50.92, 34.80),
    "kharkiv": (49.99, 36.23),
    "kupiansk": (49.71, 37.62),
    "izium": (49.21, 37.26),
    "lyman": (48.99, 37.80),
    "siversk": (48.87, 38.10),
    "pokrovske-dnipro": (47.98, 36.24),
    "huliaipole": (47.66, 36.26),
    "orikhiv": (47.57, 35.79),
    "zaporizhzhia": (47.84, 35.14),
    "kherson": (46.64, 32.62),
}
"""The theatre's objectives off the flagship's axes (lat, lon to two decimals, about 1 km), whose
distance from the occupied area :func:`town_depths` measures."""


def town_depths(
    date: dt.date = AXES_2025_DATE, towns: Mapping[str, tuple[float, float]] = TOWNS_2025
) -> dict[str, float]:
    """Geodesic km from each town to the occupied area on ``date`` (0 inside)."""
    record = load_record()
    return {name: record.distance_km(date, lat, lon) for name, (lat, lon) in towns.items()}


def measure_axes(
    date: dt.date = AXES_2025_DATE, axes: Mapping[str, tuple[Stretch, ...]] = AXES_2025
) -> dict[str, list[Measured]]:
    """Every stretch of every axis measured on the shipped DeepState file of ``date``."""
    polygon = load_record().polygon(date)
    return {name: [measure(polygon, s) for s in stretches] for name, stretches in axes.items()}


CUTS: Mapping[
    int, tuple[dt.date, Mapping[str, tuple[Stretch, ...]], Mapping[str, tuple[float, float]]]
] = {
    2024: (AXES_2024_DATE, AXES_2024, TOWNS_2024),
    2025: (AXES_2025_DATE, AXES_2025, TOWNS_2025),
}
"""The cut of each bundled theatre scenario, by year."""


def main(argv: list[str] | None = None) -> None:
    """Print each axis's frontage (km, smoothed; raw) and midpoint, and the towns' depths, for
    the year given (2025 by default)."""
    year = int(argv[0]) if argv else 2025
    if year not in CUTS:
        raise SystemExit(f"year must be one of {sorted(CUTS)}")
    date, axes, towns = CUTS[year]
    measured = measure_axes(date, axes)
    total = 0.0
    print(f"frontages on DeepState {date.isoformat()} (km, smoothed; raw; midpoint)")
    for name, parts in measured.items():
        km = sum(m.km for m in parts)
        raw = sum(m.raw_km for m in parts)
        total += km
        lat, lon = parts[0].midpoint
        print(f"{name:16s} {km:7.1f} {raw:7.1f}  {lat:.4f} N {lon:.4f} E")
    print(f"{'whole front':16s} {total:7.1f}")
    print("objectives' distance from the occupied area (km)")
    for name, km in town_depths(date, towns).items():
        print(f"{name:16s} {km:7.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])

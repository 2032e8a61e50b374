"""Days a side's reserve takes to reach each sector, from where it stands (docs/model.md §2).

    transit_days[side, s] = ceil(km(reserve_location, front_start[s]) / reserve-march-km-per-day)

The distance is geodesic on the WGS84 ellipsoid (pyproj); the march rate is an engineering
constant [ENG] (``clausewitz.scenario.defaults``), varied like any other. A side without a
``reserve_location`` moves its reserves the same day (0), as the engine always did.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

from clausewitz.engine.plan import SIDES
from clausewitz.errors import Diagnostic, ScenarioError
from clausewitz.scenario.schema import Scenario

_GEOD = Geod(ellps="WGS84")


def reserve_distances_km(sc: Scenario) -> NDArray[np.float64] | None:
    """(2, S) km from each side's reserve_location to each sector's front_start (0 for a side
    without a location), or None if neither side gives one. A sector without a front_start
    when a location is given is a located error."""
    S = len(sc.theatre.sectors)
    out = np.zeros((2, S))
    any_location = False
    for i, side_name in enumerate(SIDES):
        where = getattr(sc.sides, side_name).reserve_location
        if where is None:
            continue
        any_location = True
        for s, sector in enumerate(sc.theatre.sectors):
            if sector.front_start is None:
                raise ScenarioError(
                    [
                        Diagnostic(
                            "<scenario>",
                            None,
                            None,
                            f"theatre.sectors[{sector.id}].front_start",
                            f"sides.{side_name}.reserve_location is given, so every sector "
                            "needs a front_start (where its reserves march to)",
                        )
                    ]
                )
            _, _, metres = _GEOD.inv(
                where.lon, where.lat, sector.front_start.lon, sector.front_start.lat
            )
            out[i, s] = metres / 1000.0
    return out if any_location else None


def transit_days(
    distances_km: NDArray[np.float64] | None, march_km_per_day: NDArray[np.float64], n_sectors: int
) -> NDArray[np.int64]:
    """(R, 2, S) whole days of transit from the distances and each run's march rate."""
    R = march_km_per_day.shape[0]
    if distances_km is None:
        return np.zeros((R, 2, n_sectors), dtype=np.int64)
    rate = np.maximum(march_km_per_day, 1e-9)[:, None, None]
    return np.ceil(distances_km[None, :, :] / rate - 1e-9).astype(np.int64)

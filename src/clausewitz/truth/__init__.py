"""What happened: the record the backtest scores forecasts against.

:mod:`~clausewitz.truth.record` reads DeepState's occupied-territory polygons by date,
:mod:`~clausewitz.truth.geometry` measures geodesic distances and areas on them, and
:mod:`~clausewitz.truth.claims` reads the General Staff's loss claims (a claim, not a truth).
"""

from clausewitz.truth.claims import PersonnelClaims, load_personnel_claims
from clausewitz.truth.geometry import area_km2, distance_km, is_inside
from clausewitz.truth.record import OccupiedRecord, load_record

__all__ = [
    "OccupiedRecord",
    "PersonnelClaims",
    "area_km2",
    "distance_km",
    "is_inside",
    "load_personnel_claims",
    "load_record",
]

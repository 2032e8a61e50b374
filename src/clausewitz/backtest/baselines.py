"""Three naive forecasts, made only from the record up to the knowledge date and scored exactly
as the model is.

- **persistence**: the front stays where it was at the anchor (the last record not after the
  knowledge date); nothing falls and no ground is gained. A point mass (one member), so its
  CRPS is the absolute error.
- **trailing-rate ruler**: each distance shrinks at its trailing rate, measured from the last
  record at least :data:`TRAILING_DAYS` before the anchor to the anchor; its spread is that of
  the same town's past rates over windows of that length in the :data:`SPREAD_YEARS` before
  the anchor (members: the trailing rate plus each past rate's deviation from their mean). The
  region's area grows the same way. For a knowledge date of 8 July 2024 there is no weekly
  file before it, so the rate and its spread come from the full-layer snapshots (2023-05-31,
  2023-10-01, 2024-02-18) and the first weekly file: the rate is that of 18 Feb - 8 Jul 2024.
- **climatology**: the distribution of past weekly moves, from every pair of consecutive
  records before the anchor (a longer interval counts as that many weeks of its average move),
  pooled over the scenario's towns; each town then walks week by week with moves drawn from it
  (:data:`CLIMATOLOGY_MEMBERS` seeded paths). The region's weekly area gains likewise.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from clausewitz.backtest.forecast import Forecast
from clausewitz.backtest.targets import Targets

TRAILING_DAYS = 90
"""Length (days) of the window of the trailing rate, as the issue asks."""
SPREAD_YEARS = 1.0
"""[ENG] How far back the ruler looks for past rates to set its spread."""
CLIMATOLOGY_MEMBERS = 1000
"""[ENG] Random-walk paths of the climatology forecast."""


def persistence(targets: Targets) -> Forecast:
    """Nothing moves: a point mass at the anchor's distances, no fall, no gain."""
    T, D = len(targets.towns), len(targets.dates)
    dist = np.repeat(targets.anchor_distance[:, None, None], D, axis=1)
    return Forecast(
        name="persistence",
        distance=dist.reshape(T, D, 1),
        fall_day=np.full((T, 1), targets.censor),
        area_gained=np.zeros((len(targets.months), 1)),
        note=f"the front of {targets.anchor.isoformat()} stays (point mass: CRPS = absolute error)",
    )


def _past_rates(
    dates: list[dt.date], values: NDArray[np.float64], anchor: dt.date
) -> tuple[float, NDArray[np.float64], dt.date]:
    """Trailing rate (per day, of ``values`` falling) at the anchor, the past rates over windows
    of the same length ending at each record within the spread period, and where the trailing
    window starts. ``values`` is indexed like ``dates`` (all at or before the anchor)."""
    rates = []
    start_of_trailing = dates[0]
    trailing = 0.0
    since = anchor - dt.timedelta(days=round(365 * SPREAD_YEARS))
    for j, end in enumerate(dates):
        if end < since:
            continue
        earlier = [i for i, d in enumerate(dates) if d <= end - dt.timedelta(days=TRAILING_DAYS)]
        if not earlier:
            continue
        i = earlier[-1]
        rate = (values[i] - values[j]) / (end - dates[i]).days
        rates.append(rate)
        if end == anchor:
            trailing, start_of_trailing = rate, dates[i]
    return trailing, np.array(rates), start_of_trailing


def trailing_rate(targets: Targets) -> Forecast:
    """Each distance and the region's area change at their trailing rate, spread as past
    rates were."""
    hist_dates = targets.history_dates
    hd = targets.history["distance"]
    T = len(targets.towns)
    days_after = np.array([(d - targets.anchor).days for d in targets.dates], dtype=np.float64)
    members = []
    start_used = targets.anchor
    for i in range(T):
        r0, past, start_used = _past_rates(hist_dates, hd[i], targets.anchor)
        spread = past - past.mean() if past.size else np.zeros(1)
        members.append(r0 + spread)
    M = max(m.size for m in members)
    # towns with fewer past windows (none here: they share the record's dates) repeat theirs
    rates = np.stack([np.resize(m, M) for m in members])  # (T, M) km/day
    d0 = targets.anchor_distance[:, None, None]
    dist = np.maximum(0.0, d0 - rates[:, None, :] * days_after[None, :, None])
    anchor_day = targets.day(targets.anchor)
    with np.errstate(divide="ignore"):
        reach = np.where(rates > 0, targets.anchor_distance[:, None] / rates, np.inf)
    fall = np.minimum(anchor_day + reach, targets.censor)
    # area: the occupied area *grows*, so its "falling" rate is negative
    a0, past_a, _ = _past_rates(hist_dates, targets.history["area"], targets.anchor)
    area_rates = -(a0 + (past_a - past_a.mean() if past_a.size else np.zeros(1)))
    lengths = np.array([(b - a).days for a, b in targets.months], dtype=np.float64)
    area = lengths[:, None] * area_rates[None, :]
    return Forecast(
        name="trailing-rate",
        distance=dist,
        fall_day=fall,
        area_gained=area,
        note=(
            f"rate from {start_used.isoformat()} to {targets.anchor.isoformat()} "
            f"({(targets.anchor - start_used).days} days); spread of {M} past "
            f"{TRAILING_DAYS}-day rates within {SPREAD_YEARS:g} year"
        ),
    )


def _weekly_moves(
    dates: list[dt.date], values: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per-week moves between consecutive records (``values`` falling is positive) and their
    weights (the interval's length in weeks). ``values`` is (series, dates)."""
    moves, weights = [], []
    for j in range(1, len(dates)):
        weeks = (dates[j] - dates[j - 1]).days / 7.0
        if weeks <= 0:
            continue
        moves.append((values[:, j - 1] - values[:, j]) / weeks)
        weights.append(np.full(values.shape[0], weeks))
    if not moves:
        return np.zeros(1), np.ones(1)
    return np.concatenate(moves), np.concatenate(weights)


def climatology(targets: Targets, seed: int) -> Forecast:
    """Random walks of weekly moves drawn from the record before the anchor."""
    rng = np.random.default_rng([seed, 0xC11A7E])  # its own stream, keyed by the seed
    M = CLIMATOLOGY_MEMBERS
    hist_dates = targets.history_dates
    moves, w = _weekly_moves(hist_dates, targets.history["distance"])
    p = w / w.sum()
    T = len(targets.towns)
    weeks_after = np.array([(d - targets.anchor).days for d in targets.dates]) / 7.0
    n_weeks = int(np.ceil(weeks_after.max())) if weeks_after.size else 0
    steps = rng.choice(moves, size=(T, M, n_weeks), p=p)
    d0 = targets.anchor_distance
    left = d0[:, None, None] - np.cumsum(steps, axis=2)  # (T, M, weeks) at each week's end
    # a town reached is taken: from then on its distance stays 0
    reached = np.logical_or.accumulate(left <= 0.0, axis=2)
    idx = np.clip(np.rint(weeks_after).astype(int) - 1, 0, max(n_weeks - 1, 0))
    dist = np.where(reached[:, :, idx], 0.0, np.maximum(0.0, left[:, :, idx]))
    dist = np.where(weeks_after[None, None, :] <= 0, d0[:, None, None], dist)
    dist = dist.transpose(0, 2, 1)  # (T, D, M)
    first = np.where(reached.any(axis=2), reached.argmax(axis=2) + 1, np.iinfo(np.int64).max)
    anchor_day = targets.day(targets.anchor)
    fall = np.minimum(anchor_day + 7.0 * first.astype(np.float64), targets.censor)
    a_moves, a_w = _weekly_moves(hist_dates, targets.history["area"][None, :])
    lengths = np.array([(b - a).days / 7.0 for a, b in targets.months])
    area = np.empty((len(targets.months), M))
    for m, weeks in enumerate(lengths):
        n = max(1, int(np.rint(weeks)))
        draws = rng.choice(-a_moves, size=(M, n), p=a_w / a_w.sum())
        area[m] = draws.sum(axis=1) * (weeks / n)
    return Forecast(
        name="climatology",
        distance=dist,
        fall_day=fall,
        area_gained=area,
        note=(
            f"{M} weekly random walks; moves from {len(hist_dates) - 1} record intervals "
            f"{hist_dates[0].isoformat()} to {hist_dates[-1].isoformat()}, pooled over "
            f"{T} towns"
        ),
    )

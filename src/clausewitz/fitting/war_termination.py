"""How interstate wars end, and how fast: the data behind the ceasefire model's base hazard.

Reads the Correlates of War Inter-State War Data v4.0 (Sarkees & Wayman 2010; shipped under
``clausewitz/data/historical/cow_interstate_war/``, see its ``PROVENANCE.md``) into one record
per war and fits the **cause-specific hazards** of its two competing endings: *settlement*
(the war stops without a winner: COW's "compromise/tied" or "stalemate") and *victory* (one side
wins). A war that COW codes as *transformed* into another kind of war left the data without
either ending and is right-censored at its last day; so, for each cause, is every war that
ended the other way (cause-specific hazards, Prentice et al. 1978, Biometrics 34:541).

Three estimators, from the least to the most assuming:

* :func:`rate_after_age`: a constant hazard on ``[age, end)`` for wars already that old (left
  truncation: a war enters the risk set at ``age``); events / exposure, with the exact
  (Garwood) Poisson interval and the Jeffreys posterior ``Gamma(k + 1/2, exposure)``;
* :func:`fit_weibull`: a Weibull cause-specific hazard ``h(t) = (k / lam) (t / lam)^(k - 1)``
  by maximum likelihood with delayed entry; its shape ``k`` says whether the hazard rises
  (``k > 1``) or falls with the war's age;
* :func:`settlement_links`: a cause-specific Cox model (statsmodels ``PHReg``) of the
  settlement hazard on the war's intensity (battle deaths a day) and on a major power taking
  part, for the links the ceasefire model assumes.

:func:`cumulative_incidence` is the Aalen-Johansen estimator of the probability of each ending
by a given age (Aalen & Johansen 1978), for the figure in ``docs/ceasefire.md``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import digamma, polygamma
from scipy.stats import chi2, gamma, norm

F = NDArray[np.float64]
Ending = Literal["settlement", "victory", "transformed"]
Cause = Literal["settlement", "victory"]

#: COW participant outcome codes (Inter-State War codebook v4.0): 1 winner, 2 loser,
#: 3 compromise/tied, 4 transformed into another type of war, 5 ongoing at 31 Dec 2007,
#: 6 stalemate, 7 continues below war level, 8 changed sides.
SETTLEMENT_CODES = frozenset({3, 6})
TRANSFORMED_CODES = frozenset({4})
ONGOING_CODES = frozenset({5, 7})

FOLDER = "cow_interstate_war"
WAR_FILE = "Inter-StateWarData_v4.0.csv"
MAJORS_FILE = "majors2011.csv"
N_PARTICIPANT_ROWS = 337
N_WARS = 95


@dataclass(frozen=True)
class War:
    """One interstate war as COW records it (all participants pooled)."""

    number: int
    name: str
    start: date
    end: date
    ending: Ending
    battle_deaths: float
    major_power: bool
    participants: int

    @property
    def days(self) -> int:
        """Duration in days, first and last day included."""
        return (self.end - self.start).days + 1

    @property
    def deaths_per_day(self) -> float:
        """Battle deaths of all participants over the war's duration."""
        return self.battle_deaths / self.days


def data_folder() -> Path:
    """The folder of the shipped COW files."""
    return Path(str(resources.files("clausewitz"))) / "data" / "historical" / FOLDER


def _read_rows(path: Path) -> list[dict[str, str]]:
    # newline="" lets csv handle CRLF and the quoted names with commas
    with path.open(newline="", encoding="ascii") as fh:
        return list(csv.DictReader(io.StringIO(fh.read())))


def _date(row: dict[str, str], which: str, spell: int) -> date | None:
    y, m, d = (int(row[f"{which}{part}{spell}"]) for part in ("Year", "Month", "Day"))
    if y < 0:
        return None  # -8: no second spell
    return date(y, m, d)


def _major_spells(path: Path) -> dict[int, list[tuple[date, date]]]:
    spells: dict[int, list[tuple[date, date]]] = {}
    for r in _read_rows(path):
        start = date(int(r["styear"]), int(r["stmonth"]), int(r["stday"]))
        end = date(int(r["endyear"]), int(r["endmonth"]), int(r["endday"]))
        spells.setdefault(int(r["ccode"]), []).append((start, end))
    return spells


def war_ending(codes: Iterable[int]) -> Ending:
    """A war's ending from its participants' outcome codes (our reading, stated in the docs).

    Every participant "compromise/tied" or "stalemate": ``settlement``; every participant
    "transformed": ``transformed``; any winner, loser or side-changer: ``victory``.
    """
    found = set(codes)
    if found & ONGOING_CODES:
        raise ValueError(f"an ongoing war has no ending (codes {sorted(found)})")
    if found <= SETTLEMENT_CODES:
        return "settlement"
    if found <= TRANSFORMED_CODES:
        return "transformed"
    return "victory"


def read_interstate_wars(folder: Path | None = None) -> tuple[War, ...]:
    """The 95 wars of COW Inter-State War Data v4.0, in war-number order.

    A war starts on its first participant's first day and ends on its last participant's last
    day (second spells included). A participant counts as a major power if it held COW
    major-power status (``majors2011.csv``) on any day of its participation.
    """
    folder = data_folder() if folder is None else folder
    majors = _major_spells(folder / MAJORS_FILE)
    wars: dict[int, list[dict[str, str]]] = {}
    for row in _read_rows(folder / WAR_FILE):
        wars.setdefault(int(row["WarNum"]), []).append(row)
    out = []
    for number in sorted(wars):
        rows = wars[number]
        starts, ends, major = [], [], False
        for r in rows:
            s1, e1, e2 = _date(r, "Start", 1), _date(r, "End", 1), _date(r, "End", 2)
            if s1 is None or e1 is None:
                raise ValueError(f"war {number}: a participant without dates")
            e = e2 if e2 is not None else e1
            starts.append(s1)
            ends.append(e)
            major = major or any(a <= e and s1 <= b for a, b in majors.get(int(r["ccode"]), []))
        deaths = sum(max(float(r["BatDeath"]), 0.0) for r in rows)  # negative: missing
        out.append(
            War(
                number=number,
                name=rows[0]["WarName"],
                start=min(starts),
                end=max(ends),
                ending=war_ending(int(r["Outcome"]) for r in rows),
                battle_deaths=deaths,
                major_power=major,
                participants=len(rows),
            )
        )
    return tuple(out)


# ----------------------------------------------------------------------------------------------
# A constant hazard after a given age


@dataclass(frozen=True)
class RateEstimate:
    """A constant cause-specific hazard on ``[min_age_days, end)``, per day."""

    cause: Cause
    min_age_days: int
    wars: tuple[str, ...]
    """Wars at risk (those that lasted longer than ``min_age_days``)."""
    events: int
    exposure_days: float
    level: float
    ci: tuple[float, float]
    """Exact (Garwood) interval of the Poisson rate at ``level``."""

    @property
    def rate(self) -> float:
        """Maximum-likelihood hazard, events / exposure."""
        return self.events / self.exposure_days

    @property
    def posterior_shape(self) -> float:
        """Shape of the Jeffreys posterior Gamma(events + 1/2, rate = exposure)."""
        return self.events + 0.5

    def posterior_quantile(self, q: float | F) -> float | F:
        """Quantiles of the Jeffreys posterior of the hazard."""
        out: float | F = gamma.ppf(q, self.posterior_shape, scale=1.0 / self.exposure_days)
        return out

    @property
    def lognormal(self) -> tuple[float, float]:
        """``(median, sigma)`` of the log-normal with the posterior's mean and variance of the
        log hazard: ``E ln h = psi(a) - ln T``, ``Var ln h = psi'(a)``."""
        a = self.posterior_shape
        mu = float(digamma(a)) - math.log(self.exposure_days)
        return math.exp(mu), math.sqrt(float(polygamma(1, a)))


def garwood_interval(events: int, exposure: float, level: float = 0.9) -> tuple[float, float]:
    """Exact two-sided interval of a Poisson rate (Garwood 1936)."""
    alpha = 1.0 - level
    lo = 0.0 if events == 0 else float(chi2.ppf(alpha / 2, 2 * events)) / 2.0
    hi = float(chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2.0
    return lo / exposure, hi / exposure


def rate_after_age(
    wars: Sequence[War],
    cause: Cause,
    min_age_days: int = 0,
    *,
    level: float = 0.9,
    where: Callable[[War], bool] | None = None,
) -> RateEstimate:
    """The ``cause`` hazard of wars that had lasted ``min_age_days``, assumed constant after.

    Exposure is the war-days lived beyond ``min_age_days``; an event is a war past that age
    that ended by ``cause``. ``where`` selects wars (e.g. those with a major power).
    """
    at_risk = [w for w in wars if w.days > min_age_days and (where is None or where(w))]
    if not at_risk:
        raise ValueError(f"no war lasted more than {min_age_days} days")
    exposure = float(sum(w.days - min_age_days for w in at_risk))
    events = sum(w.ending == cause for w in at_risk)
    return RateEstimate(
        cause=cause,
        min_age_days=min_age_days,
        wars=tuple(w.name for w in at_risk),
        events=events,
        exposure_days=exposure,
        level=level,
        ci=garwood_interval(events, exposure, level),
    )


# ----------------------------------------------------------------------------------------------
# Weibull cause-specific hazard


@dataclass(frozen=True)
class WeibullFit:
    """``h(t) = (k / lam) (t / lam)^(k - 1)`` per day, fitted by maximum likelihood."""

    cause: str
    shape: float
    scale: float
    cov_log: F
    """Covariance of ``(ln k, ln lam)`` (inverse observed information)."""
    events: int
    n: int

    def hazard(self, t: float) -> float:
        """The hazard at age ``t`` days."""
        k, lam = self.shape, self.scale
        return k / lam * (t / lam) ** (k - 1.0)

    def shape_interval(self, level: float = 0.9) -> tuple[float, float]:
        """Wald interval of the shape on the log scale."""
        z = float(norm.ppf(0.5 + level / 2))
        s = math.sqrt(self.cov_log[0, 0])
        return self.shape * math.exp(-z * s), self.shape * math.exp(z * s)

    def hazard_interval(self, t: float, level: float = 0.9) -> tuple[float, float]:
        """Delta-method interval of ``h(t)`` on the log scale."""
        # ln h = ln k - k ln lam + (k - 1) ln t; gradient in (ln k, ln lam)
        k, lam = self.shape, self.scale
        grad = np.array([1.0 + k * (math.log(t) - math.log(lam)), -k])
        s = math.sqrt(float(grad @ self.cov_log @ grad))
        z = float(norm.ppf(0.5 + level / 2))
        h = self.hazard(t)
        return h * math.exp(-z * s), h * math.exp(z * s)


def _weibull_nll(theta: F, t: F, event: F, entry: F) -> float:
    k, lam = math.exp(theta[0]), math.exp(theta[1])
    log_h = math.log(k) - math.log(lam) + (k - 1.0) * np.log(t / lam)
    cum = (t / lam) ** k - (entry / lam) ** k
    return float(-(event * log_h).sum() + cum.sum())


def _hessian(f: Callable[[F], float], x: F, step: float = 1e-4) -> F:
    n = len(x)
    h = np.zeros((n, n))
    eye = np.eye(n) * step
    for i in range(n):
        for j in range(n):
            h[i, j] = (
                f(x + eye[i] + eye[j]) - f(x + eye[i] - eye[j])
                - f(x - eye[i] + eye[j]) + f(x - eye[i] - eye[j])
            ) / (4 * step * step)  # fmt: skip
    return h


def fit_weibull(durations: F, event: F, entry: F | None = None, *, cause: str = "") -> WeibullFit:
    """Weibull hazard of an event by maximum likelihood, right-censored and left-truncated.

    ``durations`` are ages at the event or censoring (days, > 0), ``event`` 1 where the event
    happened, ``entry`` the age at which each unit entered observation (default 0).
    """
    t = np.asarray(durations, dtype=np.float64)
    ev = np.asarray(event, dtype=np.float64)
    en = np.zeros_like(t) if entry is None else np.asarray(entry, dtype=np.float64)
    if ev.sum() < 1:
        raise ValueError("a Weibull fit needs at least one event")
    # start from the exponential fit
    x0 = np.array([0.0, math.log((t - en).sum() / ev.sum())])
    res = minimize(_weibull_nll, x0, args=(t, ev, en), method="Nelder-Mead",
                   options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 4000})  # fmt: skip
    cov = np.asarray(
        np.linalg.inv(_hessian(lambda x: _weibull_nll(x, t, ev, en), res.x)), dtype=np.float64
    )
    return WeibullFit(
        cause=cause,
        shape=math.exp(res.x[0]),
        scale=math.exp(res.x[1]),
        cov_log=cov,
        events=int(ev.sum()),
        n=len(t),
    )


def fit_cause(wars: Sequence[War], cause: Cause, min_age_days: int = 0) -> WeibullFit:
    """The Weibull ``cause``-specific hazard of the wars older than ``min_age_days``."""
    at_risk = [w for w in wars if w.days > min_age_days]
    return fit_weibull(
        np.array([w.days for w in at_risk], dtype=np.float64),
        np.array([w.ending == cause for w in at_risk], dtype=np.float64),
        np.full(len(at_risk), float(min_age_days)),
        cause=cause,
    )


# ----------------------------------------------------------------------------------------------
# Cumulative incidence (Aalen-Johansen)


@dataclass(frozen=True)
class CumulativeIncidence:
    """Probability of each ending by age ``times[i]`` (days), and of still being at war."""

    times: F
    settlement: F
    victory: F
    surviving: F


def cumulative_incidence(wars: Sequence[War]) -> CumulativeIncidence:
    """Aalen-Johansen estimates: at each ending age, the war-free survival times the share of
    the wars then at risk that ended by each cause (``transformed`` wars leave the risk set)."""
    ages = np.array([w.days for w in wars], dtype=np.float64)
    ending = np.array([w.ending for w in wars])
    times = np.unique(ages)
    surv, cif_s, cif_v = 1.0, 0.0, 0.0
    out_s, out_v, out_surv = [], [], []
    for t in times:
        n = float((ages >= t).sum())
        d_s = float(((ages == t) & (ending == "settlement")).sum())
        d_v = float(((ages == t) & (ending == "victory")).sum())
        cif_s += surv * d_s / n
        cif_v += surv * d_v / n
        surv *= 1.0 - (d_s + d_v) / n
        out_s.append(cif_s)
        out_v.append(cif_v)
        out_surv.append(surv)
    return CumulativeIncidence(times, np.array(out_s), np.array(out_v), np.array(out_surv))


# ----------------------------------------------------------------------------------------------
# Links: does the settlement hazard move with the war's cost?


@dataclass(frozen=True)
class Link:
    """A hazard ratio of the settlement hazard with its interval."""

    covariate: str
    hazard_ratio: float
    ci: tuple[float, float]
    p_value: float


def settlement_links(wars: Sequence[War], *, level: float = 0.9) -> tuple[Link, ...]:
    """Cause-specific Cox model of settlement on ``log10`` battle deaths a day and on a major
    power taking part (victories and transformations censored; Efron ties).

    At a given age a war's cumulative battle deaths are proportional to its deaths a day, so
    the first ratio also answers whether settlement comes sooner in bloodier wars.
    """
    from statsmodels.duration.hazard_regression import PHReg

    t = np.array([w.days for w in wars], dtype=np.float64)
    status = np.array([w.ending == "settlement" for w in wars], dtype=np.int64)
    x = np.column_stack(
        [
            np.log10([max(w.deaths_per_day, 1e-3) for w in wars]),
            np.array([w.major_power for w in wars], dtype=np.float64),
        ]
    )
    res = PHReg(t, x, status=status, ties="efron").fit()
    ci = np.exp(res.conf_int(alpha=1.0 - level))
    names = ("x10 battle deaths a day", "a major power takes part")
    links = []
    for i, name in enumerate(names):
        ratio = float(np.exp(res.params[i]))
        links.append(Link(name, ratio, (float(ci[i, 0]), float(ci[i, 1])), float(res.pvalues[i])))
    return tuple(links)

"""The historical data shipped with clausewitz, read into typed tables.

Every file lives under ``clausewitz/data/historical/`` (its ``README.md`` gives the origin,
licence and changes of each). Readers here keep the data as recorded; the few interpretations
needed to use them (which strength to use, what counts as the attacker's success, how a coded
terrain maps onto the engine's terrains) are stated where they are made.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clausewitz.fitting.series import LossSeries

F = NDArray[np.float64]


def data_dir() -> Path:
    """The folder of the shipped historical data."""
    return Path(str(resources.files("clausewitz"))) / "data" / "historical"


# ----------------------------------------------------------------------------------------------
# CDB90


#: CDB90's defender postures (POST1) onto the engagement command's postures. Delay (DL) and
#: withdrawal (WD) are not prepared positions, so they count as hasty; the 2 battles without a
#: posture (OO) too (our reading of the codes in CDB90DEF).
POSTURE_OF_CODE: dict[str, str] = {
    "HD": "hasty",
    "PD": "prepared",
    "FD": "fortified",
    "DL": "hasty",
    "WD": "hasty",
    "OO": "hasty",
}


def terrain_of_code(code: str) -> str:
    """CDB90's three-character terrain code (TERRA1) as one of the engine's terrains.

    Characters: relief (G rugged, R rolling, F flat), cover (W heavily wooded, M mixed, B bare,
    D desert), special (U urban, M marsh, D dunes); ``0`` unknown. The first that applies wins:
    urban -> ``urban``; marsh -> ``river`` (wet ground); rugged -> ``rough``; heavily wooded ->
    ``forest``; mixed cover -> ``mixed``; anything else -> ``open`` (our mapping).
    """
    c = (str(code) + "000")[:3].upper()
    if c[2] == "U":
        return "urban"
    if c[2] == "M":
        return "river"
    if c[0] == "G":
        return "rough"
    if c[1] == "W":
        return "forest"
    if c[1] == "M":
        return "mixed"
    return "open"


@dataclass(frozen=True)
class Battles:
    """CDB90 battles usable for validation, one row per battle (a :class:`pandas.DataFrame`).

    Columns:

    * ``isqno``, ``name``, ``war``, ``campaign``, ``year``, ``days`` (calendar days);
    * ``attacker``, ``defender``: initial strength when recorded, else total strength;
    * ``attacker_cas``, ``defender_cas``, and ``attacker_frac``, ``defender_frac``
      (casualties over strength); ``force_ratio`` (attacker over defender);
    * ``outcome``: CDB90's WINA (1 attacker won, 0 draw, -1 attacker lost); ``success``: 1 if
      the attacker won, else 0 (a draw is not a success);
    * ``posture``, ``terrain`` (see :data:`POSTURE_OF_CODE`, :func:`terrain_of_code`);
    * ``cea``: the attacker's relative combat effectiveness, -4..4 (unknown -9 read as 0);
    * ``surprise``: SURPA, -3..3 (unknown 9 read as 0).
    """

    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


@lru_cache(maxsize=1)
def _cdb90_raw() -> pd.DataFrame:
    base = data_dir() / "cdb90"
    wide = pd.read_csv(base / "CDB90-patched.csv", low_memory=False)
    durations = pd.read_csv(base / "battle_durations.csv")
    return wide.merge(durations, left_on="ISQNO", right_on="isqno", how="left")


def load_cdb90() -> Battles:
    """CDB90 battles with a known outcome, both strengths and both casualty counts.

    Uses the patched wide table (``CDB90-patched.csv``; the tidy ``battles.csv`` lost every
    negative code, including the attacker's defeats) and the dates of
    ``battle_durations.csv``. Of 660 battles, those with an unknown outcome (WINA -9), a missing
    strength or casualty count, or casualties not below the strength are left out.
    """
    d = _cdb90_raw()
    att = np.where(d["INTSTA"] > 0, d["INTSTA"], d["STRA"]).astype(float)
    dfd = np.where(d["INTSTD"] > 0, d["INTSTD"], d["STRD"]).astype(float)
    cas_a = d["CASA"].astype(float).to_numpy()
    cas_d = d["CASD"].astype(float).to_numpy()
    year = pd.to_datetime(d["datetime"], errors="coerce").dt.year
    ok = (
        d["WINA"].isin([1, 0, -1]).to_numpy()
        & (att > 0)
        & (dfd > 0)
        & (cas_a >= 0)
        & (cas_d >= 0)
        & (cas_a < att)
        & (cas_d < dfd)
        & year.notna().to_numpy()
    )
    cea = d["CEA"].where(d["CEA"].between(-4, 4), 0).astype(float)
    surprise = d["SURPA"].where(d["SURPA"].between(-3, 3), 0).astype(float)
    frame = pd.DataFrame(
        {
            "isqno": d["ISQNO"].astype(int),
            "name": d["NAME"].astype(str).str.strip(),
            "war": d["WAR"].astype(str).str.strip(),
            "campaign": d["CAMPGN"].astype(str).str.strip(),
            "year": year,
            "days": d["duration1"].astype(float),
            "attacker": att,
            "defender": dfd,
            "attacker_cas": cas_a,
            "defender_cas": cas_d,
            "attacker_frac": cas_a / att,
            "defender_frac": cas_d / dfd,
            "force_ratio": att / dfd,
            "outcome": d["WINA"].astype(int),
            "success": (d["WINA"] == 1).astype(int),
            "posture": d["POST1"].astype(str).str.strip().map(POSTURE_OF_CODE).fillna("hasty"),
            "terrain": d["TERRA1"].astype(str).map(terrain_of_code),
            "cea": cea,
            "surprise": surprise,
        }
    )[ok].reset_index(drop=True)
    frame["year"] = frame["year"].astype(int)
    frame["days"] = frame["days"].fillna(1.0)
    return Battles(frame)


# ----------------------------------------------------------------------------------------------
# PAR datadisk: Ardennes division-days (ADE) and Helmbold's Iwo Jima sheet


def _numeric_rows(path: Path, first: str = "") -> list[list[str]]:
    """CSV rows whose first cell is an integer (the data rows of a PAR sheet)."""
    text = path.read_text(encoding="latin-1")
    return [r for r in csv.reader(io.StringIO(text)) if r and r[0].strip().isdigit()]


def _float(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return float("nan")


def load_ade() -> pd.DataFrame:
    """The Ardennes Campaign Simulation Data Base as Helmbold's division-day matchups (ADE).

    One row per base unit and day (16 Dec 1944 - 16 Jan 1945): ``day``, ``side`` of the base
    unit (A, G, B), ``unit``, ``german`` and ``allied`` strengths at the day's start, their
    total battle casualties that day (``german_cas``, ``allied_cas``) and ``advance_km``, the
    opposed advance from the Allies' viewpoint (negative: the Germans advanced). Opposing units
    are counted in proportion to frontage overlap (the sheet's note 3).
    """
    rows = _numeric_rows(data_dir() / "par_datadisk" / "ADE.csv")
    frame = pd.DataFrame(
        {
            "day": [int(r[1]) for r in rows],
            "side": [r[3].strip() for r in rows],
            "unit": [r[4].strip() for r in rows],
            "german": [_float(r[5]) for r in rows],
            "allied": [_float(r[6]) for r in rows],
            "german_cas": [_float(r[7]) for r in rows],
            "allied_cas": [_float(r[8]) for r in rows],
            "advance_km": [_float(r[13]) for r in rows],
        }
    )
    ok = (
        (frame["german"] > 0)
        & (frame["allied"] > 0)
        & (frame["german_cas"] >= 0)
        & (frame["allied_cas"] >= 0)
        & frame["advance_km"].notna()
    )
    return frame[ok].reset_index(drop=True)


def load_ardennes_totals() -> LossSeries:
    """Daily campaign totals of the Ardennes, days 2-33 (the third-party transcription shipped
    as ``yiyuezhuo_Ardennes.csv``): x = Allies, y = Germans, recorded casualties per day."""
    frame = pd.read_csv(data_dir() / "ardennes" / "yiyuezhuo_Ardennes.csv", sep=r"\s+")
    return LossSeries.from_losses(
        frame["Day"],
        frame["ForcesAllies"],
        frame["ForcesGermans"],
        frame["CasualtiesAllies"],
        frame["CasualtiesGermans"],
        x_name="Allies",
        y_name="Germans",
        source="Ardennes daily totals (yiyuezhuo/lanchester-model-review)",
    )


@dataclass(frozen=True)
class IwoJimaSheet:
    """Helmbold's Iwo Jima sheet (PAR datadisk ``IWOJIMA.csv``), day 0 = D-Day, 19 Feb 1945.

    ``us_kills`` (the sheet's A) and ``japanese_kills`` (D) are per day; ``landings[i]`` and
    ``us_loss_per_day[i]`` are day ``i``'s (the losses are piecewise averages);
    ``calc_us[i]`` and ``calc_japanese[i]`` are the sheet's computed strengths at the end of
    day ``i`` (its "Calc'd" columns, the published checkpoints).
    """

    us_kills: float
    japanese_kills: float
    japanese_initial: float
    landings: F
    us_loss_per_day: F
    calc_us: F
    calc_japanese: F

    @property
    def days(self) -> int:
        return len(self.calc_us)


def load_iwo_jima() -> IwoJimaSheet:
    """Read Helmbold's Iwo Jima sheet (see :class:`IwoJimaSheet`)."""
    path = data_dir() / "par_datadisk" / "IWOJIMA.csv"
    text = path.read_text(encoding="latin-1")
    raw = list(csv.reader(io.StringIO(text)))
    params: dict[str, float] = {}
    for r in raw:
        for i, cell in enumerate(r[:-1]):
            if cell.strip() in ("A =", "D ="):
                params[cell.strip()[0]] = float(r[i + 1])
    rows = [r for r in _numeric_rows(path) if r[9].strip()]
    return IwoJimaSheet(
        us_kills=params["A"],
        japanese_kills=params["D"],
        japanese_initial=_float(rows[0][8]),
        landings=np.array([_float(r[4]) if r[4].strip() else 0.0 for r in rows]),
        us_loss_per_day=np.array([_float(r[5]) for r in rows]),
        calc_us=np.array([_float(r[9]) for r in rows]),
        calc_japanese=np.array([_float(r[10]) for r in rows]),
    )

"""History matching in waves, each wave a sweep on the project's Dask machinery.

Wave 1 evaluates a Latin hypercube of the prior; after each wave Gaussian-process emulators
are fitted to every point evaluated so far and judge a fixed set of scrambled Sobol candidates;
the next wave's points are drawn from the candidates not ruled out (the *non-implausible*
set). After the last wave a Gaussian-process emulator of each point's synthetic
log-likelihood (the record under a Gaussian with the runs' mean and covariance and the targets'
tolerances) weights the non-implausible candidates, and the posterior's equal-weight draws are
resampled from them by those weights (systematic resampling, seeded): history matching rules
out, the likelihood weighs what is left.

Every wave is a :class:`~clausewitz.sweep.execute.SweepSpec` experiment (``wave-1``, ...)
in the calibration's folder: chunks are written as they finish, so a killed calibration
resumed with the same settings recomputes only the missing chunks, and every later wave
follows deterministically from the seed and the earlier waves' results (the emulators' fits
are deterministic), so a resumed calibration ends exactly where one run in a single go does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
from numpy.typing import NDArray
from scipy.stats import qmc

from clausewitz.calibrate import settings as cs
from clausewitz.calibrate.emulator import Emulators, implausibility, second_max
from clausewitz.calibrate.evaluate import EVALUATOR, POINT
from clausewitz.calibrate.hindcast import Hindcast
from clausewitz.calibrate.priors import Priors
from clausewitz.calibrate.settings import CalibrationSettings
from clausewitz.errors import UserError
from clausewitz.sweep.execute import SweepSpec, run_sweep

F64 = NDArray[np.float64]
Progress = Callable[[int, int, str], None]
"""``progress(points_done, points_total, what)``."""

WAVES_FOLDER = "waves"


@dataclass(frozen=True)
class Wave:
    """One wave: its points, their summaries and what the emulators then ruled out."""

    index: int
    u: F64
    """(points, d) in the unit cube."""
    means: F64
    sds: F64
    loglik: F64
    """(points,) synthetic log-likelihood of the record at each point."""
    non_implausible_share: float
    """Share of the candidates not ruled out after this wave."""


@dataclass(frozen=True)
class HistoryMatch:
    """The result: the waves, the posterior draws (unit cube) and how they were chosen."""

    waves: list[Wave]
    posterior_u: F64
    non_implausible_share: float
    fallback: bool
    """True when no candidate passed the cut-off and the least implausible were kept."""
    candidates: int
    effective_draws: float
    """Effective sample size of the likelihood weights over the non-implausible candidates."""


def _read_wave(folder: Path, n_points: int, n_targets: int) -> tuple[F64, F64, F64]:
    files = sorted((folder / "runs").glob("chunk-*.parquet"))
    table = pq.read_table(files[0]) if len(files) == 1 else None
    tables = [pq.read_table(f) for f in files] if table is None else [table]
    points = np.concatenate([t.column(POINT).to_numpy() for t in tables])
    order = np.argsort(points)
    if not np.array_equal(points[order], np.arange(n_points)):
        raise UserError(f"{folder}: the wave's results are incomplete; run again with --resume")
    means = np.column_stack(
        [
            np.concatenate([t.column(f"mean.{k}").to_numpy() for t in tables])
            for k in range(n_targets)
        ]
    )[order]
    sds = np.column_stack(
        [np.concatenate([t.column(f"sd.{k}").to_numpy() for t in tables]) for k in range(n_targets)]
    )[order]
    loglik = np.concatenate([t.column("loglik").to_numpy() for t in tables])[order]
    return means, sds, loglik


def _pick(
    candidates: F64, score: F64, keep: NDArray[np.bool_], n: int, rng: np.random.Generator
) -> F64:
    """``n`` candidates: at random among those kept, topped up by the least implausible."""
    kept = np.flatnonzero(keep)
    if kept.size >= n:
        chosen = np.sort(rng.choice(kept, size=n, replace=False))
    else:
        rest = np.setdiff1d(np.argsort(score, kind="stable"), kept, assume_unique=False)
        order = np.argsort(score[rest], kind="stable")
        chosen = np.concatenate([kept, rest[order][: n - kept.size]])
    return candidates[chosen]


def history_match(
    hindcast: Hindcast,
    priors: Priors,
    settings: CalibrationSettings,
    folder: Path,
    *,
    workers: int = 1,
    resume: bool = False,
    progress: Progress | None = None,
) -> HistoryMatch:
    """Run (or resume) the waves in ``folder``; see the module's docstring."""
    d = len(priors.priors)
    observed = np.array([t.observed for t in hindcast.targets])
    tolerance = np.array([t.sd for t in hindcast.targets])
    seed = settings.seed
    candidates = qmc.Sobol(d, scramble=True, seed=np.random.default_rng([seed, 1])).random_base2(
        cs.CANDIDATES_LOG2
    )
    design = qmc.LatinHypercube(d, seed=np.random.default_rng([seed, 2])).random(settings.points)
    results = folder / WAVES_FOLDER
    payload = hindcast.payload()
    total = settings.waves * settings.points
    waves: list[Wave] = []
    all_u, all_m, all_s, all_l = [], [], [], []
    keep = np.ones(len(candidates), dtype=bool)
    score = np.zeros(len(candidates))
    for w in range(settings.waves):
        name = f"wave-{w + 1}"
        spec = SweepSpec(
            experiment=name,
            evaluator=EVALUATOR,
            design=priors.values(design),
            runs_per_point=settings.runs,
            seed=seed,
            chunk_points=settings.chunk_points,
            payload=payload,
        )
        started = (results / name / "manifest.json").is_file()
        if started and not resume:
            raise UserError(
                f"{folder} already holds a calibration; add --resume to finish it, or choose "
                "another --out"
            )
        done_before = w * settings.points

        def chunks_done(
            done: int, n_chunks: int, base: int = done_before, wave: str = name
        ) -> None:
            if progress is not None:
                pts = min(settings.points, done * settings.chunk_points)
                progress(base + pts, total, wave)

        run_sweep(
            spec,
            results,
            scheduler="synchronous" if workers <= 1 else "local",
            workers=max(workers, 1),
            resume=started,
            progress=chunks_done,
            describe={"kind": "calibration-wave", "scenario": hindcast.scenario},
        )
        means, sds, loglik = _read_wave(results / name, settings.points, len(observed))
        all_u.append(design)
        all_m.append(means)
        all_s.append(sds)
        all_l.append(loglik)
        em = Emulators(np.vstack(all_u), np.vstack(all_m), np.vstack(all_s), seed)
        mu, var, sd = em.predict(candidates)
        score = second_max(implausibility(mu, var, sd, observed, tolerance))
        keep = score <= settings.cutoff
        waves.append(Wave(w + 1, design, means, sds, loglik, float(keep.mean())))
        if w + 1 < settings.waves:
            rng = np.random.default_rng([seed, 3, w])
            design = _pick(candidates, score, keep, settings.points, rng)
    fallback = not keep.any()
    if fallback:
        n_keep = max(1, round(cs.FALLBACK_SHARE * len(candidates)))
        keep = np.zeros(len(candidates), dtype=bool)
        keep[np.argsort(score, kind="stable")[:n_keep]] = True
    region = np.flatnonzero(keep)
    weights = _likelihood_weights(np.vstack(all_u), np.concatenate(all_l), candidates[region], seed)
    drawn = systematic_resample(weights, cs.POSTERIOR_DRAWS, np.random.default_rng([seed, 4]))
    return HistoryMatch(
        waves=waves,
        posterior_u=candidates[region[drawn]],
        non_implausible_share=0.0 if fallback else float(keep.mean()),
        fallback=fallback,
        candidates=len(candidates),
        effective_draws=float(1.0 / np.square(weights).sum()),
    )


def systematic_resample(weights: F64, n: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """``n`` equal-weight indices into ``weights`` by systematic resampling (one uniform
    offset, then ``n`` evenly spaced positions on the cumulative weights: Kitagawa 1996, J.
    Comput. Graph. Stat. 5(1)): each index appears ``floor(n w)`` or ``ceil(n w)`` times, far
    less noise than ``n`` independent draws. Ascending; the same ``rng`` state gives the same
    indices."""
    cum = np.cumsum(weights / weights.sum())
    positions = (rng.random() + np.arange(n)) / n
    idx = np.searchsorted(cum, positions, side="right")
    return np.minimum(idx, len(weights) - 1).astype(np.int64)


def _likelihood_weights(u: F64, loglik: F64, at: F64, seed: int) -> F64:
    """Normalised weights exp(l(u)) at the points ``at``, from a Gaussian-process emulator of
    the synthetic log-likelihood fitted to the evaluated points (Wilkinson 2014, AISTATS:
    accelerating ABC by emulating the likelihood)."""
    finite = np.isfinite(loglik)
    if not finite.any():
        return np.full(at.shape[0], 1.0 / at.shape[0])
    floor = float(loglik[finite].min()) - 50.0  # [ENG] a point whose covariance broke down
    y = np.where(finite, loglik, floor)
    em = Emulators(u, y[:, None], np.zeros((y.size, 1)), seed)
    mu, _, _ = em.predict(at)
    log_w = mu[:, 0] - mu[:, 0].max()
    w: F64 = np.exp(log_w)
    return w / w.sum()

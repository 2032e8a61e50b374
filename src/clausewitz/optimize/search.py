"""``optimize``: a multi-objective search over one side's levers against opponent postures.

Each trial is a point of the side's lever space (:mod:`clausewitz.strategies.levers`),
simulated on the same runs ``[0, runs)`` with the same seed against every opponent posture
(common random numbers: every trial meets the same parameter draws and dice, so the
differences between trials are the levers' effect). The search is Optuna's NSGA-II (Deb et al.
2002) on the three criteria averaged over the postures; the sampler is seeded and the trials
are asked in whole generations, so the same seed gives the same trials whatever the number of
workers. The study is kept in a journal file: a second call with the same file resumes it.

From the trials it reports the Pareto frontier (each point's mean with its 95% interval over
runs), the best reply to each posture, and the robust choice: minimax regret across postures
on the mean, and across postures *and* the scenario's uncertainty (regret per run, i.e. per
parameter draw; :mod:`clausewitz.optimize.decision`). The built-in strategies of the side are
the first trials, so the frontier says what, if anything, beats them.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from clausewitz import __version__
from clausewitz.engine.plan import SIDES
from clausewitz.errors import UserError
from clausewitz.optimize.decision import (
    DRAW_REGRET_QUANTILE,
    best_replies,
    pareto_mask,
    regret_by_draw,
    regret_by_posture,
)
from clausewitz.optimize.objectives import Criterion, criteria, main_objective, per_run
from clausewitz.prepare.prepared import PreparedScenario
from clausewitz.scenario.loader import LoadedScenario
from clausewitz.stats.paired import mean_ci
from clausewitz.strategies import Strategies
from clausewitz.strategies.levers import (
    Lever,
    Point,
    SettingValue,
    lever_names,
    levers,
    make_point,
    named_point,
    spec,
)

F64 = NDArray[np.float64]

Progress = Callable[[int, int], None]
"""``progress(done, total)`` trials."""

DEFAULT_POPULATION = 10
"""Trials per NSGA-II generation [ENG]: small enough that a budget of a few dozen trials runs
several generations, large enough for the crossover to mix lever settings."""


@dataclass
class Candidate:
    """One evaluated point: its trial number, label, lever values and per-run values."""

    number: int
    label: str
    point: Point
    values: dict[str, dict[str, F64]]
    """Opponent posture -> KPI -> (runs,) values."""

    def mean(self, kpi: str, opponent: str | None = None) -> float:
        """Mean of ``kpi`` against ``opponent`` (None: averaged over the postures)."""
        if opponent is not None:
            return float(np.mean(self.values[opponent][kpi]))
        return float(np.mean(self.pooled(kpi)))

    def pooled(self, kpi: str) -> F64:
        """(runs,) ``kpi`` averaged over the postures run by run."""
        return np.mean(np.stack([v[kpi] for v in self.values.values()]), axis=0)

    def to_dict(self, crits: Sequence[Criterion]) -> dict[str, Any]:
        """JSON-ready form with each criterion's mean and 95% interval over runs."""
        out: dict[str, Any] = {
            "trial": self.number,
            "label": self.label,
            "policy": self.point.policy,
            "levers": dict(self.point.values),
            "settings": self.point.settings(),
        }
        for c in crits:
            ci = mean_ci(self.pooled(c.kpi))
            out[c.kpi] = ci.to_dict()
            out[c.kpi]["by_opponent"] = {o: self.mean(c.kpi, o) for o in self.values}
        return out


@dataclass
class OptimizeResult:
    """The trials of a search and the decisions drawn from them."""

    scenario: str
    side: str
    against: list[str]
    runs: int
    seed: int
    days: int
    objective: str
    criteria: list[Criterion]
    free_levers: list[str]
    candidates: list[Candidate]
    frontier: list[int]
    """Indices into ``candidates`` of the Pareto frontier (sorted by the first criterion)."""
    best_reply: dict[str, int]
    """Posture -> index of the candidate with the best primary criterion against it."""
    robust_posture: int
    robust_draw: int
    posture_regret: F64
    draw_regret: F64
    study_path: str | None
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def primary(self) -> Criterion:
        """The criterion the best replies and the regret are judged on."""
        return self.criteria[0]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        c = self.candidates
        return {
            "scenario": self.scenario,
            "side": self.side,
            "against": self.against,
            "runs": self.runs,
            "seed": self.seed,
            "days": self.days,
            "trials": len(c),
            "objective": self.objective,
            "criteria": [
                {"kpi": x.kpi, "label": x.label, "unit": x.unit, "maximise": x.maximise}
                for x in self.criteria
            ],
            "free_levers": self.free_levers,
            "frontier": [c[i].to_dict(self.criteria) for i in self.frontier],
            "best_reply": {o: c[i].to_dict(self.criteria) for o, i in self.best_reply.items()},
            "robust": {
                "by_posture": {
                    **c[self.robust_posture].to_dict(self.criteria),
                    "worst_regret": float(self.posture_regret[self.robust_posture].max()),
                },
                "by_draw": {
                    **c[self.robust_draw].to_dict(self.criteria),
                    "worst_regret": float(self.draw_regret[self.robust_draw].max()),
                    "quantile": DRAW_REGRET_QUANTILE,
                },
            },
            "builtins": [
                c[i].to_dict(self.criteria) for i in range(len(c)) if not c[i].label.isdigit()
            ],
            "study": self.study_path,
            "manifest": self.manifest,
        }


class _Evaluator:
    """Simulates a point against every posture on the same runs (one prepared scenario)."""

    def __init__(
        self,
        loaded: LoadedScenario,
        side: str,
        against: Sequence[str],
        runs: int,
        seed: int,
        days: int | None,
        kpis: Sequence[str],
    ) -> None:
        self.prep = PreparedScenario(loaded, seed=seed, days=days)
        self.side = side
        self.other = SIDES[1 - SIDES.index(side)]
        self.against = list(against)
        self.kpis = list(kpis)
        self.samples = self.prep.base_samples(runs)
        self.ids = np.arange(runs, dtype=np.int64)
        self.opponents = {o: self.prep.strategies({self.other: o}) for o in self.against}

    def __call__(self, point: Point, label: str) -> dict[str, dict[str, F64]]:
        mine = spec(point, label)
        out: dict[str, dict[str, F64]] = {}
        for o, theirs in self.opponents.items():
            pair = (
                Strategies(mine, theirs.defender)
                if self.side == "attacker"
                else Strategies(theirs.attacker, mine)
            )
            res = self.prep.simulate_rows(self.samples, self.ids, pair)
            out[o] = {k: per_run(res, k) for k in self.kpis}
        return out


_WORKER_EVALUATORS: dict[str, _Evaluator] = {}


def _evaluate_remote(key: str, args: tuple[Any, ...], point: Point, label: str) -> Any:
    """Dask task: the evaluator is built once per worker process, keyed by the study."""
    if key not in _WORKER_EVALUATORS:
        _WORKER_EVALUATORS[key] = _Evaluator(*args)
    return _WORKER_EVALUATORS[key](point, label)


def _distribution(lever: Lever) -> Any:
    import optuna

    if lever.categorical:
        return optuna.distributions.CategoricalDistribution(list(lever.choices))
    return optuna.distributions.FloatDistribution(lever.low, lever.high)


def _open_study(
    path: Path | None, config: Mapping[str, Any], directions: list[str], seed: int, pop: int
) -> Any:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.NSGAIISampler(population_size=pop, seed=seed)
    storage: Any = None
    if path is not None:
        from optuna.storages.journal import JournalFileBackend, JournalStorage

        if path.is_dir():
            raise UserError(f"--study {path} is a folder; give a file (created if missing)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                storage = JournalStorage(JournalFileBackend(str(path)))
        except OSError as exc:
            raise UserError(f"--study {path}: cannot write it: {exc.strerror or exc}") from None
        except ValueError as exc:  # json.JSONDecodeError: another file than a journal
            raise UserError(
                f"--study {path} is not a journal written by clausewitz optimize ({exc}); "
                "give a new file, or the --study of the search to resume"
            ) from None
    study = optuna.create_study(
        storage=storage,
        sampler=sampler,
        study_name="clausewitz-optimize",
        directions=directions,  # type: ignore[arg-type]
        load_if_exists=True,
    )
    stored = study.user_attrs.get("config")
    if stored is None:
        study.set_user_attr("config", dict(config))
    elif stored != dict(config):
        diff = sorted(k for k in config if stored.get(k) != config[k])
        raise UserError(
            f"--study {path} was started with other settings ({', '.join(diff)} differ: "
            f"{', '.join(f'{k}={stored.get(k)!r}' for k in diff)}); use those or a new file"
        )
    return study


def _pooled_cost(c: Criterion, res: Mapping[str, Mapping[str, F64]]) -> float:
    """Mean cost of criterion ``c`` over runs and postures."""
    return float(np.mean(c.cost(np.mean([kv[c.kpi] for kv in res.values()], axis=0))))


def _candidate_of(trial: Any, side: str) -> Candidate:
    values = {
        o: {k: np.asarray(v, dtype=np.float64) for k, v in kv.items()}
        for o, kv in trial.user_attrs["runs"].items()
    }
    point = make_point(side, trial.user_attrs["levers"], trial.user_attrs.get("fixed", {}))
    return Candidate(trial.number, trial.user_attrs["label"], point, values)


def optimize(
    loaded: LoadedScenario,
    *,
    side: str = "attacker",
    against: Sequence[str] | None = None,
    trials: int = 30,
    runs: int = 300,
    seed: int = 0,
    days: int | None = None,
    free_levers: Sequence[str] | None = None,
    base: str | None = None,
    study: Path | None = None,
    workers: int = 1,
    population: int = DEFAULT_POPULATION,
    include_builtins: bool = True,
    objectives: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> OptimizeResult:
    """Search ``side``'s levers against the ``against`` postures of the other side.

    ``free_levers`` (default: all) are searched; the others keep the values of ``base`` (a
    strategy of the side; default the scenario's default for it). ``trials`` counts every
    evaluated point, the built-ins (``include_builtins``) included; with ``study`` (a file)
    the search resumes from the trials already there. ``workers`` > 1 evaluates each
    generation on a local Dask cluster; the trials do not depend on it. ``objectives`` (some
    of ``time``, ``losses``, ``ground``; default all) are the criteria searched; the first
    is the one best replies and regret are judged on.
    """
    import optuna

    if side not in SIDES:
        raise UserError(f"--side must be one of {', '.join(SIDES)} (got {side!r})")
    if trials < 1 or runs < 2 or population < 2:
        raise UserError("--trials must be at least 1, --runs at least 2")
    sc = loaded.scenario
    other = SIDES[1 - SIDES.index(side)]
    strategies = cast(Mapping[str, Mapping[str, Any]], sc.strategies)
    choices = strategies.get(other, {})
    opp = list(against) if against else list(choices)
    if not opp:
        raise UserError(f"--against needs {other} strategies: the scenario names none")
    if len(set(opp)) != len(opp):
        raise UserError(f"--against names a strategy twice: {','.join(opp)}")
    own = strategies.get(side, {})
    base_name = base or getattr(sc.sides, side).default_strategy or next(iter(own), None)
    if base_name is None:
        raise UserError(f"--base: the scenario names no {side} strategy to start from")
    base_point = named_point(side, base_name, own)
    # settings no lever moves (an envelopment's flank sectors) follow the policy: the first
    # scenario entry fought with it gives them
    fixed_by_policy: dict[str, Mapping[str, SettingValue]] = {}
    for name in own:
        p = named_point(side, name, own)
        fixed_by_policy.setdefault(p.policy, p.fixed)
    free = lever_names(side, free_levers)
    objective = main_objective(sc)
    obj_name = next(o.name for o in sc.theatre.objectives if o.id == objective)
    crits = criteria(side, objective, obj_name, objectives)
    evaluator_args = (loaded, side, opp, runs, seed, days, [c.kpi for c in crits])
    evaluator = _Evaluator(*evaluator_args)
    config = {
        "scenario": sc.meta.name,
        "side": side,
        "against": opp,
        "runs": runs,
        "seed": seed,
        "days": evaluator.prep.days,
        "free_levers": free,
        "base": base_name,
        "population": population,
        "objectives": [c.kpi for c in crits],
    }
    st = _open_study(study, config, ["minimize"] * len(crits), seed, population)
    dists = {lv.name: _distribution(lv) for lv in levers(side) if lv.name in free}
    done = [t for t in st.trials if t.state == optuna.trial.TrialState.COMPLETE]
    # the built-ins are points of the whole space: enqueued only when every lever is free
    if include_builtins and not done and free == lever_names(side):
        for name in own:
            p = named_point(side, name, own)
            st.enqueue_trial(
                {k: v for k, v in p.values.items() if k in free}, user_attrs={"label": name}
            )
    client = None
    if workers > 1:
        from dask.distributed import Client, LocalCluster

        client = Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True))
    key = json.dumps(config, sort_keys=True)
    try:
        while len(done) < trials:
            batch = [st.ask(dists) for _ in range(min(population, trials - len(done)))]
            points = []
            for t in batch:
                values: dict[str, SettingValue] = {**base_point.values, **t.params}
                point = make_point(side, values)
                point = make_point(side, values, fixed_by_policy.get(point.policy, {}))
                points.append((point, t.user_attrs.get("label", str(t.number))))
            if client is not None:
                futures = [
                    client.submit(_evaluate_remote, key, evaluator_args, p, lab, pure=False)
                    for p, lab in points
                ]
                results = client.gather(futures)
            else:
                results = [evaluator(p, lab) for p, lab in points]
            for t, (p, lab), res in zip(batch, points, results, strict=True):
                t.set_user_attr("label", lab)
                t.set_user_attr("levers", dict(p.values))
                t.set_user_attr("fixed", dict(p.fixed))
                stored = {
                    o: {k: np.round(v, 3).tolist() for k, v in kv.items()} for o, kv in res.items()
                }
                t.set_user_attr("runs", stored)
                st.tell(t, [_pooled_cost(c, res) for c in crits])
            done = [t for t in st.trials if t.state == optuna.trial.TrialState.COMPLETE]
            if progress is not None:
                progress(len(done), trials)
    finally:
        if client is not None:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    cands = [_candidate_of(t, side) for t in sorted(done, key=lambda t: t.number)]
    return decide(
        cands,
        crits,
        scenario=sc.meta.name,
        side=side,
        against=opp,
        runs=runs,
        seed=seed,
        days=evaluator.prep.days,
        objective=objective,
        free_levers=free,
        study_path=str(study) if study is not None else None,
        manifest={"clausewitz": __version__, "optuna": optuna.__version__, **config},
    )


def decide(
    cands: list[Candidate],
    crits: list[Criterion],
    *,
    scenario: str,
    side: str,
    against: list[str],
    runs: int,
    seed: int,
    days: int,
    objective: str,
    free_levers: list[str],
    study_path: str | None = None,
    manifest: dict[str, Any] | None = None,
) -> OptimizeResult:
    """The frontier, best replies and robust choices among evaluated candidates."""
    if not cands:
        raise UserError("no completed trials to decide from")
    costs = np.array([[float(np.mean(c.cost(k.pooled(c.kpi)))) for c in crits] for k in cands])
    mask = pareto_mask(costs)
    frontier = sorted(np.flatnonzero(mask).tolist(), key=lambda i: tuple(costs[i]))
    primary = crits[0]
    by_posture = np.array(
        [[float(np.mean(primary.cost(k.values[o][primary.kpi]))) for o in against] for k in cands]
    )
    replies = best_replies(by_posture)
    rp = regret_by_posture(by_posture)
    per_run_cost = np.stack(
        [np.stack([primary.cost(k.values[o][primary.kpi]) for o in against]) for k in cands]
    )
    rd = regret_by_draw(per_run_cost)
    return OptimizeResult(
        scenario=scenario,
        side=side,
        against=against,
        runs=runs,
        seed=seed,
        days=days,
        objective=objective,
        criteria=crits,
        free_levers=free_levers,
        candidates=cands,
        frontier=[int(i) for i in frontier],
        best_reply={o: int(replies[j]) for j, o in enumerate(against)},
        robust_posture=rp.choice,
        robust_draw=rd.choice,
        posture_regret=rp.table,
        draw_regret=rd.table,
        study_path=study_path,
        manifest=dict(manifest or {}),
    )

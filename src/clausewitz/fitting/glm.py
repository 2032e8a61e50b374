"""Batched log-link regressions for loss counts: Poisson and negative-binomial maximum
likelihood, nonlinear least squares, profile-likelihood and bootstrap intervals.

Every function works on a batch of ``n`` independent problems at once (arrays ``(n, T)`` of
observations, ``(n, T, p)`` designs), so that many series (sides, simulated trials, bootstrap
replicates) are fitted in one vectorised pass. The mean is ``mu = exp(X @ beta + offset)``;
``w`` weights each observation (0 drops it, an integer count repeats it: the bootstrap).

Negative binomial: the NB2 form, ``Var = mu + mu^2 / r`` (dispersion ``alpha = 1 / r``),
parametrised internally by ``s = log r`` and fitted jointly with ``beta`` by damped Newton.
Internally the design is centred and scaled (an invertible reparametrisation), which keeps the
Newton systems well conditioned when the log-strengths vary little (e.g. the Ardennes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import digamma, gammaln, polygamma
from scipy.stats import chi2

Family = Literal["poisson", "negbin"]
F = NDArray[np.float64]

#: Bounds on ``s = log r`` of the negative binomial; ``s = 20`` is alpha = 2e-9, Poisson for
#: all practical purposes (our engineering choice, keeps the likelihood numerically stable).
S_MIN, S_MAX = -8.0, 20.0
_MAX_ITER = 100


@dataclass
class GLMFit:
    """Maximum-likelihood fits of a batch of problems."""

    beta: F  # (n, p)
    log_r: F  # (n,) NB log size; nan for Poisson
    loglik: F  # (n,)
    cov: F  # (n, q, q) inverse observed information of (beta, [log_r])
    converged: NDArray[np.bool_]  # (n,)

    @property
    def se(self) -> F:
        """Standard errors of ``beta`` from the observed information."""
        p = self.beta.shape[1]
        d = np.diagonal(self.cov, axis1=1, axis2=2)[:, :p]
        return np.sqrt(np.where(d > 0, d, np.nan))


def _transform(X: F, w: F, center: bool) -> tuple[F, F]:
    """``Z = X @ A`` with columns centred (if ``center``; column 0 is the intercept) and
    scaled; returns ``(Z, A)`` so that ``beta = A @ gamma``."""
    n, _, p = X.shape
    wsum = np.maximum(w.sum(axis=1), 1e-300)[:, None]
    mean = np.einsum("nt,ntp->np", w, X) / wsum
    var = np.einsum("nt,ntp->np", w, (X - mean[:, None, :]) ** 2) / wsum
    sd = np.sqrt(var)
    A = np.zeros((n, p, p))
    c = np.zeros((n, p))
    s = np.ones((n, p))
    for j in range(p):
        if center and j == 0:
            continue
        if center:
            c[:, j] = mean[:, j]
            s[:, j] = np.where(sd[:, j] > 1e-12, sd[:, j], 1.0)
        else:
            rms = np.sqrt(var[:, j] + mean[:, j] ** 2)
            s[:, j] = np.where(rms > 1e-12, rms, 1.0)
    Z = (X - c[:, None, :]) / s[:, None, :]
    for j in range(p):
        A[:, j, j] = 1.0 / s[:, j]
        if center and j > 0:
            A[:, 0, j] = -c[:, j] / s[:, j]
    return Z, A


_R_ASYMPTOTIC = 1e3  # above this size r, use the asymptotic expansions below


def _rows(big: NDArray[np.bool_], f_big: F, f_small: Callable[[NDArray[np.bool_]], F]) -> F:
    """``f_big`` where the row is in the asymptotic regime, else ``f_small`` evaluated on the
    other rows only (the special functions are the costly part)."""
    out = np.array(f_big, dtype=np.float64, copy=True)
    rows = ~big[:, 0]
    if rows.any():
        out[rows] = f_small(rows)
    return out


def _nb_pieces(y: F, eta: F, s: F, derivatives: bool = True) -> tuple[F, F, F, F]:
    """Per-observation NB2 log-likelihood and its derivatives in ``eta`` and ``s = log r``,
    computed so that they stay accurate when ``r`` is huge (the Poisson limit).

    ``ll = E - lgamma(y+1) - (r+y) log1p(mu/r) + y eta`` with ``E = lgamma(y+r) - lgamma(r) -
    y log r``, and for ``r > 1e3`` the Stirling series of ``lgamma``, ``digamma`` and
    ``trigamma`` replace the differences of huge numbers. Without ``derivatives`` only the
    log-likelihood is computed (the other three are returned empty).
    """
    s2 = s[:, None]
    r = np.exp(s2)
    mu = np.exp(eta)
    m_r = np.exp(eta - s2)  # mu / r
    l1 = np.log1p(m_r)
    big = np.broadcast_to(r > _R_ASYMPTOTIC, (r.shape[0], 1))  # per series (row)
    rb = np.where(big, r, _R_ASYMPTOTIC)  # keep the asymptotic branch finite where unused
    rs = np.where(big, _R_ASYMPTOTIC, r)  # and the direct branch exact where used
    ly = np.log1p(y / rb)
    ry = rb + y
    e_big = (rb + y - 0.5) * ly - y + (1.0 / ry - 1.0 / rb) / 12.0 - (ry**-3 - rb**-3) / 360.0
    E = _rows(
        big,
        e_big,
        lambda i: gammaln(y[i] + rs[i]) - gammaln(rs[i]) - y[i] * np.log(rs[i]),
    )
    ll_t = E - gammaln(y + 1.0) - (r + y) * l1 + y * eta
    if not derivatives:
        empty = np.empty(0)
        return ll_t, empty, empty, empty
    # d ll / d s = r * [psi(y+r) - psi(r) + 1 - log1p(mu/r) - (r+y)/(r+mu)]
    dpsi_big = ly + (1.0 / rb - 1.0 / ry) / 2.0 + (rb**-2 - ry**-2) / 12.0
    dpsi = _rows(big, dpsi_big, lambda i: digamma(y[i] + rs[i]) - digamma(rs[i]))
    rmu = r + mu
    ds_t = r * (dpsi - l1 - (y - mu) / rmu)
    # d2 ll / d s2 = ds + r^2 [psi'(y+r) - psi'(r) + 1/r - 1/(r+mu) - (mu-y)/(r+mu)^2]
    tri_big = (
        (mu - y) / ((rb + y) * rmu)
        - y * (2.0 * rb + y) / (2.0 * rb**2 * ry**2)
        + (ry**-3 - rb**-3) / 6.0
    )
    tri = _rows(
        big,
        tri_big,
        lambda i: (
            polygamma(1, y[i] + rs[i]) - polygamma(1, rs[i]) + 1.0 / rs[i] - 1.0 / (rs[i] + mu[i])
        ),
    )
    with np.errstate(over="ignore"):
        dss_t = ds_t + r**2 * (tri - (mu - y) / rmu**2)
    return ll_t, ds_t, dss_t, m_r


def _nb_terms(y: F, eta: F, w: F, s: F) -> tuple[F, F, F, F, F, F]:
    """Log-likelihood and derivatives of the NB2 model (see module docstring)."""
    ll_t, ds_t, dss_t, m_r = _nb_pieces(y, eta, s)
    r = np.exp(s)[:, None]
    mu = np.exp(eta)
    p = 1.0 / (1.0 + m_r)  # r / (r + mu)
    q = m_r * p  # mu / (r + mu)
    d1 = w * (y - mu) * p
    d2 = -w * (r + y) * p * q
    des = w * (y - mu) * p * q
    return (w * ll_t).sum(axis=1), d1, d2, (w * ds_t).sum(axis=1), (w * dss_t).sum(axis=1), des


def _loglik_grad_hess(
    y: F, Z: F, off: F, w: F, gamma: F, s: F | None, family: Family
) -> tuple[F, F, F]:
    """Log-likelihood (n,), gradient (n, q) and Hessian (n, q, q) in ``(gamma, [s])``."""
    eta = np.clip(np.einsum("ntp,np->nt", Z, gamma) + off, -700.0, 700.0)
    if family == "poisson":
        mu = np.exp(eta)
        ll = (w * (y * eta - mu - gammaln(y + 1.0))).sum(axis=1)
        g = np.einsum("ntp,nt->np", Z, w * (y - mu))
        H = -np.einsum("ntp,nt,ntq->npq", Z, w * mu, Z)
        return ll, g, H
    if s is None:
        raise ValueError("the negative binomial needs s")
    ll, d1, d2, gs, hss, des = _nb_terms(y, eta, w, s)
    n, _, p = Z.shape
    g = np.empty((n, p + 1))
    g[:, :p] = np.einsum("ntp,nt->np", Z, d1)
    g[:, p] = gs
    H = np.empty((n, p + 1, p + 1))
    H[:, :p, :p] = np.einsum("ntp,nt,ntq->npq", Z, d2, Z)
    H[:, :p, p] = H[:, p, :p] = np.einsum("ntp,nt->np", Z, des)
    H[:, p, p] = hss
    return ll, g, H


def _loglik(y: F, Z: F, off: F, w: F, gamma: F, s: F | None, family: Family) -> F:
    eta = np.clip(np.einsum("ntp,np->nt", Z, gamma) + off, -700.0, 700.0)
    if family == "poisson":
        return np.asarray((w * (y * eta - np.exp(eta) - gammaln(y + 1.0))).sum(axis=1))
    if s is None:
        raise ValueError("the negative binomial needs s")
    ll_t = _nb_pieces(y, eta, s, derivatives=False)[0]
    return np.asarray((w * ll_t).sum(axis=1))


def _solve_damped(H: F, g: F) -> F:
    """Newton direction ``(-H + lam I)^-1 g`` with ``lam`` making the system positive definite."""
    q = H.shape[-1]
    if q == 0:
        return np.zeros_like(g)
    M = np.nan_to_num(-H, nan=0.0, posinf=1e300, neginf=-1e300)
    g = np.nan_to_num(g, nan=0.0, posinf=1e300, neginf=-1e300)
    ev = np.linalg.eigvalsh(M)
    scale = np.maximum(np.abs(ev).max(axis=1), 1e-12)
    lam = np.where(ev[:, 0] < 1e-10 * scale, 1e-8 * scale - ev[:, 0], 0.0)
    M = M + lam[:, None, None] * np.eye(q)[None]
    return np.asarray(np.linalg.solve(M, g[..., None])[..., 0])


def _start_beta(y: F, X: F, off: F, w: F) -> F:
    """Least squares of ``log((y + 0.5) / exp(offset))`` on X: a start for Newton."""
    z = np.log(y + 0.5) - off
    XtW = X * w[:, :, None]
    A = np.einsum("ntp,ntq->npq", XtW, X)
    b = np.einsum("ntp,nt->np", XtW, z)
    p = X.shape[2]
    A = A + 1e-9 * np.eye(p)[None] * np.maximum(np.trace(A, axis1=1, axis2=2), 1.0)[:, None, None]
    return np.asarray(np.linalg.solve(A, b[..., None])[..., 0])


def _nb_start_s(y: F, mu: F, w: F) -> F:
    """Moment estimate of ``log r`` from Poisson residuals."""
    num = (w * ((y - mu) ** 2 - y)).sum(axis=1)
    den = (w * mu**2).sum(axis=1)
    alpha = np.clip(num / np.maximum(den, 1e-300), np.exp(-S_MAX), np.exp(-S_MIN))
    return np.asarray(np.clip(-np.log(alpha), S_MIN, S_MAX))


def fit_glm(
    y: F,
    X: F,
    off: F,
    w: F,
    family: Family,
    *,
    intercept: bool = True,
    beta0: F | None = None,
    s0: F | None = None,
) -> GLMFit:
    """Maximum likelihood of ``y ~ Poisson(mu)`` or ``NB2(mu, r)``, ``mu = exp(X beta + off)``.

    ``intercept`` says that column 0 of ``X`` is the intercept (the design is then centred).
    ``X`` may have zero columns (only ``s`` is fitted, or nothing for Poisson).
    """
    n, _T, p = X.shape
    Z, A = _transform(X, w, center=intercept and p > 0)
    if p > 0:
        b0 = _start_beta(y, X, off, w) if beta0 is None else beta0
        gamma = np.asarray(np.linalg.solve(A, b0[..., None])[..., 0], dtype=np.float64)
    else:
        gamma = np.zeros((n, 0))
    s: F | None = None
    if family == "negbin":
        if s0 is None:
            eta = np.einsum("ntp,np->nt", Z, gamma) + off
            s = _nb_start_s(y, np.exp(eta), w)
        else:
            s = np.asarray(np.clip(s0.astype(np.float64), S_MIN, S_MAX), dtype=np.float64)
    converged = np.zeros(n, dtype=bool)
    ll = _loglik(y, Z, off, w, gamma, s, family)
    for _ in range(_MAX_ITER):
        ll, g, H = _loglik_grad_hess(y, Z, off, w, gamma, s, family)
        if s is not None:
            # projected Newton: log r held at a bound the gradient pushes against
            pinned = ((s >= S_MAX - 1e-12) & (g[:, p] > 0)) | ((s <= S_MIN + 1e-12) & (g[:, p] < 0))
            if pinned.any():
                g[pinned, p] = 0.0
                H[pinned, p, :] = 0.0
                H[pinned, :, p] = 0.0
                H[pinned, p, p] = -1.0
        step = _solve_damped(H, g)
        decrement = np.einsum("nq,nq->n", g, step)
        done = decrement < 1e-14 * np.maximum(1.0, np.abs(ll))
        converged |= done
        if converged.all():
            break
        step[converged] = 0.0
        t = np.ones(n)
        for _half in range(40):
            g_new = gamma + t[:, None] * step[:, :p]
            s_new = None if s is None else np.clip(s + t * step[:, p], S_MIN, S_MAX)
            with np.errstate(over="ignore", invalid="ignore"):
                ll_new = _loglik(y, Z, off, w, g_new, s_new, family)
            bad = ~(ll_new >= ll - 1e-12 * np.abs(ll)) & ~converged
            if not bad.any():
                break
            t = np.where(bad, t / 2.0, t)
        gamma = np.where(converged[:, None], gamma, gamma + t[:, None] * step[:, :p])
        if s is not None:
            s = np.where(converged, s, np.clip(s + t * step[:, p], S_MIN, S_MAX))
    ll, g, H = _loglik_grad_hess(y, Z, off, w, gamma, s, family)
    beta = np.einsum("npq,nq->np", A, gamma)
    q = H.shape[1]
    Afull = np.zeros((n, q, q))
    Afull[:, :p, :p] = A
    if q > p:
        Afull[:, p, p] = 1.0
    with np.errstate(invalid="ignore"):
        try:
            cov_g = np.linalg.inv(-H) if q else np.zeros((n, 0, 0))
        except np.linalg.LinAlgError:
            cov_g = np.linalg.pinv(-H)
    cov = np.einsum("nij,njk,nlk->nil", Afull, cov_g, Afull)
    log_r = np.full(n, np.nan) if s is None else s
    return GLMFit(beta=beta, log_r=log_r, loglik=ll, cov=cov, converged=converged)


def profile_interval(
    y: F,
    X: F,
    off: F,
    w: F,
    family: Family,
    fit: GLMFit,
    j: int,
    *,
    level: float = 0.95,
    intercept: bool = True,
) -> tuple[F, F]:
    """Profile-likelihood interval for ``beta[:, j]``: where ``2 (l_hat - l_p) = chi2_1(level)``.

    Each bound is found by bracketing (steps of the Wald standard error, doubling) and then
    Illinois false position on the signed root deviance. An unbounded side gives +-inf.
    """
    n, _T, p = X.shape
    target = float(np.sqrt(chi2.ppf(level, 1)))
    keep = [k for k in range(p) if k != j]
    Xr = X[:, :, keep]
    xj = X[:, :, j]
    b_hat = fit.beta[:, j]
    se = fit.se[:, j]
    se = np.where(np.isfinite(se) & (se > 0), se, np.maximum(np.abs(b_hat), 1.0) * 0.1)

    def signed_root(v: F) -> F:
        start = fit.beta[:, keep].copy() if keep else None
        if start is not None and intercept and j == 0:
            # fixing the intercept far from its estimate moves the slopes a long way: start
            # from the least-squares fit of the log counts instead (Newton from the optimum's
            # slopes overflows and crawls)
            start = None
        elif start is not None and intercept and j != 0:
            # keep the mean linear predictor where it was: shift the intercept
            wmean = (w * xj).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-300)
            start[:, 0] -= (v - b_hat) * wmean
        sub = fit_glm(
            y,
            Xr,
            off + v[:, None] * xj,
            w,
            family,
            intercept=intercept and j != 0,
            beta0=start,
            s0=None if family == "poisson" else fit.log_r,
        )
        dev = 2.0 * (fit.loglik - sub.loglik)
        # far from the optimum the likelihood may underflow: treat that as a huge deviance
        dev = np.where(np.isfinite(dev), np.clip(dev, 0.0, 1e6), 1e6)
        return np.asarray(np.sign(v - b_hat) * np.sqrt(dev))

    bounds = []
    for direction in (-1.0, 1.0):
        inner = b_hat.copy()
        f_inner = np.full(n, -target)  # signed root minus (direction * target), oriented
        outer = b_hat + direction * se
        f_outer = direction * signed_root(outer) - target
        for _ in range(10):
            need = f_outer < 0
            if not need.any():
                break
            inner = np.where(need, outer, inner)
            f_inner = np.where(need, f_outer, f_inner)
            outer = np.where(need, b_hat + 2.0 * (outer - b_hat), outer)
            f_outer = np.where(need, direction * signed_root(outer) - target, f_outer)
        unbounded = f_outer < 0
        lo, hi, flo, fhi = inner, outer, f_inner, f_outer
        side = np.zeros(n)
        best_v, best_f = hi.copy(), np.abs(fhi)
        for _ in range(60):
            denom = fhi - flo
            safe = np.where(denom == 0, 1.0, denom)
            v = np.where(np.abs(denom) > 0, (lo * fhi - hi * flo) / safe, 0.5 * (lo + hi))
            fv = direction * signed_root(v) - target
            better = np.abs(fv) < best_f
            best_v = np.where(better, v, best_v)
            best_f = np.where(better, np.abs(fv), best_f)
            left = fv < 0
            # Illinois: halve the retained endpoint's value when the same side repeats
            fhi = np.where(left & (side == -1), fhi / 2.0, fhi)
            flo = np.where(~left & (side == 1), flo / 2.0, flo)
            lo = np.where(left, v, lo)
            flo = np.where(left, fv, flo)
            hi = np.where(left, hi, v)
            fhi = np.where(left, fhi, fv)
            side = np.where(left, -1.0, 1.0)
            # 1e-6 in the signed root moves a bound by about 1e-6 standard errors
            done = (best_f < 1e-6) | (np.abs(hi - lo) <= 1e-9 * se) | unbounded
            if done.all():
                break
        bounds.append(np.where(unbounded, direction * np.inf, best_v))
    return bounds[0], bounds[1]


# --------------------------------------------------------------------------------------------
# least squares


@dataclass
class LSFit:
    """Nonlinear least-squares fits of ``y ~ exp(X beta + off)``."""

    beta: F  # (n, p)
    rss: F  # (n,)
    converged: NDArray[np.bool_]


def fit_ls(y: F, X: F, off: F, w: F, *, intercept: bool = True, beta0: F | None = None) -> LSFit:
    """Minimise ``sum w (y - exp(X beta + off))^2`` by Levenberg-Marquardt (batched)."""
    n, _T, p = X.shape
    Z, A = _transform(X, w, center=intercept and p > 0)
    b0 = _start_beta(y, X, off, w) if beta0 is None else beta0
    gamma = np.asarray(np.linalg.solve(A, b0[..., None])[..., 0], dtype=np.float64)

    def rss_of(gm: F) -> F:
        with np.errstate(over="ignore", invalid="ignore"):
            mu = np.exp(np.einsum("ntp,np->nt", Z, gm) + off)
            out = (w * (y - mu) ** 2).sum(axis=1)
        return np.asarray(np.where(np.isfinite(out), out, np.inf))

    rss = rss_of(gamma)
    lam = np.full(n, 1e-3)
    converged = np.zeros(n, dtype=bool)
    eye = np.eye(p)[None]
    for _ in range(200):
        mu = np.exp(np.einsum("ntp,np->nt", Z, gamma) + off)
        J = Z * mu[:, :, None]
        JtJ = np.einsum("ntp,nt,ntq->npq", J, w, J)
        g = np.einsum("ntp,nt->np", J, w * (y - mu))
        diag = np.diagonal(JtJ, axis1=1, axis2=2)
        M = JtJ + lam[:, None, None] * (diag[:, :, None] * eye + 1e-12 * eye)
        step = np.linalg.solve(M, g[..., None])[..., 0]
        new = gamma + step
        rss_new = rss_of(new)
        better = rss_new <= rss
        small = np.abs(rss - rss_new) <= 1e-13 * np.maximum(rss, 1e-300)
        gamma = np.where((better & ~converged)[:, None], new, gamma)
        converged |= better & small
        rss = np.where(better, rss_new, rss)
        lam = np.where(better, lam / 3.0, lam * 4.0)
        converged |= lam > 1e12
        if converged.all():
            break
    beta = np.einsum("npq,nq->np", A, gamma)
    return LSFit(beta=beta, rss=rss, converged=converged)


def bootstrap_ls(
    y: F,
    X: F,
    off: F,
    w: F,
    fit: LSFit,
    *,
    n_boot: int,
    rng: np.random.Generator,
    level: float = 0.95,
    intercept: bool = True,
) -> tuple[F, F]:
    """Pairs (case-resampling) bootstrap percentile intervals for every ``beta[:, j]``.

    The valid observations of each problem are resampled with replacement ``n_boot`` times
    (multinomial counts as weights) and refitted from the point estimate.
    Returns ``(lower, upper)``, each ``(n, p)``.
    """
    n, T, p = X.shape
    valid = w > 0
    counts = np.zeros((n, n_boot, T))
    for i in range(n):
        idx = np.flatnonzero(valid[i])
        draws = rng.integers(0, len(idx), size=(n_boot, len(idx)))
        c = np.zeros((n_boot, T))
        rows = np.repeat(np.arange(n_boot), len(idx))
        np.add.at(c, (rows, idx[draws].ravel()), 1.0)
        counts[i] = c
    yb = np.repeat(y, n_boot, axis=0)
    Xb = np.repeat(X, n_boot, axis=0)
    ob = np.repeat(off, n_boot, axis=0)
    wb = counts.reshape(n * n_boot, T)
    bb = np.repeat(fit.beta, n_boot, axis=0)
    boot = fit_ls(yb, Xb, ob, wb, intercept=intercept, beta0=bb).beta.reshape(n, n_boot, p)
    alpha = (1.0 - level) / 2.0
    lower = np.quantile(boot, alpha, axis=1)
    upper = np.quantile(boot, 1.0 - alpha, axis=1)
    return np.asarray(lower), np.asarray(upper)

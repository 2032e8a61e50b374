"""Samplers that take all their randomness from the counter streams, in two forms.

Every sampler is a pure function of a draw's coordinates and its parameters::

    poisson(seed, run, process, sector, day, slot, lam) -> int

There is no generator state: the draw is the Philox output at the counters
``(run, process << 16 | sector, day, slot << 16 | iteration)`` under key ``seed`` (layout in
:mod:`clausewitz.rng.streams`). Each sampler exists in two forms:

* ``poisson`` - pure Python, no Numba at call time (for the reference engine);
* ``poisson_nb`` - the *same source* compiled by Numba (``njit(cache=True)``), callable from
  other ``njit`` kernels (the fast engine's own loops over runs), same signature.

The two give bit-identical integers and (in practice) bit-identical floats: the compiled
code performs the same IEEE operations in the same order and calls the same ``libm``
functions (the tests allow 1e-12 relative for floats). Python raises on ``log(0)`` or on
``exp`` overflow where Numba returns ``-inf`` / ``inf``, so the algorithms are written never to
reach either.

**Consumption.** A variate occupies exactly one *slot* of its cell: the ``j``-th variate a
process draws in a cell should use ``slot=j``, whatever the sampler. Within the slot, a sampler
uses the iterations (Philox blocks ``slot << 16 | iteration``) listed in its docstring; the
65,536 iterations of a slot are split in two halves ``[0, 32768)`` and ``[32768, 65536)`` when
a sampler is made of two sub-samplers. A rejection loop that would run out of its iterations
(probability far below ``1e-1000``) raises :class:`RuntimeError`.

Uniforms: ``U[0,1)`` is the 53-bit double of :func:`~clausewitz.rng.streams.words_to_u01`,
``U(0,1)`` the 52-bit open one of :func:`~clausewitz.rng.streams.words_to_u01_open`; "first"
and "second" are the two doubles of one Philox block.

Inversion samplers (Bernoulli, uniform, small-mean Poisson and binomial) are monotone in their
uniform, which keeps common-random-number comparisons of strategies tightly coupled.
"""

from __future__ import annotations

import math

from clausewitz.rng.philox import _shared, _twin
from clausewitz.rng.streams import _pair01_at, _pair_open_at, counter, seed_key

__all__ = [
    "MAX_BINOMIAL_N",
    "MAX_POISSON_LAM",
    "bernoulli",
    "bernoulli_nb",
    "beta",
    "beta_nb",
    "binomial",
    "binomial_nb",
    "gamma",
    "gamma_nb",
    "lognormal",
    "lognormal_nb",
    "negative_binomial",
    "negative_binomial_nb",
    "normal",
    "normal_nb",
    "poisson",
    "poisson_nb",
    "standard_normal",
    "standard_normal_nb",
    "uniform",
    "uniform_nb",
]

MAX_POISSON_LAM = 1e12
"""Largest Poisson mean accepted (PTRS stays accurate well beyond the ~1e6 the engine needs)."""
MAX_BINOMIAL_N = (1 << 53) - 1
"""Largest binomial ``n``: every count must be exact as a double."""

_HALF = 32768  # first iteration of a slot's second half
_END = 65536  # one past a slot's last iteration

_TWO_PI = 6.283185307179586
_HALF_LOG_2PI = 0.9189385332046728  # log(2 pi) / 2, correctly rounded
_THIRD = 1.0 / 3.0

# log(k!) for k = 0..9, correctly rounded.
_LOG_FACTORIAL = (
    0.0,
    0.0,
    0.6931471805599453,
    1.791759469228055,
    3.1780538303479458,
    4.787491742782046,
    6.579251212010101,
    8.525161361065415,
    10.60460290274525,
    12.801827480081469,
)
# Stirling's correction fc(k) = log(k!) - (k + 1/2) log(k + 1) + (k + 1) - log(2 pi) / 2 for
# k = 0..9, correctly rounded (Hörmann 1993, Table 1, to full double precision).
_STIRLING_TAIL = (
    0.08106146679532726,
    0.0413406959554093,
    0.02767792568499834,
    0.020790672103765093,
    0.016644691189821193,
    0.013876128823070748,
    0.01189670994589177,
    0.010411265261972096,
    0.009255462182712733,
    0.00833056343336287,
)
# Coefficients B_2j / (2j (2j - 1)) of the Stirling series, j = 1..7.
_S1 = 1.0 / 12.0
_S2 = 1.0 / 360.0
_S3 = 1.0 / 1260.0
_S4 = 1.0 / 1680.0
_S5 = 1.0 / 1188.0
_S6 = 691.0 / 360360.0
_S7 = 1.0 / 156.0


# ---------------------------------------------------------------------------------------------
# Special functions (shared by both forms; only + - * / sqrt log log1p exp, so both forms agree)


@_shared
def _stirling_tail(k: int) -> float:
    """Stirling's correction ``fc(k) = log(k!) - [(k+1/2) log(k+1) - (k+1) + log(2 pi)/2]``."""
    if k < 10:
        return _STIRLING_TAIL[k]
    z = k + 1.0
    w = 1.0 / (z * z)
    # Seven terms of the Stirling series: the next is < 1e-17 for z >= 11.
    return (_S1 - (_S2 - (_S3 - (_S4 - (_S5 - (_S6 - _S7 * w) * w) * w) * w) * w) * w) / z


@_shared
def _log_factorial(k: int) -> float:
    """``log(k!)`` for an integer ``k >= 0``, to about one ulp of the result."""
    if k < 10:
        return _LOG_FACTORIAL[k]
    z = k + 1.0
    return (k + 0.5) * math.log(z) - z + _HALF_LOG_2PI + _stirling_tail(k)


@_shared
def _poisson_log_pmf(k: int, lam: float) -> float:
    """``log(lam**k exp(-lam) / k!)``, accurate for large ``lam``.

    For ``k >= 10`` Stirling's form is rearranged so that no two terms of size ``k log k``
    cancel: ``k log1p((lam - z)/z) - log(z)/2 + (z - lam) - log(2 pi)/2 - fc(k)``, ``z = k+1``;
    the error stays near ``sqrt(lam)`` ulps instead of ``lam log(lam)`` ulps.
    """
    if k < 10:
        return k * math.log(lam) - lam - _LOG_FACTORIAL[k]
    z = k + 1.0
    return (
        k * math.log1p((lam - z) / z)
        - 0.5 * math.log(z)
        + (z - lam)
        - _HALF_LOG_2PI
        - _stirling_tail(k)
    )


@_shared
def _exp(t: float) -> float:
    """``exp(t)`` that returns ``inf`` on overflow in both forms (Python's ``math.exp`` raises)."""
    if t <= 709.0:
        return math.exp(t)
    if t >= 1420.0:
        return math.inf
    h = math.exp(0.5 * t)
    return h * h  # a float product overflows to inf silently in Python too


@_shared
def _check_finite(x: float) -> None:
    if not (x > -math.inf and x < math.inf):
        raise ValueError("parameter must be finite")


# ---------------------------------------------------------------------------------------------
# Cores: take the validated key and counter words, the slot's base word c3 = slot << 16, and
# the half-open range [it0, it_end) of iterations they may use.


@_shared
def _normal_at(k0: int, k1: int, c0: int, c1: int, c2: int, c3: int) -> float:
    # Box-Muller (1958), cosine branch, from the two U(0,1) doubles of one block. |z| <= 8.57.
    u1, u2 = _pair_open_at(k0, k1, c0, c1, c2, c3)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(_TWO_PI * u2)


@_shared
def _gamma_unit_at(
    k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, it0: int, it_end: int, shape: float
) -> tuple[float, float]:
    """``(g, log_boost)`` with ``g * exp(log_boost) ~ Gamma(shape, 1)``; ``log_boost = 0`` if
    ``shape >= 1``.

    Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS
    26(3): 363-372, with their boost ``Gamma(a) = Gamma(a + 1) * U**(1/a)`` for ``a < 1``
    (returned as a logarithm, so beta can stay in log space). Loop ``j`` uses iterations
    ``it0 + 2j`` (normal by Box-Muller) and ``it0 + 2j + 1`` (first double: the acceptance
    uniform; second double: the boost uniform, independent of everything that decided
    acceptance, so the boost may come from the accepted loop itself).
    """
    boost = shape < 1.0
    d = (shape + 1.0 if boost else shape) - _THIRD
    c = 1.0 / math.sqrt(9.0 * d)
    it = it0
    while it + 1 < it_end:
        x = _normal_at(k0, k1, c0, c1, c2, c3 | it)
        ua, ub = _pair_open_at(k0, k1, c0, c1, c2, c3 | (it + 1))
        it += 2
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        # Also reject v < 1e-300 (so log(v) and d*v stay finite and positive): exact, since
        # there d(1 - v + log v) + x^2/2 < -400 < log(ua) and x^4 > 36 defeats the squeeze.
        if v < 1e-300:
            continue
        x2 = x * x
        if ua < 1.0 - 0.0331 * (x2 * x2) or math.log(ua) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            if boost:
                return d * v, math.log(ub) / shape
            return d * v, 0.0
    raise RuntimeError("gamma: rejection loop exhausted its iterations")


@_shared
def _poisson_inversion(
    k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, it0: int, it_end: int, lam: float
) -> int:
    # Inversion by sequential search (Devroye 1986, X.3.3), lam < 10: one U[0,1) per attempt
    # (first double of iteration it0). Values above lam + 10 sqrt(lam) + 10 (mass < 1e-19,
    # reachable only through rounding) restart at the next iteration, as in NumPy's binomial
    # inversion, so the loop always ends and returns X | X <= bound.
    p0 = math.exp(-lam)
    bound = lam + 10.0 * math.sqrt(lam) + 10.0
    it = it0
    while it < it_end:
        u = _pair01_at(k0, k1, c0, c1, c2, c3 | it)[0]
        it += 1
        x = 0
        p = p0
        while u > p and x <= bound:
            u -= p
            x += 1
            p = p * lam / x
        if x <= bound:
            return x
    raise RuntimeError("poisson: inversion exhausted its iterations")


@_shared
def _poisson_ptrs(
    k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, it0: int, it_end: int, lam: float
) -> int:
    # PTRS, transformed rejection with squeeze: Hörmann (1993), "The transformed rejection
    # method for generating Poisson random variables", Insurance: Mathematics and Economics
    # 12: 39-45; constants as in the paper and NumPy's random_poisson_ptrs. Loop j uses
    # iteration it0 + j: U = first U(0,1) - 1/2, V = second U(0,1). The open uniforms keep
    # us = 0.5 - |U| > 0 and V > 0 (NumPy's [0,1) can divide by zero / take log(0)).
    slam = math.sqrt(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    log_invalpha = math.log(1.1239 + 1.1328 / (b - 3.4))
    vr = 0.9277 - 3.6224 / (b - 2.0)
    it = it0
    while it < it_end:
        u, v = _pair_open_at(k0, k1, c0, c1, c2, c3 | it)
        it += 1
        u -= 0.5
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if math.log(v) + log_invalpha - math.log(a / (us * us) + b) <= _poisson_log_pmf(k, lam):
            return k
    raise RuntimeError("poisson: PTRS exhausted its iterations")


@_shared
def _poisson_at(
    k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, it0: int, it_end: int, lam: float
) -> int:
    if lam == 0.0:
        return 0
    if lam < 10.0:
        return _poisson_inversion(k0, k1, c0, c1, c2, c3, it0, it_end, lam)
    return _poisson_ptrs(k0, k1, c0, c1, c2, c3, it0, it_end, lam)


@_shared
def _binomial_inversion(
    k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, n: int, p: float
) -> int:
    # Inversion by sequential search for p <= 1/2 and n p < 10 (Kachitvichyanukul & Schmeiser
    # 1988, "BINV"; NumPy's random_binomial_inversion): one U[0,1) per attempt, iteration j
    # for attempt j; values above n p + 10 sqrt(n p q + 1) (mass < 1e-19) restart.
    q = 1.0 - p
    qn = math.exp(n * math.log1p(-p))
    np_ = n * p
    bound = np_ + 10.0 * math.sqrt(np_ * q + 1.0)
    if bound > n:
        bound = n * 1.0
    it = 0
    while it < _END:
        u = _pair01_at(k0, k1, c0, c1, c2, c3 | it)[0]
        it += 1
        x = 0
        px = qn
        while u > px and x <= bound:
            u -= px
            x += 1
            px = ((n - x + 1) * p * px) / (x * q)
        if x <= bound:
            return x
    raise RuntimeError("binomial: inversion exhausted its iterations")


@_shared
def _binomial_btrs(k0: int, k1: int, c0: int, c1: int, c2: int, c3: int, n: int, p: float) -> int:
    # BTRS, transformed rejection with squeeze for p <= 1/2 and n p >= 10: Hörmann (1993),
    # "The generation of binomial random variates", J. Statist. Comput. Simul. 46: 101-110
    # (the rejection test is log f(k)/f(m) in Stirling form, fc from _stirling_tail; the same
    # algorithm as TensorFlow's and JAX's binomial samplers). Loop j uses iteration j:
    # U = first U(0,1) - 1/2, V = second U(0,1).
    q = 1.0 - p
    spq = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    vr = 0.92 - 4.2 / b
    r = p / q
    alpha = (2.83 + 5.1 / b) * spq
    m = math.floor((n + 1) * p)
    # The part of log f(k)/f(m) that does not depend on k.
    h = (
        (m + 0.5) * math.log((m + 1) / (r * (n - m + 1)))
        + _stirling_tail(m)
        + _stirling_tail(n - m)
    )
    it = 0
    while it < _END:
        u, v = _pair_open_at(k0, k1, c0, c1, c2, c3 | it)
        it += 1
        u -= 0.5
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or k > n:
            continue
        lv = math.log(v * alpha / (a / (us * us) + b))
        log_ratio = (
            h
            + (n + 1) * math.log((n - m + 1) / (n - k + 1))
            + (k + 0.5) * math.log(r * (n - k + 1) / (k + 1))
            - _stirling_tail(k)
            - _stirling_tail(n - k)
        )
        if lv <= log_ratio:
            return k
    raise RuntimeError("binomial: BTRS exhausted its iterations")


# ---------------------------------------------------------------------------------------------
# Public samplers (pure Python; each has a compiled _nb twin below)


@_shared
def uniform(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, low: float, high: float
) -> float:
    """Uniform on ``[low, high)``: ``low + (high - low) * U`` (``high`` itself is possible
    only through rounding).

    Consumes iteration 0 of ``slot`` (first ``U[0,1)`` double). Monotone in ``U``.
    """
    _check_finite(low)
    _check_finite(high)
    if not low <= high:
        raise ValueError("uniform: need low <= high")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    return low + (high - low) * _pair01_at(k0, k1, c0, c1, c2, c3)[0]


@_shared
def bernoulli(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, p: float
) -> bool:
    """``True`` with probability ``p`` in ``[0, 1]``: ``U < p`` (exact for ``p`` on the
    ``2**-53`` grid).

    Consumes iteration 0 of ``slot`` (first ``U[0,1)`` double). Monotone in ``p``: with common
    random numbers, raising ``p`` can only turn ``False`` into ``True``.
    """
    if not (p >= 0.0 and p <= 1.0):
        raise ValueError("bernoulli: p must be in [0, 1]")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    return _pair01_at(k0, k1, c0, c1, c2, c3)[0] < p


@_shared
def standard_normal(seed: int, run: int, process: int, sector: int, day: int, slot: int) -> float:
    """Standard normal by Box-Muller (Box & Muller 1958, "A note on the generation of random
    normal deviates", Ann. Math. Statist. 29: 610-611): ``sqrt(-2 log U1) cos(2 pi U2)``.

    Consumes iteration 0 of ``slot`` (both ``U(0,1)`` doubles); the sine branch is not used.
    The open uniforms bound ``|z| <= 8.57`` (a tail of mass ~1e-17 is cut).
    """
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    return _normal_at(k0, k1, c0, c1, c2, c3)


@_shared
def normal(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, mean: float, sd: float
) -> float:
    """Normal with ``mean`` and standard deviation ``sd >= 0``: ``mean + sd * z``.

    ``z`` is :func:`standard_normal` at the same coordinates (iteration 0 of ``slot``).
    """
    _check_finite(mean)
    _check_finite(sd)
    if sd < 0.0:
        raise ValueError("normal: sd must be >= 0")
    return mean + sd * standard_normal(seed, run, process, sector, day, slot)


@_shared
def lognormal(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, mu: float, sigma: float
) -> float:
    """Lognormal ``exp(mu + sigma * z)`` (``mu``, ``sigma >= 0``: the log's mean and sd).

    ``z`` is :func:`standard_normal` at the same coordinates (iteration 0 of ``slot``).
    """
    _check_finite(mu)
    _check_finite(sigma)
    if sigma < 0.0:
        raise ValueError("lognormal: sigma must be >= 0")
    return _exp(mu + sigma * standard_normal(seed, run, process, sector, day, slot))


@_shared
def gamma(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, shape: float, scale: float
) -> float:
    """Gamma with ``shape > 0`` and ``scale > 0`` (mean ``shape * scale``).

    Marsaglia & Tsang (2000), ACM TOMS 26(3): 363-372, with the ``shape < 1`` boost
    ``Gamma(a) = Gamma(a + 1) U**(1/a)``. Consumes iterations ``0, 1, 2, ...`` of ``slot``, two
    per rejection loop (about 2.05 blocks per variate; loops < 32768).
    """
    _check_finite(shape)
    _check_finite(scale)
    if not (shape > 0.0 and scale > 0.0):
        raise ValueError("gamma: shape and scale must be > 0")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    g, log_boost = _gamma_unit_at(k0, k1, c0, c1, c2, c3, 0, _END, shape)
    return scale * (g * math.exp(log_boost))


@_shared
def beta(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, a: float, b: float
) -> float:
    """Beta(``a``, ``b``), ``a, b > 0``, as ``X / (X + Y)`` with ``X ~ Gamma(a)``, ``Y ~ Gamma(b)``.

    The ratio is formed from ``log X`` and ``log Y`` so that tiny shapes (whose gammas
    underflow) still give a proper value in ``[0, 1]``. ``X`` uses iterations ``[0, 32768)`` of
    ``slot`` and ``Y`` iterations ``[32768, 65536)`` (see :func:`gamma`).
    """
    _check_finite(a)
    _check_finite(b)
    if not (a > 0.0 and b > 0.0):
        raise ValueError("beta: a and b must be > 0")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    gx, lx = _gamma_unit_at(k0, k1, c0, c1, c2, c3, 0, _HALF, a)
    gy, ly = _gamma_unit_at(k0, k1, c0, c1, c2, c3, _HALF, _END, b)
    lx += math.log(gx)
    ly += math.log(gy)
    # 1 / (1 + Y/X) without overflow: exp only of a non-positive argument.
    if lx >= ly:
        return 1.0 / (1.0 + math.exp(ly - lx))
    e = math.exp(lx - ly)
    return e / (1.0 + e)


@_shared
def poisson(seed: int, run: int, process: int, sector: int, day: int, slot: int, lam: float) -> int:
    """Poisson with mean ``lam`` in ``[0, MAX_POISSON_LAM]``; exact.

    ``lam == 0``: 0, consuming nothing. ``lam < 10``: inversion by sequential search, one
    ``U[0,1)`` (iteration 0 of ``slot``; a further iteration only after a ~1e-19 restart);
    monotone in ``U``. ``lam >= 10``: Hörmann's PTRS transformed rejection (1993, as in NumPy),
    iterations ``0, 1, ...`` of ``slot``, one block per loop (about 1.1 per variate).
    """
    if not (lam >= 0.0 and lam <= MAX_POISSON_LAM):
        raise ValueError("poisson: lam must be in [0, 1e12]")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    return _poisson_at(k0, k1, c0, c1, c2, c3, 0, _END, lam)


@_shared
def negative_binomial(
    seed: int,
    run: int,
    process: int,
    sector: int,
    day: int,
    slot: int,
    mean: float,
    dispersion: float,
) -> int:
    """Negative binomial with ``mean >= 0`` and dispersion ``k > 0``: variance
    ``mean + mean**2 / k``; ``k = inf`` gives the Poisson.

    Gamma-Poisson mixture (Greenwood & Yule 1920): ``lam ~ Gamma(k, mean / k)``, then
    ``Poisson(lam)``. The Poisson uses iterations ``[0, 32768)`` of ``slot`` and the gamma
    ``[32768, 65536)``, so ``k = inf`` returns exactly :func:`poisson` at the same coordinates,
    and a very large ``k`` (``lam`` close to ``mean``) mostly the same value too.
    """
    if not (mean >= 0.0 and mean <= MAX_POISSON_LAM):
        raise ValueError("negative_binomial: mean must be in [0, 1e12]")
    if not dispersion > 0.0:
        raise ValueError("negative_binomial: dispersion must be > 0 (inf for Poisson)")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    if mean == 0.0:
        return 0
    lam = mean
    if dispersion < math.inf:
        g, log_boost = _gamma_unit_at(k0, k1, c0, c1, c2, c3, _HALF, _END, dispersion)
        lam = (mean / dispersion) * (g * math.exp(log_boost))
        if lam > MAX_POISSON_LAM:
            raise ValueError("negative_binomial: gamma mean above 1e12; dispersion too small")
    return _poisson_at(k0, k1, c0, c1, c2, c3, 0, _HALF, lam)


@_shared
def binomial(
    seed: int, run: int, process: int, sector: int, day: int, slot: int, n: int, p: float
) -> int:
    """Binomial with ``n`` in ``[0, MAX_BINOMIAL_N]`` trials of probability ``p`` in ``[0, 1]``;
    exact.

    With ``s = min(p, 1 - p)`` (drawing ``n - X`` when ``p > 1/2``): ``n s < 10``: inversion
    by sequential search (one ``U[0,1)``, iteration 0 of ``slot``; a further one only after a
    ~1e-19 restart); otherwise Hörmann's BTRS transformed rejection (1993), iterations
    ``0, 1, ...`` of ``slot``, one block per loop. ``n == 0``, ``p == 0`` or ``p == 1``
    consume nothing.
    """
    if n < 0 or n > MAX_BINOMIAL_N:
        raise ValueError("binomial: n must be in [0, 2**53)")
    if not (p >= 0.0 and p <= 1.0):
        raise ValueError("binomial: p must be in [0, 1]")
    k0, k1 = seed_key(seed)
    c0, c1, c2, c3 = counter(run, process, sector, day, slot, 0)
    if n == 0 or p == 0.0:
        return 0
    if p == 1.0:
        return n
    flip = p > 0.5
    s = 1.0 - p if flip else p  # exact for p > 1/2 (Sterbenz)
    if n * s < 10.0:
        x = _binomial_inversion(k0, k1, c0, c1, c2, c3, n, s)
    else:
        x = _binomial_btrs(k0, k1, c0, c1, c2, c3, n, s)
    return n - x if flip else x


# ---------------------------------------------------------------------------------------------
# Compiled scalar twins: the same source, compiled.

uniform_nb = _twin(uniform)
"""Compiled twin of :func:`uniform` (Numba ``njit``)."""
bernoulli_nb = _twin(bernoulli)
"""Compiled twin of :func:`bernoulli` (Numba ``njit``)."""
standard_normal_nb = _twin(standard_normal)
"""Compiled twin of :func:`standard_normal` (Numba ``njit``)."""
normal_nb = _twin(normal)
"""Compiled twin of :func:`normal` (Numba ``njit``)."""
lognormal_nb = _twin(lognormal)
"""Compiled twin of :func:`lognormal` (Numba ``njit``)."""
gamma_nb = _twin(gamma)
"""Compiled twin of :func:`gamma` (Numba ``njit``)."""
beta_nb = _twin(beta)
"""Compiled twin of :func:`beta` (Numba ``njit``)."""
poisson_nb = _twin(poisson)
"""Compiled twin of :func:`poisson` (Numba ``njit``)."""
negative_binomial_nb = _twin(negative_binomial)
"""Compiled twin of :func:`negative_binomial` (Numba ``njit``)."""
binomial_nb = _twin(binomial)
"""Compiled twin of :func:`binomial` (Numba ``njit``)."""

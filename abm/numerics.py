"""Numbers that are the same on every CPU, and choices that do not hinge on their last bits.

The same seed must give the same run on any machine (README). Two things stood in the way:

* **numpy picks SIMD code paths at run time by CPU.** Its transcendental functions (``sin``,
  ``cos``, ``power``, ``exp``, ``log``) give results whose last bits differ between a CPU with
  AVX-512, one with AVX2 and an older one. The model's static inputs (distances between forces,
  expected demand) were computed with them. Here they are computed element by element with the C
  library's scalar functions (Python's ``math``), which numpy's CPU dispatch does not touch, and
  snapped to a fine grid (``snap``), so that a last-bit difference in the C library between
  machines does not reach the model either. Everything computed from them afterwards uses the
  four arithmetic operations and ``sqrt``, which IEEE 754 rounds the same way everywhere.
* **Choices between values equal in exact arithmetic.** Buying pay-as-you-go and by subscription
  cost the same when both are priced at full cost (``payg_markup`` = ``subscription_markup`` =
  1); computed by different formulas, the two differ in their last bit, and which one a chief
  chose depended on the CPU (the first divergence found: City of London's major-crime review in
  the first quarter of ``baseline`` seed 1). Every discrete choice on money therefore counts two
  figures within ``MONEY_TOLERANCE_GBP_M`` as equal: an option must beat another by more than it
  to be preferred, and ties go to the first option in the stated order (the option index:
  own, national, then each candidate partner nearest first).

The tolerance is a numerical convention, not a behavioural parameter: a pound a year, far below
anything a chief or a policing body would weigh, and far above the rounding of the sums behind a
score (about 1e-12 GBP m).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

#: Two yearly money figures (GBP m) closer than this are equal: one pound a year.
MONEY_TOLERANCE_GBP_M = 1e-6
#: Decimal places static inputs are snapped to (``snap``): a millionth of a unit (a millimetre of
#: distance in km, a millionth of a use a year). A last-bit difference moves a snapped value only
#: when it lies within that last bit of a grid boundary (about one value in a billion).
SNAP_DECIMALS = 6


@njit(cache=True, inline="always")
def clearly_less(a, b):
    """``a`` is smaller than ``b`` by more than the money tolerance (compiled and Python alike)."""
    return a < b - MONEY_TOLERANCE_GBP_M


@njit(cache=True, inline="always")
def not_negative(a):
    """``a`` is not below zero by more than the money tolerance: a gain of nothing is accepted."""
    return a >= -MONEY_TOLERANCE_GBP_M


def first_best(score: np.ndarray) -> int:
    """Index of the lowest score, the first of those within the money tolerance of it (ties go to
    the lower index). ``score`` must hold at least one finite value."""
    low = float(np.min(score))
    return int(np.flatnonzero(score <= low + MONEY_TOLERANCE_GBP_M)[0])


def first_best_each(score: np.ndarray) -> np.ndarray:
    """``first_best`` along the last axis of an array (rows with no finite value give 0)."""
    low = np.min(score, axis=-1, keepdims=True)
    return np.argmax(score <= low + MONEY_TOLERANCE_GBP_M, axis=-1)


def money_key(value: float) -> int:
    """A sort key for a money figure that is equal for figures within the tolerance of each other
    on a grid (ties then fall to the next key, a force or capability index)."""
    return round(value / MONEY_TOLERANCE_GBP_M)


def snap(values: np.ndarray, decimals: int = SNAP_DECIMALS) -> np.ndarray:
    """Round to ``decimals`` places (multiplication, rounding to an integer and division are
    exact-rounded IEEE operations, the same on every CPU)."""
    return np.round(np.asarray(values, dtype=float), decimals)


def power(base: np.ndarray, exponent: np.ndarray | float) -> np.ndarray:
    """``base ** exponent`` element by element with the C library's scalar ``pow`` (see module
    docstring), broadcasting as numpy does."""
    b, e = np.broadcast_arrays(np.asarray(base, dtype=float), np.asarray(exponent, dtype=float))
    out = np.fromiter((math.pow(x, y) for x, y in zip(b.ravel().tolist(), e.ravel().tolist(), strict=True)),
                      dtype=float, count=b.size)  # fmt: skip
    return out.reshape(b.shape)


def haversine_km(lat: np.ndarray, lon: np.ndarray, radius_km: float) -> np.ndarray:
    """Pairwise great-circle distances (km) between points given in degrees, with the C library's
    scalar trigonometry, snapped to the metre."""
    points = [(math.radians(a), math.radians(b)) for a, b in zip(lat.tolist(), lon.tolist(), strict=True)]
    n = len(points)
    out = np.zeros((n, n))
    for i, (phi_i, lmb_i) in enumerate(points):
        for j, (phi_j, lmb_j) in enumerate(points):
            half_lat, half_lon = math.sin((phi_j - phi_i) / 2), math.sin((lmb_j - lmb_i) / 2)
            a = half_lat * half_lat + math.cos(phi_i) * math.cos(phi_j) * half_lon * half_lon
            out[i, j] = 2 * radius_km * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))
    return snap(out, 3)


def pounds(gbp_m: float, places: int = 2) -> str:
    """A money figure in GBP m as a sentence writes it: "£0.64m", "-£0.64m" (sign before the pound)."""
    return f"{'-' if gbp_m < 0 else ''}£{abs(gbp_m):.{places}f}m"


def money_words(gbp_m: float) -> str:
    """A yearly money figure as the room reads it: "-£0.64m", "+£1.20m" (sign before the pound)."""
    return f"{'-' if gbp_m < 0 else '+'}£{abs(gbp_m):.1f}m"

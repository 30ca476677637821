"""First-order decay at scale: 100 years of disposal for 1,000 sites in one call.

Prints the time of one vectorised :func:`ghgkit.sectors.waste.landfill.fod_ch4_generated` call and its
ratio to the floor: the same number of plain numpy exponentials (one per site and
year, 100,000 here), which any FOD implementation has to evaluate at least once.

Run: ``python benchmarks/bench_fod.py [--sites 1000] [--years 100] [--repeat 7]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ghgkit.sectors.waste.landfill import fod_ch4_generated


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1000)
    ap.add_argument("--years", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)

    rng = np.random.default_rng(0)
    n_s, n_y = args.sites, args.years
    deposits = rng.uniform(0, 50_000, size=(n_s, n_y))          # t/yr per site
    years = np.arange(2025 - n_y, 2025)
    doc = rng.uniform(0.1, 0.2, n_s)
    mcf = rng.choice([1.0, 0.5, 0.8, 0.4, 0.6], n_s)
    k = rng.choice([0.06, 0.09, 0.17, 0.185, 0.4], n_s)
    exponent = -rng.uniform(0, 1, size=(n_s, n_y))

    def fod():
        return fod_ch4_generated(deposits, years, doc, 0.5, mcf, k)

    def floor():
        return np.exp(exponent)

    def cumsum():
        return np.cumsum(deposits, axis=1)

    fod()
    floor()
    t_fod = best_of(fod, args.repeat)
    t_floor = best_of(floor, args.repeat)
    t_cumsum = best_of(cumsum, args.repeat)
    print(f"FOD, {n_s} sites x {n_y} years ({n_s * n_y:,} site-years), one call: "
          f"{t_fod * 1e3:.2f} ms (best of {args.repeat})")
    print(f"floor, {n_s * n_y:,} numpy exponentials: {t_floor * 1e3:.3f} ms")
    print(f"ratio FOD / floor: {t_fod / t_floor:.1f}x")
    print(f"(for scale: one numpy cumulative sum over the same array, which the decay "
          f"needs once, takes {t_cumsum / t_floor:.1f}x the floor)")


if __name__ == "__main__":
    main()

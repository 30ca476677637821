"""Speed of the inventory uncertainty on the demo city (IPCC 2006 Vol. 1 Ch. 3).

The demo city's factor tables carry no low/high ranges, so for the timing every
parameter it uses is given ``<id>_uncertainty_pct = 10`` as a setting (an
illustrative value for the measurement only; the demo city's inputs are not
changed). Prints the time of Approach 1 and of 10,000 Monte Carlo draws, and the
two half-widths side by side.

Run:  python benchmarks/bench_uncertainty.py
"""

from __future__ import annotations

import time
from pathlib import Path

import ghgkit
from ghgkit.inventory_uncertainty import inventory_uncertainty

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx"


def main() -> None:
    act, s = ghgkit.load(DEMO)
    inv = ghgkit.calculate(act, s)
    ids = sorted({i for g in inv.info for i in g["factor_ids"].split(";") if i})
    extra = {f"{i}_uncertainty_pct": "10" for i in ids}
    act, s = ghgkit.load(DEMO, overrides=extra)
    inv = ghgkit.calculate(act, s)
    for method, kw in (("approach1", {}), ("montecarlo", {"draws": 10_000, "seed": 0})):
        t0 = time.perf_counter()
        r = inventory_uncertainty(inv, method, **kw)
        dt = time.perf_counter() - t0
        t = r.totals["co2e_t"]
        print(f"{method:<11} {dt:6.3f} s   total {t['value_t']:,.0f} t CO2e  ± {t['half_width_pct']:.2f} %"
              f"  (covered {t['coverage_share']:.0%}, {len(inv.info)} groups, {len(ids)} parameters)")


if __name__ == "__main__":
    main()

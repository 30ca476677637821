"""Completeness: which BASIC sub-sectors have an amount or a notation key (NK-002, COMP-001)."""

from __future__ import annotations

import numpy as np

from ghgkit.rules.findings import Findings

BASIC_SUBSECTORS = {  # GPC sub-sectors ghgkit computes whose scope 1 / 2 rows count in BASIC
    "I.1": "residential buildings", "I.2": "commercial and institutional buildings",
    "I.3": "manufacturing industries and construction", "I.4": "energy industries",
    "I.5": "agriculture, forestry and fishing", "II.1": "on-road transport", "II.2": "railways",
    "II.3": "waterborne navigation", "II.4": "aviation", "II.5": "off-road transport",
    "III.1": "solid waste disposal", "III.2": "biological treatment of waste",
    "III.3": "incineration and open burning", "III.4": "wastewater",
}


def coverage(gpc, amount, notation_key, findings: Findings) -> float:
    """Record NK-002 / COMP-001 and return the share of BASIC sub-sectors covered [%].

    *gpc*: GPC reference per row (None when unknown); *amount*: floats; *notation_key*: text or None.
    """
    g = np.asarray(gpc, dtype=object)
    has_amount = ~np.isnan(np.asarray(amount, dtype=float))
    has_key = np.array([k is not None for k in notation_key], dtype=bool)
    known = np.array([x is not None for x in g], dtype=bool)
    data = set(g[known & has_amount])
    keyed = set(g[known & ~has_amount & has_key])
    covered = data | keyed
    missing = [ref for ref in BASIC_SUBSECTORS if ref not in covered]
    if len(missing) == 1:
        findings.add("NK-002", f"GPC {missing[0]} ({BASIC_SUBSECTORS[missing[0]]}) has no row: neither an amount "
                               "nor a notation key",
                     hint="use NO or NE: a row for it with NO (not occurring) or NE (not estimated) if there is no "
                          "amount")
    elif missing:
        findings.add("NK-002", f"{len(missing)} BASIC sub-sectors have no row (neither an amount nor a notation "
                               "key): " + "; ".join(f"{ref} {BASIC_SUBSECTORS[ref]}" for ref in missing),
                     hint="use NO or NE: for each, enter the amounts, or a row with notation key NO (not occurring) "
                          "or NE (not estimated)")
    basic = set(BASIC_SUBSECTORS)
    pct = 100.0 * len(covered & basic) / len(BASIC_SUBSECTORS)
    findings.add("COMP-001", f"{len(data & basic)} of {len(BASIC_SUBSECTORS)} BASIC sub-sectors have amounts, "
                             f"{len((keyed - data) & basic)} have notation keys only: {pct:.0f} % covered")
    return round(pct, 1)
